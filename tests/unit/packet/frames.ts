// Builds real packet bytes (Ethernet, VLAN, MPLS, IPv4/IPv6 with extension headers, TCP/UDP/ICMP,
// tunnels) for the packet tests and the import benchmark. Checksums are left zero: no parser here
// or in tshark's default preferences validates them.

export function bytes(...parts: (Uint8Array | number[])[]): Uint8Array {
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export const u16 = (v: number) => [(v >> 8) & 0xff, v & 0xff];
export const u32 = (v: number) => [(v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];

export function ipv4Bytes(text: string): number[] {
  return text.split('.').map(Number);
}

export function ipv6Bytes(text: string): number[] {
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const h = head ? head.split(':').filter(Boolean).map((g) => parseInt(g, 16)) : [];
  const t = tail ? tail.split(':').filter(Boolean).map((g) => parseInt(g, 16)) : [];
  const groups = [...h, ...new Array(8 - h.length - t.length).fill(0), ...t];
  return groups.flatMap((g) => u16(g));
}

export const MAC_A = [0x02, 0, 0, 0, 0, 0x0a];
export const MAC_B = [0x02, 0, 0, 0, 0, 0x0b];

export function ethernet(etherType: number, payload: Uint8Array, src = MAC_A, dst = MAC_B): Uint8Array {
  return bytes(dst, src, u16(etherType), payload);
}

export function vlanTag(vid: number, etherType: number, tpid = 0x8100): { tpid: number; bytes: number[] } {
  return { tpid, bytes: [...u16(vid & 0xfff), ...u16(etherType)] };
}

export function mplsStack(labels: number[], payload: Uint8Array): Uint8Array {
  const entries = labels.flatMap((label, i) => u32(((label << 12) | (i === labels.length - 1 ? 0x100 : 0) | 64) >>> 0));
  return bytes(entries, payload);
}

export interface Ipv4Options {
  protocol: number;
  src: string;
  dst: string;
  tos?: number;
  ttl?: number;
  id?: number;
  moreFragments?: boolean;
  fragmentOffset?: number; // bytes, multiple of 8
  options?: number[]; // raw option bytes, padded to 4
  totalLength?: number; // override
}

export function ipv4(opts: Ipv4Options, payload: Uint8Array): Uint8Array {
  const options = opts.options ?? [];
  const ihl = 5 + Math.ceil(options.length / 4);
  const padded = [...options, ...new Array(ihl * 4 - 20 - options.length).fill(0)];
  const total = opts.totalLength ?? ihl * 4 + payload.length;
  const flagsFrag = (opts.moreFragments ? 0x2000 : 0) | ((opts.fragmentOffset ?? 0) / 8);
  const header = [
    0x40 | ihl, opts.tos ?? 0, ...u16(total), ...u16(opts.id ?? 1), ...u16(flagsFrag),
    opts.ttl ?? 64, opts.protocol, 0, 0, ...ipv4Bytes(opts.src), ...ipv4Bytes(opts.dst), ...padded,
  ];
  return bytes(header, payload);
}

export interface Ipv6Options {
  nextHeader: number;
  src: string;
  dst: string;
  trafficClass?: number;
  flowLabel?: number;
  hopLimit?: number;
}

/** IPv6 header; `payload` already contains any extension headers (use ipv6Extension). */
export function ipv6(opts: Ipv6Options, payload: Uint8Array): Uint8Array {
  const tc = opts.trafficClass ?? 0;
  const w0 = ((6 << 28) | (tc << 20) | (opts.flowLabel ?? 0)) >>> 0;
  return bytes(u32(w0), u16(payload.length), [opts.nextHeader, opts.hopLimit ?? 64], ipv6Bytes(opts.src), ipv6Bytes(opts.dst), payload);
}

/** A generic extension header (hop-by-hop 0, routing 43, destination options 60) of 8·(n) bytes. */
export function ipv6Extension(nextHeader: number, payload: Uint8Array, units = 1): Uint8Array {
  const body = new Array(units * 8 - 2).fill(0);
  body[0] = 1; // PadN option type keeps option parsers happy
  body[1] = units * 8 - 4;
  return bytes([nextHeader, units - 1], body, payload);
}

export function ipv6Fragment(nextHeader: number, offset: number, more: boolean, id: number, payload: Uint8Array): Uint8Array {
  return bytes([nextHeader, 0], u16((offset & 0xfff8) | (more ? 1 : 0)), u32(id), payload);
}

export function tcp(srcPort: number, dstPort: number, flags: number, payload: Uint8Array = new Uint8Array(0), seq = 1): Uint8Array {
  return bytes(u16(srcPort), u16(dstPort), u32(seq), u32(0), [0x50, flags], u16(65535), [0, 0, 0, 0], payload);
}

export function udp(srcPort: number, dstPort: number, payload: Uint8Array = new Uint8Array(0)): Uint8Array {
  return bytes(u16(srcPort), u16(dstPort), u16(8 + payload.length), [0, 0], payload);
}

export function icmp(type: number, code: number, payload: Uint8Array = new Uint8Array(4)): Uint8Array {
  return bytes([type, code, 0, 0], payload);
}

export function vxlan(vni: number, innerFrame: Uint8Array): Uint8Array {
  return bytes([0x08, 0, 0, 0], [(vni >> 16) & 0xff, (vni >> 8) & 0xff, vni & 0xff, 0], innerFrame);
}

export function gre(protocol: number, payload: Uint8Array, key?: number): Uint8Array {
  const flags = key === undefined ? 0 : 0x2000;
  return bytes(u16(flags), u16(protocol), key === undefined ? [] : u32(key), payload);
}

export function linuxSll(protocol: number, payload: Uint8Array): Uint8Array {
  return bytes(u16(0), u16(1), u16(6), [...MAC_A, 0, 0], u16(protocol), payload);
}

export function linuxSll2(protocol: number, payload: Uint8Array): Uint8Array {
  return bytes(u16(protocol), u16(0), u32(3), u16(1), [0, 6], [...MAC_A, 0, 0], payload);
}

export function bsdNull(family: number, payload: Uint8Array, littleEndian = true): Uint8Array {
  const fam = littleEndian ? [family & 0xff, (family >> 8) & 0xff, 0, 0] : u32(family);
  return bytes(fam, payload);
}

export function text(s: string): Uint8Array {
  return new TextEncoder().encode(s);
}

/** A NetFlow v5 datagram with `n` records, input ifIndex 10+i, output 20. */
export function netflowV5(n: number, unixSecs: number, sequence = 0): Uint8Array {
  const header = [...u16(5), ...u16(n), ...u32(60_000), ...u32(unixSecs), ...u32(0), ...u32(sequence), 0, 0, ...u16(0)];
  const records = Array.from({ length: n }, (_, i) => [
    ...ipv4Bytes(`172.16.0.${i + 1}`), ...ipv4Bytes('172.16.1.1'), ...ipv4Bytes('0.0.0.0'), ...u16(10 + i), ...u16(20),
    ...u32(5 + i), ...u32(1000 * (i + 1)), ...u32(50_000), ...u32(59_000), ...u16(40000 + i), ...u16(443), 0, 0x1b, 6, 0,
    ...u16(0), ...u16(0), 24, 24, 0, 0,
  ]).flat();
  return Uint8Array.from([...header, ...records]);
}
