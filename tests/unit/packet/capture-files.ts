// Writes pcap and pcapng files byte by byte (both byte orders, µs/ns, several interfaces,
// if_tsresol, unknown blocks) so the reader tests control every field the formats have.
import { bytes as concat } from './frames.js';

export interface TestPacket {
  data: Uint8Array;
  /** µs since the epoch (integer). */
  timestampUs: number;
  originalLength?: number;
  interfaceId?: number;
}

class ByteWriter {
  private parts: Uint8Array[] = [];
  constructor(private readonly little: boolean) {}
  u8(v: number): this {
    this.parts.push(Uint8Array.of(v & 0xff));
    return this;
  }
  u16(v: number): this {
    const b = new Uint8Array(2);
    new DataView(b.buffer).setUint16(0, v, this.little);
    this.parts.push(b);
    return this;
  }
  u32(v: number): this {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, v >>> 0, this.little);
    this.parts.push(b);
    return this;
  }
  i64(v: bigint): this {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setBigInt64(0, v, this.little);
    this.parts.push(b);
    return this;
  }
  raw(b: Uint8Array): this {
    this.parts.push(b);
    return this;
  }
  pad4(len: number): this {
    const pad = (4 - (len % 4)) % 4;
    if (pad) this.parts.push(new Uint8Array(pad));
    return this;
  }
  bytes(): Uint8Array {
    return concat(...this.parts);
  }
}

export interface PcapOptions {
  linkType: number;
  nanoseconds?: boolean;
  bigEndian?: boolean;
  snapLength?: number;
}

export function writePcap(options: PcapOptions, packets: TestPacket[]): Uint8Array {
  const w = new ByteWriter(!options.bigEndian);
  w.u32(options.nanoseconds ? 0xa1b23c4d : 0xa1b2c3d4).u16(2).u16(4).u32(0).u32(0).u32(options.snapLength ?? 262144).u32(options.linkType);
  for (const p of packets) {
    const sec = Math.floor(p.timestampUs / 1e6);
    const frac = p.timestampUs - sec * 1e6;
    w.u32(sec).u32(options.nanoseconds ? frac * 1000 : frac).u32(p.data.length).u32(p.originalLength ?? p.data.length).raw(p.data);
  }
  return w.bytes();
}

export interface PcapngInterface {
  linkType: number;
  name?: string;
  /** if_tsresol byte: 6 = µs (default), 9 = ns, 0x80|n = 2^-n. */
  tsresol?: number;
  snapLength?: number;
}

function block(little: boolean, type: number, body: Uint8Array): Uint8Array {
  const w = new ByteWriter(little);
  const padded = body.length + ((4 - (body.length % 4)) % 4);
  const length = 12 + padded;
  return w.u32(type).u32(length).raw(body).pad4(body.length).u32(length).bytes();
}

function option(w: ByteWriter, code: number, value: Uint8Array): void {
  w.u16(code).u16(value.length).raw(value).pad4(value.length);
}

function unitsPerSecond(tsresol: number): number {
  return tsresol & 0x80 ? 2 ** (tsresol & 0x7f) : 10 ** tsresol;
}

export interface PcapngOptions {
  bigEndian?: boolean;
  /** Insert an unknown (custom) block after the interfaces. */
  unknownBlock?: boolean;
  /** Write packets of interface 0 as simple packet blocks. */
  simpleBlocks?: boolean;
}

export function pcapngSection(interfaces: PcapngInterface[], packets: TestPacket[], options: PcapngOptions = {}): Uint8Array {
  const little = !options.bigEndian;
  const parts: Uint8Array[] = [];
  const shb = new ByteWriter(little).u32(0x1a2b3c4d).u16(1).u16(0).i64(-1n);
  option(shb, 4, new TextEncoder().encode('netweaver tests'));
  shb.u16(0).u16(0);
  // The SHB type reads the same in both byte orders.
  parts.push(block(little, 0x0a0d0d0a, shb.bytes()));
  for (const iface of interfaces) {
    const w = new ByteWriter(little).u16(iface.linkType).u16(0).u32(iface.snapLength ?? 0);
    if (iface.name) option(w, 2, new TextEncoder().encode(iface.name));
    if (iface.tsresol !== undefined) option(w, 9, Uint8Array.of(iface.tsresol));
    w.u16(0).u16(0);
    parts.push(block(little, 1, w.bytes()));
  }
  if (options.unknownBlock) parts.push(block(little, 0x00000bad, new Uint8Array([1, 2, 3, 4, 5, 6, 7])));
  // An interface statistics block, which readers skip.
  parts.push(block(little, 5, new ByteWriter(little).u32(0).u32(0).u32(0).u16(0).u16(0).bytes()));
  for (const p of packets) {
    const id = p.interfaceId ?? 0;
    if (options.simpleBlocks && id === 0) {
      parts.push(block(little, 3, new ByteWriter(little).u32(p.originalLength ?? p.data.length).raw(p.data).pad4(p.data.length).bytes()));
      continue;
    }
    const units = unitsPerSecond(interfaces[id]!.tsresol ?? 6);
    const ticks = (BigInt(p.timestampUs) * BigInt(units)) / 1_000_000n;
    const w = new ByteWriter(little).u32(id).u32(Number(ticks >> 32n)).u32(Number(ticks & 0xffffffffn)).u32(p.data.length)
      .u32(p.originalLength ?? p.data.length).raw(p.data).pad4(p.data.length);
    parts.push(block(little, 6, w.bytes()));
  }
  return concat(...parts);
}
