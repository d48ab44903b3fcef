// A traffic matrix compiled against a CompactGraph: demands as typed arrays (node indices and
// rates in bit/s) plus an index grouping them by destination, which is how ECMP routes them
// (one reverse SPF per destination carries every source's traffic towards it at once).
//
// Stable API:
//   compileDemands(g, demands, module?) → DemandSet   (throws naming each unknown node)
//   DemandSet.byDst: destinations with demands, and the demand indices for each
import type { CompactGraph } from '../graph/compact-graph.js';
import { TopologyError, type Demand, type TopologyIssue } from '../graph/topology.js';

export interface DemandSet {
  readonly count: number;
  readonly src: Int32Array;
  readonly dst: Int32Array;
  readonly rate: Float64Array;
  readonly ids: readonly string[];
  /** Distinct destinations, and for destinations[i] the demands byDstOrder[byDstOffsets[i] .. byDstOffsets[i+1]-1]. */
  readonly destinations: Int32Array;
  readonly byDstOffsets: Int32Array;
  readonly byDstOrder: Int32Array;
  /** node → position in `destinations`, or -1. */
  readonly destinationSlot: Int32Array;
  readonly totalRate: number;
}

export function compileDemands(g: CompactGraph, demands: readonly Demand[], module = 'demands'): DemandSet {
  const issues: TopologyIssue[] = [];
  const src: number[] = [];
  const dst: number[] = [];
  const rate: number[] = [];
  const ids: string[] = [];
  demands.forEach((d, i) => {
    const s = g.nodeIndex.get(d.src);
    const t = g.nodeIndex.get(d.dst);
    const name = d.id ?? `demand ${i}`;
    if (s === undefined) issues.push({ message: `${name} starts at node "${d.src}", which is not in the topology` });
    if (t === undefined) issues.push({ message: `${name} ends at node "${d.dst}", which is not in the topology` });
    if (!(Number.isFinite(d.rate) && d.rate >= 0)) issues.push({ message: `${name} has rate ${d.rate}; it must be ≥ 0 bit/s` });
    if (s === undefined || t === undefined) return;
    src.push(s); dst.push(t); rate.push(d.rate); ids.push(name);
  });
  if (issues.length) throw new TopologyError(module, issues);
  return demandSetFromArrays(g.nodeCount, Int32Array.from(src), Int32Array.from(dst), Float64Array.from(rate), ids);
}

/** Builds the destination index over demand arrays already in node indices. */
export function demandSetFromArrays(nodeCount: number, src: Int32Array, dst: Int32Array, rate: Float64Array, ids?: readonly string[]): DemandSet {
  const count = src.length;
  const perNode = new Int32Array(nodeCount + 1);
  for (let i = 0; i < count; i++) perNode[dst[i]! + 1]!++;
  const destinationSlot = new Int32Array(nodeCount).fill(-1);
  const destinations: number[] = [];
  for (let v = 0; v < nodeCount; v++) {
    if (perNode[v + 1]! > 0) {
      destinationSlot[v] = destinations.length;
      destinations.push(v);
    }
  }
  const byDstOffsets = new Int32Array(destinations.length + 1);
  destinations.forEach((v, i) => (byDstOffsets[i + 1] = byDstOffsets[i]! + perNode[v + 1]!));
  const cursor = byDstOffsets.slice(0, destinations.length);
  const byDstOrder = new Int32Array(count);
  let totalRate = 0;
  for (let i = 0; i < count; i++) {
    byDstOrder[cursor[destinationSlot[dst[i]!]!]!++] = i;
    totalRate += rate[i]!;
  }
  return {
    count,
    src,
    dst,
    rate,
    ids: ids ?? Array.from({ length: count }, (_, i) => `demand_${i}`),
    destinations: Int32Array.from(destinations),
    byDstOffsets,
    byDstOrder,
    destinationSlot,
    totalRate,
  };
}

/** The same demands with every rate multiplied by `factor` (what-if "scale demands"). */
export function scaleDemandSet(d: DemandSet, factor: number, only?: (index: number) => boolean): DemandSet {
  const rate = Float64Array.from(d.rate, (r, i) => (only && !only(i) ? r : r * factor));
  let totalRate = 0;
  for (let i = 0; i < rate.length; i++) totalRate += rate[i]!;
  return { ...d, rate, totalRate };
}
