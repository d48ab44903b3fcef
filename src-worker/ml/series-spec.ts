// The series an engineer names on the command line or in the UI (`--series SPEC`), and how a
// flow matches it:
//   total                          all flows
//   device=192.0.2.1               everything that exporter reported
//   interface=192.0.2.1:3[:in|out] flows entering (in_if) or leaving (out_if) ifIndex 3; default in
//   link=192.0.2.1:3               the link behind ifIndex 3, measured as its egress (out_if)
//   demand=10.1.0.0/16->10.2.0.0/16 source prefix to destination prefix
// (IPv6 exporters in brackets: link=[2001:db8::1]:3), optionally followed by `,metric=bps|pps|flows` (default bps).
import { parseAddress } from '../flow/address.js';

export type SeriesMetric = 'bps' | 'pps' | 'flows';

export type SeriesSpec =
  | { kind: 'total'; metric: SeriesMetric }
  | { kind: 'device'; exporter: string; metric: SeriesMetric }
  | { kind: 'interface'; exporter: string; ifIndex: number; direction: 'in' | 'out'; metric: SeriesMetric }
  | { kind: 'link'; exporter: string; ifIndex: number; metric: SeriesMetric }
  | { kind: 'demand'; src: Prefix; dst: Prefix; metric: SeriesMetric };

export interface Prefix {
  text: string;
  /** 16-byte network address (IPv4-mapped for IPv4) and prefix length over the 128 bits. */
  bytes: Uint8Array;
  bits: number;
}

export function parsePrefix(text: string): Prefix {
  const [addr, len] = text.split('/');
  const bytes = parseAddress(addr!);
  const v4 = addr!.includes('.') && !addr!.includes(':');
  const max = v4 ? 32 : 128;
  const given = len === undefined ? max : Number(len);
  if (!Number.isInteger(given) || given < 0 || given > max) throw new Error(`series: prefix length in "${text}" must be 0..${max}`);
  return { text, bytes, bits: v4 ? 96 + given : given };
}

export function prefixContains(prefix: Prefix, column: Uint8Array, row: number): boolean {
  const base = row * 16;
  let bits = prefix.bits;
  for (let i = 0; i < 16 && bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if ((column[base + i]! & mask) !== (prefix.bytes[i]! & mask)) return false;
  }
  return true;
}

function exporterAndIf(value: string, spec: string): { exporter: string; ifIndex: number; rest: string[] } {
  // IPv6 exporters go in brackets, as in URLs: [2001:db8::1]:3:in
  const bracket = /^\[([^\]]+)\]:(.*)$/.exec(value);
  const exporter = bracket ? bracket[1]! : value.split(':')[0]!;
  const parts = (bracket ? bracket[2]! : value.split(':').slice(1).join(':')).split(':');
  const ifIndex = parts[0] !== undefined && /^\d+$/.test(parts[0]) ? Number(parts[0]) : NaN;
  if (!exporter || !Number.isInteger(ifIndex)) {
    throw new Error(`series: "${spec}" needs EXPORTER:IFINDEX, e.g. interface=192.0.2.1:3 or interface=[2001:db8::1]:3`);
  }
  parseAddress(exporter);
  return { exporter, ifIndex, rest: parts.slice(1) };
}

export function parseSeriesSpec(text: string): SeriesSpec {
  const [main, ...opts] = text.split(',').map((s) => s.trim());
  let metric: SeriesMetric = 'bps';
  for (const o of opts) {
    const m = /^metric=(bps|pps|flows)$/.exec(o);
    if (!m) throw new Error(`series: unknown option "${o}" in "${text}" (metric=bps|pps|flows)`);
    metric = m[1] as SeriesMetric;
  }
  if (main === 'total') return { kind: 'total', metric };
  const eq = main!.indexOf('=');
  const key = main!.slice(0, eq);
  const value = main!.slice(eq + 1);
  if (eq < 0 || !value) throw new Error(`series: cannot read "${text}"; use total, device=IP, interface=IP:IF[:in|out], link=IP:IF or demand=PREFIX->PREFIX`);
  if (key === 'device') {
    parseAddress(value);
    return { kind: 'device', exporter: value, metric };
  }
  if (key === 'interface' || key === 'link') {
    const { exporter, ifIndex, rest } = exporterAndIf(value, text);
    if (key === 'link') return { kind: 'link', exporter, ifIndex, metric };
    const direction = rest[0] ?? 'in';
    if (direction !== 'in' && direction !== 'out') throw new Error(`series: direction in "${text}" must be in or out`);
    return { kind: 'interface', exporter, ifIndex, direction, metric };
  }
  if (key === 'demand') {
    const [src, dst] = value.split('->');
    if (!src || !dst) throw new Error(`series: "${text}" needs demand=SRC_PREFIX->DST_PREFIX`);
    return { kind: 'demand', src: parsePrefix(src), dst: parsePrefix(dst), metric };
  }
  throw new Error(`series: unknown series kind "${key}" in "${text}"`);
}

export function describeSeriesSpec(spec: SeriesSpec): string {
  const m = spec.metric;
  switch (spec.kind) {
    case 'total':
      return `total ${m}`;
    case 'device':
      return `device ${spec.exporter} ${m}`;
    case 'interface':
      return `interface ${spec.exporter}:${spec.ifIndex} ${spec.direction} ${m}`;
    case 'link':
      return `link ${spec.exporter}:${spec.ifIndex} ${m}`;
    case 'demand':
      return `demand ${spec.src.text}->${spec.dst.text} ${m}`;
  }
}

/**
 * The spec as an expression of the store's flow filter language, so the store can aggregate the
 * series itself (e.g. `exporter = 192.0.2.1 and in_if = 3`); empty for the total.
 */
export function seriesSpecFilter(spec: SeriesSpec): string {
  switch (spec.kind) {
    case 'total':
      return '';
    case 'device':
      return `exporter = ${spec.exporter}`;
    case 'interface':
      return `exporter = ${spec.exporter} and ${spec.direction === 'in' ? 'in_if' : 'out_if'} = ${spec.ifIndex}`;
    case 'link':
      return `exporter = ${spec.exporter} and out_if = ${spec.ifIndex}`;
    case 'demand':
      return `src_addr << ${spec.src.text} and dst_addr << ${spec.dst.text}`;
  }
}
