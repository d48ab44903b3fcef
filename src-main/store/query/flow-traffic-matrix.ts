// Traffic matrix from stored flows: bytes (× sampling rate) entering the network at one edge
// device and leaving at another, averaged over the time range into demands (bit/s) between the
// devices of a stored topology. Works on both backends (one backend-neutral aggregation).
//
// Mapping rule (each flow record is one exporter's view of some traffic):
//   devices     An exporter is the topology node whose id, name or one of whose addresses equals
//               the exporter address. A next hop is "internal" when it is such an address of
//               another device.
//   internal    An interface of device D is internal (faces another device of the network) when
//   interfaces  a topology link leaving D names it ("ifIndex N", or a bare number), or when D's
//               flows leave through it towards an internal next hop (interfaces of a point-to-point
//               link carry both directions, so the same ifIndex is the input of returning traffic).
//   ingress     A record is where its traffic ENTERS the network when it was measured on input
//               (direction ingress or not exported) and its in_if is not an internal interface:
//               its exporter is the ingress device and its volume is the demand's volume. Records
//               whose in_if is internal are the same traffic seen again in transit (reported as
//               transit, not counted twice).
//   egress      Traffic to destination address X leaves the network at the device that hands
//               packets for X to the outside: a record (either direction) whose next hop is not
//               internal, or whose next hop is empty and whose out_if is a known, non-internal
//               interface. When several devices do so for X, the one carrying most bytes to X
//               wins (ECMP/multi-homing resolve to the main exit; the split is not modelled).
//               Keying egress by destination address rather than by correlating 5-tuples across
//               exporters keeps it robust under packet sampling, where ingress and egress rarely
//               sample the same flows.
// Nothing is dropped silently: every record's volume ends up in demands, `transit`, or one of
// the `unmapped` categories (unknown exporter, no input interface, measured only on output,
// no egress seen for the destination, entering and leaving at the same device, or devices the
// topology lacks), each with bytes, flow records and the biggest examples.
//
// Stable API:
//   flowTrafficMatrix(store, topology, { fromUs?, toUs?, filter? }) → FlowTrafficMatrix
//   mapEdgeFlows(topology, groups) → { volumes, transit, unmapped }   (pure, for tests)
import type { Demand, Topology } from '../../../src-worker/graph/topology.js';
import { demandsFromEdgeVolumes, type EdgeVolume } from '../../../src-worker/routing/traffic-matrix.js';
import type { Store } from '../store.js';
import { dimensionValue } from './flow-dimensions.js';
import { flowSource } from './flow-query.js';
import { dialectFor, SqlParams } from './sql-dialect.js';

/** One aggregated group of flow records (what the store query returns). */
export interface EdgeFlowGroup {
  exporter: string;
  inIf: number | null;
  outIf: number | null;
  nextHop: string | null;
  /** 'ingress' | 'egress' | null (not exported). */
  direction: string | number | null;
  dstAddr: string | null;
  /** Sampling-corrected bytes. */
  bytes: number;
  /** Flow records. */
  flows: number;
}

export type UnmappedReason = 'unknown-exporter' | 'no-input-interface' | 'output-only' | 'no-egress' | 'same-device' | 'not-in-topology';

export const UNMAPPED_REASONS: Record<UnmappedReason, string> = {
  'unknown-exporter': 'exporter is not a device of the topology',
  'no-input-interface': 'measured on input but without in_if, so entry cannot be told from transit',
  'output-only': 'measured on output (direction egress); used only to find where destinations leave',
  'no-egress': 'no device was seen handing this destination to the outside',
  'same-device': 'enters and leaves the network at the same device (no demand between devices)',
  'not-in-topology': 'ingress or egress device is not a node of the topology',
};

export interface UnmappedVolume {
  reason: UnmappedReason;
  why: string;
  bytes: number;
  flows: number;
  /** Biggest contributors: "exporter" or "exporter → destination". */
  examples: Array<{ what: string; bytes: number }>;
}

export interface EdgeMapping {
  volumes: EdgeVolume[];
  transit: { bytes: number; flows: number };
  unmapped: UnmappedVolume[];
  /** Bytes that became demands, and their flow records. */
  mapped: { bytes: number; flows: number };
}

function isEmptyHop(hop: string | null): boolean {
  return hop === null || hop === '' || hop === '0.0.0.0' || hop === '::';
}

function ifIndexOf(name: string | undefined): number | null {
  if (name === undefined) return null;
  const m = /^(?:ifIndex\s*)?(\d+)$/i.exec(name.trim());
  return m ? Number(m[1]) : null;
}

/** Address/id/name → node id. */
function deviceLookup(topology: Topology): Map<string, string> {
  const lookup = new Map<string, string>();
  for (const n of topology.nodes) for (const key of [n.id, n.name, ...(n.addresses ?? [])]) if (!lookup.has(key)) lookup.set(key, n.id);
  return lookup;
}

function internalInterfaces(topology: Topology, groups: readonly EdgeFlowGroup[], device: Map<string, string>): Map<string, Set<number>> {
  const out = new Map<string, Set<number>>();
  const add = (node: string, ifIndex: number | null) => {
    if (ifIndex === null) return;
    const set = out.get(node) ?? new Set<number>();
    set.add(ifIndex);
    out.set(node, set);
  };
  for (const l of topology.links) {
    add(l.a, ifIndexOf(l.ab.interface));
    if (l.ba) add(l.b, ifIndexOf(l.ba.interface));
  }
  for (const g of groups) {
    const d = device.get(g.exporter);
    const hop = isEmptyHop(g.nextHop) ? undefined : device.get(g.nextHop!);
    if (d !== undefined && hop !== undefined && hop !== d) add(d, g.outIf);
  }
  return out;
}

class Tally {
  private readonly byReason = new Map<UnmappedReason, { bytes: number; flows: number; examples: Map<string, number> }>();
  add(reason: UnmappedReason, what: string, bytes: number, flows: number): void {
    const t = this.byReason.get(reason) ?? { bytes: 0, flows: 0, examples: new Map<string, number>() };
    t.bytes += bytes;
    t.flows += flows;
    t.examples.set(what, (t.examples.get(what) ?? 0) + bytes);
    this.byReason.set(reason, t);
  }
  list(): UnmappedVolume[] {
    return [...this.byReason.entries()].map(([reason, t]) => ({
      reason,
      why: UNMAPPED_REASONS[reason],
      bytes: t.bytes,
      flows: t.flows,
      examples: [...t.examples.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 10).map(([what, bytes]) => ({ what, bytes })),
    }));
  }
}

/** Where traffic to each destination address leaves the network (most bytes wins). */
function egressByDestination(groups: readonly EdgeFlowGroup[], device: Map<string, string>, internal: Map<string, Set<number>>): Map<string, string> {
  const seen = new Map<string, Map<string, number>>();
  for (const g of groups) {
    const d = device.get(g.exporter);
    if (d === undefined || g.dstAddr === null) continue;
    const hop = isEmptyHop(g.nextHop) ? undefined : device.get(g.nextHop!);
    const leaves = isEmptyHop(g.nextHop) ? g.outIf !== null && g.outIf !== 0 && !internal.get(d)?.has(g.outIf) : hop === undefined || hop === d;
    if (!leaves) continue;
    const per = seen.get(g.dstAddr) ?? new Map<string, number>();
    per.set(d, (per.get(d) ?? 0) + g.bytes);
    seen.set(g.dstAddr, per);
  }
  const out = new Map<string, string>();
  for (const [dst, per] of seen) {
    const best = [...per.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]!;
    out.set(dst, best[0]);
  }
  return out;
}

/** Applies the mapping rule of the banner to aggregated flow groups. */
export function mapEdgeFlows(topology: Topology, groups: readonly EdgeFlowGroup[]): EdgeMapping {
  const device = deviceLookup(topology);
  const internal = internalInterfaces(topology, groups, device);
  const egress = egressByDestination(groups, device, internal);
  const tally = new Tally();
  const volumes = new Map<string, EdgeVolume>();
  const transit = { bytes: 0, flows: 0 };
  const mapped = { bytes: 0, flows: 0 };
  for (const g of groups) {
    const d = device.get(g.exporter);
    if (d === undefined) { tally.add('unknown-exporter', g.exporter, g.bytes, g.flows); continue; }
    if (g.direction === 'egress' || g.direction === 1) { tally.add('output-only', g.exporter, g.bytes, g.flows); continue; }
    if (g.inIf === null || g.inIf === 0) { tally.add('no-input-interface', g.exporter, g.bytes, g.flows); continue; }
    if (internal.get(d)?.has(g.inIf)) { transit.bytes += g.bytes; transit.flows += g.flows; continue; }
    const out = g.dstAddr === null ? undefined : egress.get(g.dstAddr);
    if (out === undefined) { tally.add('no-egress', `${g.exporter} → ${g.dstAddr ?? '?'}`, g.bytes, g.flows); continue; }
    if (out === d) { tally.add('same-device', d, g.bytes, g.flows); continue; }
    const key = `${d}>${out}`;
    const v = volumes.get(key) ?? { ingress: d, egress: out, bytes: 0 };
    v.bytes += g.bytes;
    volumes.set(key, v);
    mapped.bytes += g.bytes;
    mapped.flows += g.flows;
  }
  return { volumes: [...volumes.values()], transit, unmapped: tally.list(), mapped };
}

export interface FlowMatrixQuery {
  /** µs since the epoch, inclusive (default: the earliest flow start among matching flows). */
  fromUs?: number;
  /** µs since the epoch, exclusive (default: the latest flow end among matching flows). */
  toUs?: number;
  /** Flow filter expression (the query language of `netweaver query`). */
  filter?: string;
}

export interface FlowTrafficMatrix extends EdgeMapping {
  demands: Demand[];
  /** The averaging window. */
  fromUs: number;
  toUs: number;
  seconds: number;
  /** All matching flow volume (mapped + transit + unmapped). */
  total: { bytes: number; flows: number };
}

const FAR_FUTURE_US = 4_102_444_800_000_000;

/** Aggregates the stored flows per (exporter, interfaces, next hop, direction, destination). */
export async function edgeFlowGroups(store: Store, range: { fromUs: number; toUs: number; filter?: string }): Promise<EdgeFlowGroup[]> {
  const d = dialectFor(store.kind);
  const p = new SqlParams();
  const dims = ['exporter', 'in_if', 'out_if', 'next_hop', 'direction', 'dst_addr'] as const;
  const src = await flowSource(store, d, range, dims, p);
  const rows = await store.all<Record<string, unknown>>(`WITH s AS (${src.sql}) SELECT ${dims.join(', ')}, sum(vb) AS b, sum(vf) AS n FROM s GROUP BY ${dims.join(', ')}`, p.values);
  return rows.map((r) => ({
    exporter: String(dimensionValue('exporter', r.exporter, d)),
    inIf: r.in_if === null || r.in_if === undefined ? null : Number(r.in_if),
    outIf: r.out_if === null || r.out_if === undefined ? null : Number(r.out_if),
    nextHop: dimensionValue('next_hop', r.next_hop, d) as string | null,
    direction: dimensionValue('direction', r.direction, d),
    dstAddr: dimensionValue('dst_addr', r.dst_addr, d) as string | null,
    bytes: Number(r.b ?? 0),
    flows: Number(r.n ?? 0),
  }));
}

/** The window the matching flows cover, for bounds the caller left open. */
async function flowSpanUs(store: Store, range: { fromUs: number; toUs: number; filter?: string }): Promise<{ fromUs: number; toUs: number } | null> {
  const d = dialectFor(store.kind);
  const p = new SqlParams();
  const src = await flowSource(store, d, range, ['time_start', 'time_end'], p);
  const rows = await store.all<{ lo: unknown; hi: unknown }>(`WITH s AS (${src.sql}) SELECT ${d.epochMs('min(time_start)')} AS lo, ${d.epochMs('max(time_end)')} AS hi FROM s`, p.values);
  const r = rows[0];
  if (!r || r.lo === null || r.hi === null) return null;
  return { fromUs: Number(r.lo) * 1000, toUs: Number(r.hi) * 1000 };
}

export async function flowTrafficMatrix(store: Store, topology: Topology, q: FlowMatrixQuery = {}): Promise<FlowTrafficMatrix> {
  const range = { fromUs: q.fromUs ?? 0, toUs: q.toUs ?? FAR_FUTURE_US, filter: q.filter };
  if (!(range.toUs > range.fromUs)) throw new Error(`traffic-matrix: the time range must end after it starts`);
  const groups = await edgeFlowGroups(store, range);
  if (!groups.length) throw new Error(`traffic-matrix: no stored flows${q.filter ? ` match "${q.filter}"` : ''} in the time range`);
  let fromUs = q.fromUs;
  let toUs = q.toUs;
  if (fromUs === undefined || toUs === undefined) {
    const span = await flowSpanUs(store, range);
    fromUs ??= span?.fromUs ?? range.fromUs;
    toUs ??= span?.toUs ?? range.toUs;
  }
  const seconds = (toUs - fromUs) / 1e6;
  if (!(seconds > 0)) throw new Error(`traffic-matrix: the flows span no time (${seconds} s); give --from and --to to average over`);
  const mapping = mapEdgeFlows(topology, groups);
  const r = demandsFromEdgeVolumes(topology, mapping.volumes, seconds);
  const unmapped = [...mapping.unmapped];
  if (r.unmatched.length) {
    const bytes = r.unmatched.reduce((s, u) => s + u.bytes, 0);
    unmapped.push({ reason: 'not-in-topology', why: UNMAPPED_REASONS['not-in-topology'], bytes, flows: 0, examples: r.unmatched.map((u) => ({ what: `${u.ingress} → ${u.egress}`, bytes: u.bytes })) });
  }
  const total = groups.reduce((s, g) => ({ bytes: s.bytes + g.bytes, flows: s.flows + g.flows }), { bytes: 0, flows: 0 });
  return { ...mapping, unmapped, demands: r.demands, fromUs, toUs, seconds, total };
}
