// Equal-cost multipath: the shortest-path DAG towards a destination and demand routing over it
// with equal splits at every hop (per next-hop arc, so two parallel equal-cost links share
// traffic equally, as routers hash flows across them). Traffic matrix → per-arc load,
// utilisation and maximum link utilisation (MLU).
//
// Stable API (the simulator reuses it):
//   routeDemands(g, demands, options?) → LoadResult        the whole traffic matrix
//   routeTowards(g, t, spf, demands, slot, options, load, scratch) one destination, adds into load
//   ecmpNextHops(g, distTo, u, options, out) → count       next-hop arcs of u towards the SPF root
//   ecmpDag(g, t, options?) → EcmpDag                       next hops of every node towards t
//   ecmpPaths(g, s, t, options?, limit?) → EcmpPath[]       the equal-cost paths and their shares
//   utilisationOf(g, load) / maxUtilisation(g, load)
// Options are the SPF options (weights, arcDown, nodeDown); a node that is down neither sends,
// receives nor forwards: its demands are reported as unrouted.
import type { CompactGraph } from '../graph/compact-graph.js';
import type { DemandSet } from './demand-set.js';
import { dijkstra, SpfWorkspace, type SpfResult } from './dijkstra.js';

export interface RoutingOptions {
  weights?: ArrayLike<number>;
  arcDown?: Uint8Array;
  nodeDown?: Uint8Array;
}

export interface LoadResult {
  /** bit/s per arc. */
  load: Float64Array;
  /** load / capacity per arc; NaN where the capacity is unknown (0). */
  utilisation: Float64Array;
  /** Maximum utilisation over arcs with a known capacity (0 when none), and that arc (-1). */
  mlu: number;
  mluArc: number;
  routedRate: number;
  unroutedRate: number;
  /** Indices (into the DemandSet) of demands with no path, including those at a failed node. */
  unrouted: Int32Array;
}

/** Equal-cost tolerance: relative, so float latency sums that differ only by rounding tie. */
export function isTight(distU: number, viaV: number): boolean {
  return Math.abs(distU - viaV) <= 1e-9 * Math.max(1, distU);
}

/** Next-hop arcs of u on shortest paths towards the root of a reverse SPF; returns how many. */
export function ecmpNextHops(g: CompactGraph, distTo: Float64Array, u: number, options: RoutingOptions, out: Int32Array | number[]): number {
  const du = distTo[u]!;
  if (du === Infinity || du === 0) return 0;
  const w = options.weights ?? g.metric;
  const arcDown = options.arcDown;
  const nodeDown = options.nodeDown;
  let k = 0;
  for (let a = g.offsets[u]!; a < g.offsets[u + 1]!; a++) {
    if (arcDown && arcDown[a]) continue;
    const v = g.head[a]!;
    if (nodeDown && nodeDown[v]) continue;
    const dv = distTo[v]!;
    if (dv === Infinity) continue;
    if (isTight(du, w[a]! + dv)) out[k++] = a;
  }
  return k;
}

/** Scratch buffers for routing many destinations on one graph. */
export class EcmpScratch {
  readonly nodeLoad: Float64Array;
  readonly hops: Int32Array;
  readonly spf: SpfWorkspace;
  constructor(g: CompactGraph) {
    let maxDegree = 0;
    for (let u = 0; u < g.nodeCount; u++) maxDegree = Math.max(maxDegree, g.offsets[u + 1]! - g.offsets[u]!);
    this.nodeLoad = new Float64Array(g.nodeCount);
    this.hops = new Int32Array(maxDegree);
    this.spf = new SpfWorkspace(g.nodeCount);
  }
}

/**
 * Routes the demands towards destination `t` (slot `slot` of the DemandSet) over the ECMP DAG of
 * the reverse SPF `spf`, adding `sign × share` into `load`. Returns the rate that found no path
 * (all of it when t itself is down), and pushes those demand indices into `unrouted` when given.
 */
export function routeTowards(
  g: CompactGraph,
  spf: SpfResult,
  demands: DemandSet,
  slot: number,
  options: RoutingOptions,
  load: Float64Array,
  scratch: EcmpScratch,
  sign = 1,
  unrouted?: number[],
): number {
  const distTo = spf.dist;
  const nodeLoad = scratch.nodeLoad;
  const hops = scratch.hops;
  const t = demands.destinations[slot]!;
  const targetDown = options.nodeDown !== undefined && options.nodeDown[t] === 1;
  let lost = 0;
  for (let i = demands.byDstOffsets[slot]!; i < demands.byDstOffsets[slot + 1]!; i++) {
    const d = demands.byDstOrder[i]!;
    const s = demands.src[d]!;
    const r = demands.rate[d]!;
    if (s === t) continue;
    if (targetDown || distTo[s] === Infinity || (options.nodeDown && options.nodeDown[s])) {
      lost += r;
      unrouted?.push(d);
      continue;
    }
    nodeLoad[s]! += r;
  }
  // Farthest first: every node's traffic is complete before it is split to closer nodes.
  for (let i = spf.settled - 1; i > 0; i--) {
    const u = spf.order[i]!;
    const carried = nodeLoad[u]!;
    if (carried === 0) continue;
    nodeLoad[u] = 0;
    const k = ecmpNextHops(g, distTo, u, options, hops);
    const share = carried / k;
    const signed = sign * share;
    for (let j = 0; j < k; j++) {
      const a = hops[j]!;
      load[a]! += signed;
      nodeLoad[g.head[a]!]! += share;
    }
  }
  nodeLoad[t] = 0;
  return lost;
}

/** Reverse SPF towards t honouring the routing options. */
export function spfTowards(g: CompactGraph, t: number, options: RoutingOptions, workspace?: SpfWorkspace, out?: SpfResult): SpfResult {
  return dijkstra(g, t, { weights: options.weights, arcDown: options.arcDown, nodeDown: options.nodeDown, direction: 'in' }, workspace, out);
}

/** Routes the whole traffic matrix over ECMP shortest paths. */
export function routeDemands(g: CompactGraph, demands: DemandSet, options: RoutingOptions = {}, scratch = new EcmpScratch(g)): LoadResult {
  const load = new Float64Array(g.arcCount);
  const unrouted: number[] = [];
  let lost = 0;
  for (let slot = 0; slot < demands.destinations.length; slot++) {
    const spf = spfTowards(g, demands.destinations[slot]!, options, scratch.spf);
    lost += routeTowards(g, spf, demands, slot, options, load, scratch, 1, unrouted);
  }
  return finishLoads(g, load, demands, lost, unrouted);
}

export function finishLoads(g: CompactGraph, load: Float64Array, demands: DemandSet, lost: number, unrouted: number[]): LoadResult {
  const utilisation = utilisationOf(g, load);
  const { mlu, arc } = maxUtilisation(utilisation);
  unrouted.sort((a, b) => a - b);
  return { load, utilisation, mlu, mluArc: arc, routedRate: demands.totalRate - lost, unroutedRate: lost, unrouted: Int32Array.from(unrouted) };
}

export function utilisationOf(g: CompactGraph, load: Float64Array, capacity: ArrayLike<number> = g.capacity): Float64Array {
  const u = new Float64Array(load.length);
  for (let a = 0; a < load.length; a++) {
    const c = capacity[a]!;
    // Loads built by adding and subtracting shares leave ±1e-9 residue; clamp it to 0.
    const l = Math.abs(load[a]!) < 1e-6 ? 0 : load[a]!;
    u[a] = c > 0 ? l / c : NaN;
  }
  return u;
}

export function maxUtilisation(utilisation: Float64Array, arcDown?: Uint8Array): { mlu: number; arc: number } {
  let mlu = 0;
  let arc = -1;
  for (let a = 0; a < utilisation.length; a++) {
    const u = utilisation[a]!;
    if (arcDown && arcDown[a]) continue;
    if (u > mlu) { mlu = u; arc = a; }
  }
  return { mlu, arc };
}

/** Every node's ECMP next hops towards t, in CSR form. */
export interface EcmpDag {
  target: number;
  distTo: Float64Array;
  offsets: Int32Array;
  arcs: Int32Array;
}

export function ecmpDag(g: CompactGraph, t: number, options: RoutingOptions = {}, spf?: SpfResult): EcmpDag {
  const tree = spf ?? spfTowards(g, t, options);
  const offsets = new Int32Array(g.nodeCount + 1);
  const arcs: number[] = [];
  const hops = new Int32Array(Math.max(1, g.arcCount));
  for (let u = 0; u < g.nodeCount; u++) {
    const k = ecmpNextHops(g, tree.dist, u, options, hops);
    for (let j = 0; j < k; j++) arcs.push(hops[j]!);
    offsets[u + 1] = arcs.length;
  }
  return { target: t, distTo: tree.dist, offsets, arcs: Int32Array.from(arcs) };
}

export interface EcmpPath {
  /** Arc indices in travel order. */
  arcs: number[];
  /** Share of the s→t traffic on this path (product of the equal splits). */
  share: number;
  cost: number;
}

/** The equal-cost paths s→t with their traffic shares, at most `limit` of them (largest first). */
export function ecmpPaths(g: CompactGraph, s: number, t: number, options: RoutingOptions = {}, limit = 64, dag = ecmpDag(g, t, options)): EcmpPath[] {
  const out: EcmpPath[] = [];
  if (s === t || dag.distTo[s] === Infinity) return out;
  const stack: { u: number; arcs: number[]; share: number }[] = [{ u: s, arcs: [], share: 1 }];
  while (stack.length && out.length < limit) {
    const { u, arcs, share } = stack.pop()!;
    if (u === t) {
      out.push({ arcs, share, cost: dag.distTo[s]! });
      continue;
    }
    const from = dag.offsets[u]!;
    const to = dag.offsets[u + 1]!;
    for (let i = to - 1; i >= from; i--) {
      const a = dag.arcs[i]!;
      stack.push({ u: g.head[a]!, arcs: [...arcs, a], share: share / (to - from) });
    }
  }
  return out.sort((x, y) => y.share - x.share);
}
