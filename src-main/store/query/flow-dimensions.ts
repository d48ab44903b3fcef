// Dimensions a flow query may group by, and how a stored value becomes the JSON value users see
// (addresses as text, protocol and source as names).
import { FLOW_SOURCES } from '../../../src-worker/flow/record.js';
import { PROTOCOL_NUMBERS } from '../filter/filter-fields.js';
import type { FlowColumn } from '../flows/flow-columns.js';
import type { SqlDialect } from './sql-dialect.js';

export const FLOW_DIMENSIONS = [
  'src_addr', 'dst_addr', 'exporter', 'next_hop', 'src_port', 'dst_port', 'protocol', 'in_if', 'out_if', 'direction',
  'tcp_flags', 'tos', 'vlan', 'src_as', 'dst_as', 'source', 'sampling_rate',
] as const satisfies readonly FlowColumn[];
export type FlowDimension = (typeof FLOW_DIMENSIONS)[number];

/** Dimensions the 1 min / 5 min / 1 h rollups keep (no ports, no addresses but the exporter). */
export const ROLLUP_DIMENSIONS = new Set<string>(['exporter', 'source', 'protocol', 'in_if', 'out_if', 'direction', 'src_as', 'dst_as', 'vlan', 'sampling_rate']);

const PROTOCOL_NAMES = new Map<number, string>();
for (const [name, n] of Object.entries(PROTOCOL_NUMBERS)) if (!PROTOCOL_NAMES.has(n)) PROTOCOL_NAMES.set(n, name);

export type DimensionValue = string | number | null;

export function dimensionValue(dim: FlowDimension, raw: unknown, d: SqlDialect): DimensionValue {
  if (raw === null || raw === undefined) return null;
  switch (dim) {
    case 'src_addr': case 'dst_addr': case 'exporter': case 'next_hop':
      return d.addressText(raw);
    case 'protocol': return PROTOCOL_NAMES.get(Number(raw)) ?? Number(raw);
    case 'source': return FLOW_SOURCES[Number(raw)] ?? Number(raw);
    case 'direction': return Number(raw) === 0 ? 'ingress' : Number(raw) === 1 ? 'egress' : Number(raw);
    default: return Number(raw);
  }
}

export function isFlowDimension(name: string): name is FlowDimension {
  return (FLOW_DIMENSIONS as readonly string[]).includes(name);
}
