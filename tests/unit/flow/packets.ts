// Builders for NetFlow v1/v5/v7, v9, IPFIX and sFlow v5 packets used by the unit tests, the
// fuzz test and the decode benchmark. They write the wire formats from the RFCs / sflow.org
// spec byte by byte, independently of the decoders.
import { parseAddress } from '../../../src-worker/flow/address.js';

export class ByteWriter {
  private buf = new Uint8Array(256);
  private dv = new DataView(this.buf.buffer);
  length = 0;

  private room(n: number): void {
    if (this.length + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.length + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf);
    this.buf = next;
    this.dv = new DataView(next.buffer);
  }
  u8(v: number): this { this.room(1); this.buf[this.length++] = v & 0xff; return this; }
  u16(v: number): this { this.room(2); this.dv.setUint16(this.length, v & 0xffff); this.length += 2; return this; }
  u32(v: number): this { this.room(4); this.dv.setUint32(this.length, v >>> 0); this.length += 4; return this; }
  u64(v: number): this { this.u32(Math.floor(v / 4294967296)); return this.u32(v % 4294967296); }
  bytes(b: ArrayLike<number>): this { this.room(b.length); this.buf.set(b, this.length); this.length += b.length; return this; }
  zeros(n: number): this { this.room(n); this.buf.fill(0, this.length, this.length + n); this.length += n; return this; }
  ipv4(text: string): this { return this.bytes(parseAddress(text).subarray(12)); }
  ipv6(text: string): this { return this.bytes(parseAddress(text)); }
  patchU16(at: number, v: number): this { this.dv.setUint16(at, v); return this; }
  patchU32(at: number, v: number): this { this.dv.setUint32(at, v >>> 0); return this; }
  finish(): Uint8Array { return this.buf.slice(0, this.length); }
}

export const UNIX_SECS = 1_700_000_000;
export const SYS_UPTIME_MS = 3_600_000;

/** Flow i of a deterministic traffic pattern. */
export function flowN(i: number) {
  return {
    src: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
    dst: `192.0.2.${(i * 7) & 255}`,
    srcPort: 1024 + (i % 60000),
    dstPort: [80, 443, 53, 22][i % 4]!,
    protocol: i % 4 === 2 ? 17 : 6,
    packets: 1 + (i % 100),
    bytes: 64 * (1 + (i % 100)) + i,
    firstMs: SYS_UPTIME_MS - 10_000 - (i % 5000),
    lastMs: SYS_UPTIME_MS - 1000 - (i % 500),
    inIf: 1 + (i % 8),
    outIf: 9 + (i % 8),
    tos: (i % 8) << 5,
    tcpFlags: i % 4 === 2 ? 0 : 0x1b,
    srcAs: 64500 + (i % 10),
    dstAs: 64510 + (i % 10),
    nextHop: '198.51.100.1',
  };
}

export function netflowV5Packet(version: 1 | 5 | 7 = 5, opts: { count?: number; sequence?: number; samplingInterval?: number; first?: number } = {}): Uint8Array {
  const count = opts.count ?? (version === 5 ? 30 : version === 7 ? 28 : 24);
  const w = new ByteWriter();
  w.u16(version).u16(count).u32(SYS_UPTIME_MS).u32(UNIX_SECS).u32(500_000_000);
  if (version === 5) w.u32(opts.sequence ?? 0).u8(0).u8(1).u16(opts.samplingInterval ? 0x4000 | opts.samplingInterval : 0);
  if (version === 7) w.u32(opts.sequence ?? 0).u32(0);
  for (let k = 0; k < count; k++) {
    const f = flowN((opts.first ?? 0) + k);
    w.ipv4(f.src).ipv4(f.dst).ipv4(f.nextHop).u16(f.inIf).u16(f.outIf).u32(f.packets).u32(f.bytes).u32(f.firstMs).u32(f.lastMs).u16(f.srcPort).u16(f.dstPort);
    if (version === 1) w.u16(0).u8(f.protocol).u8(f.tos).u8(f.tcpFlags).zeros(7);
    else if (version === 5) w.u8(0).u8(f.tcpFlags).u8(f.protocol).u8(f.tos).u16(f.srcAs).u16(f.dstAs).u8(24).u8(24).u16(0);
    else w.u8(0).u8(f.tcpFlags).u8(f.protocol).u8(f.tos).u16(f.srcAs).u16(f.dstAs).u8(24).u8(24).u16(0).u32(0);
  }
  return w.finish();
}

/** [element id, length, enterprise number?] */
export type FieldSpec = [number, number, number?];

/** The template the v9/IPFIX builders use for plain flows. */
export const FLOW_FIELDS_V9: FieldSpec[] = [[8, 4], [12, 4], [7, 2], [11, 2], [4, 1], [1, 4], [2, 4], [22, 4], [21, 4], [10, 2], [14, 2], [6, 1], [5, 1], [16, 2], [17, 2], [15, 4]];
export const FLOW_FIELDS_IPFIX: FieldSpec[] = [[8, 4], [12, 4], [7, 2], [11, 2], [4, 1], [1, 8], [2, 8], [152, 8], [153, 8], [10, 4], [14, 4], [6, 2], [5, 1], [16, 4], [17, 4], [15, 4]];

/** Writes flow i's value for one field (the ids the flow templates above use). */
export function writeFlowField(w: ByteWriter, id: number, len: number, i: number): void {
  const f = flowN(i);
  const n = (v: number) => (len === 1 ? w.u8(v) : len === 2 ? w.u16(v) : len === 4 ? w.u32(v) : w.u64(v));
  switch (id) {
    case 8: w.ipv4(f.src); break;
    case 12: w.ipv4(f.dst); break;
    case 15: w.ipv4(f.nextHop); break;
    case 7: n(f.srcPort); break;
    case 11: n(f.dstPort); break;
    case 4: n(f.protocol); break;
    case 1: n(f.bytes); break;
    case 2: n(f.packets); break;
    case 22: n(f.firstMs); break;
    case 21: n(f.lastMs); break;
    case 152: n((UNIX_SECS - 10) * 1000 + (i % 1000)); break;
    case 153: n((UNIX_SECS - 1) * 1000 + (i % 1000)); break;
    case 10: n(f.inIf); break;
    case 14: n(f.outIf); break;
    case 6: n(f.tcpFlags); break;
    case 5: n(f.tos); break;
    case 16: n(f.srcAs); break;
    case 17: n(f.dstAs); break;
    default: w.zeros(len);
  }
}

export interface SetSpec { id: number; body: Uint8Array }

export function templateRecord(version: 9 | 10, id: number, fields: FieldSpec[], scopeCount = 0): Uint8Array {
  const w = new ByteWriter();
  if (version === 9 && scopeCount > 0) {
    w.u16(id).u16(scopeCount * 4).u16((fields.length - scopeCount) * 4);
  } else {
    w.u16(id).u16(fields.length);
    if (scopeCount > 0) w.u16(scopeCount);
  }
  for (const [ie, len, pen] of fields) {
    if (version === 10 && pen) w.u16(ie | 0x8000).u16(len).u32(pen);
    else w.u16(ie).u16(len);
  }
  return w.finish();
}

export function flowRecords(fields: FieldSpec[], first: number, count: number): Uint8Array {
  const w = new ByteWriter();
  for (let i = first; i < first + count; i++) for (const [id, len] of fields) writeFlowField(w, id, len, i);
  return w.finish();
}

export function setOf(id: number, ...parts: Uint8Array[]): SetSpec {
  const w = new ByteWriter();
  for (const p of parts) w.bytes(p);
  return { id, body: w.finish() };
}

export function v9Message(sets: SetSpec[], opts: { sourceId?: number; sequence?: number; sysUptime?: number } = {}): Uint8Array {
  const w = new ByteWriter();
  w.u16(9).u16(sets.length).u32(opts.sysUptime ?? SYS_UPTIME_MS).u32(UNIX_SECS).u32(opts.sequence ?? 0).u32(opts.sourceId ?? 0);
  for (const s of sets) w.u16(s.id).u16(4 + s.body.length).bytes(s.body);
  return w.finish();
}

export function ipfixMessage(sets: SetSpec[], opts: { domain?: number; sequence?: number; exportSecs?: number } = {}): Uint8Array {
  const w = new ByteWriter();
  w.u16(10).u16(0).u32(opts.exportSecs ?? UNIX_SECS).u32(opts.sequence ?? 0).u32(opts.domain ?? 0);
  for (const s of sets) w.u16(s.id).u16(4 + s.body.length).bytes(s.body);
  w.patchU16(2, w.length);
  return w.finish();
}

/** A v9 packet with the flow template (256) and `count` flows. */
export function netflowV9Packet(count = 20, first = 0): Uint8Array {
  return v9Message([setOf(0, templateRecord(9, 256, FLOW_FIELDS_V9)), setOf(256, flowRecords(FLOW_FIELDS_V9, first, count))]);
}

/** An IPFIX packet with a template and data; variants exercise biflows and variable-length fields. */
export function ipfixPacket(opts: { count?: number; first?: number; biflow?: boolean; variable?: boolean; templateOnly?: boolean; dataOnly?: boolean } = {}): Uint8Array {
  const count = opts.count ?? 20;
  const fields: FieldSpec[] = [...FLOW_FIELDS_IPFIX];
  if (opts.biflow) fields.push([1, 8, 29305], [2, 8, 29305]);
  if (opts.variable) fields.push([82, 65535]);
  const w = new ByteWriter();
  for (let i = opts.first ?? 0; i < (opts.first ?? 0) + count; i++) {
    for (const [id, len, pen] of fields) {
      if (pen === 29305) w.u64(id === 1 ? 1000 + i : 10 + (i % 5));
      else if (len === 65535) {
        const name = new TextEncoder().encode(`eth${i % 3}`);
        w.u8(name.length).bytes(name);
      } else writeFlowField(w, id, len, i);
    }
  }
  const sets: SetSpec[] = [];
  if (!opts.dataOnly) sets.push(setOf(2, templateRecord(10, 300, fields)));
  if (!opts.templateOnly) sets.push(setOf(300, w.finish()));
  return ipfixMessage(sets);
}

/** Ethernet/802.1Q/IPv4/TCP frame: the raw header an sFlow agent samples. */
export function ethernetTcpFrame(src: string, dst: string, sport: number, dport: number, vlan = 100, totalLength = 1500): Uint8Array {
  const w = new ByteWriter();
  w.bytes([0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 6]).u16(0x8100).u16(vlan).u16(0x0800);
  w.u8(0x45).u8(0).u16(totalLength - 18).u16(1).u16(0x4000).u8(64).u8(6).u16(0).ipv4(src).ipv4(dst);
  w.u16(sport).u16(dport).u32(1).u32(0).u8(0x50).u8(0x18).u16(65535).u16(0).u16(0);
  return w.finish();
}

/** VXLAN-encapsulated Ethernet/IPv4/UDP inside an outer Ethernet/IPv4/UDP:4789. */
export function vxlanFrame(innerSrc: string, innerDst: string, sport: number, dport: number): Uint8Array {
  const inner = new ByteWriter();
  inner.bytes([0, 9, 9, 9, 9, 9, 0, 8, 8, 8, 8, 8]).u16(0x0800);
  inner.u8(0x45).u8(0).u16(28).u16(1).u16(0).u8(64).u8(17).u16(0).ipv4(innerSrc).ipv4(innerDst);
  inner.u16(sport).u16(dport).u16(8).u16(0);
  const innerBytes = inner.finish();
  const w = new ByteWriter();
  w.bytes([0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 6]).u16(0x0800);
  w.u8(0x45).u8(0).u16(20 + 8 + 8 + innerBytes.length).u16(1).u16(0).u8(64).u8(17).u16(0).ipv4('203.0.113.1').ipv4('203.0.113.2');
  w.u16(54321).u16(4789).u16(8 + 8 + innerBytes.length).u16(0);
  w.u32(0x08000000).u32(5001 << 8);
  w.bytes(innerBytes);
  return w.finish();
}

export interface SflowFlowSampleSpec { frame: Uint8Array; rate?: number; input?: number; output?: number; frameLength?: number; expanded?: boolean; sequence?: number }

function flowSample(w: ByteWriter, s: SflowFlowSampleSpec, i: number): void {
  const body = new ByteWriter();
  const rate = s.rate ?? 512;
  if (s.expanded) body.u32(s.sequence ?? i).u32(0).u32(7).u32(rate).u32(1000 * (i + 1)).u32(0).u32(0).u32(s.input ?? 3).u32(0).u32(s.output ?? 4).u32(2);
  else body.u32(s.sequence ?? i).u32(7).u32(rate).u32(1000 * (i + 1)).u32(0).u32(s.input ?? 3).u32(s.output ?? 4).u32(2);
  const padded = (s.frame.length + 3) & ~3;
  body.u32(1).u32(16 + padded).u32(1).u32(s.frameLength ?? s.frame.length + 4).u32(4).u32(s.frame.length).bytes(s.frame).zeros(padded - s.frame.length);
  body.u32(1001).u32(16).u32(100).u32(0).u32(200).u32(0);
  const b = body.finish();
  w.u32(s.expanded ? 3 : 1).u32(b.length).bytes(b);
}

function counterSample(w: ByteWriter, ifIndex: number, seq: number): void {
  const body = new ByteWriter();
  body.u32(seq).u32(ifIndex).u32(2);
  body.u32(1).u32(88).u32(ifIndex).u32(6).u64(10_000_000_000).u32(1).u32(3)
    .u64(123_456_789_012).u32(1000).u32(20).u32(30).u32(4).u32(5).u32(6)
    .u64(98_765_432_109).u32(2000).u32(40).u32(50).u32(7).u32(8).u32(0);
  body.u32(2).u32(52);
  for (let k = 0; k < 13; k++) body.u32(k);
  const b = body.finish();
  w.u32(2).u32(b.length).bytes(b);
}

/** An sFlow v5 datagram: flow samples (raw headers) then counter samples. */
export function sflowPacket(opts: { flows?: SflowFlowSampleSpec[]; counters?: number[]; sequence?: number; agent?: string; discard?: boolean } = {}): Uint8Array {
  const flows = opts.flows ?? [
    { frame: ethernetTcpFrame('10.1.1.1', '10.2.2.2', 40000, 443) },
    { frame: vxlanFrame('172.16.0.1', '172.16.0.2', 5353, 53), expanded: true },
  ];
  const counters = opts.counters ?? [7];
  const w = new ByteWriter();
  w.u32(5).u32(1).ipv4(opts.agent ?? '192.0.2.50').u32(0).u32(opts.sequence ?? 1).u32(123456).u32(flows.length + counters.length + (opts.discard ? 1 : 0));
  flows.forEach((f, i) => flowSample(w, f, i));
  counters.forEach((c, i) => counterSample(w, c, i + 1));
  if (opts.discard) {
    const body = new ByteWriter().u32(1).u32(0).u32(7).u32(3).u32(7).u32(0).u32(262).u32(0).finish();
    w.u32(5).u32(body.length).bytes(body);
  }
  return w.finish();
}
