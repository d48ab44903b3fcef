// Constrained path computation, as a PCE would: avoid links, nodes and SRLGs, cap hops, and bound
// end-to-end latency while minimising the chosen cost. With a latency bound the problem is the
// NP-hard restricted shortest path; we first prove feasibility with the lowest-latency path, then
// enumerate paths in cost order (Yen) until one meets the bound (exact, up to `maxCandidates`),
// and otherwise fall back to LARAC's Lagrangian answer, flagged as not proven optimal.
//
// Stable API:
//   constrainedPath(g, s, t, constraints, weights?) → ConstrainedPathResult
import type { CompactGraph } from '../graph/compact-graph.js';
import { failureMasks, type Failure } from './failures.js';
import { kShortestPaths, shortestPath, type Path } from './yen.js';

export interface PathConstraints {
  avoidLinks?: string[];
  avoidNodes?: string[];
  avoidSrlgs?: string[];
  /** Upper bound on the path's total latency, ms. */
  maxLatency?: number;
  maxHops?: number;
  /** How many cost-ordered paths to try for a latency bound before LARAC (default 64). */
  maxCandidates?: number;
}

export interface ConstrainedPathResult {
  path: Path | null;
  /** True when the path is proven cheapest under the constraints. */
  optimal: boolean;
  /** Why there is no path, in an engineer's words. */
  reason?: string;
}

export function constraintMasks(g: CompactGraph, c: PathConstraints): { arcDown: Uint8Array; nodeDown: Uint8Array } {
  const avoid: Failure[] = [
    ...(c.avoidLinks ?? []).map((id): Failure => (id.includes(':') && !g.linkIds.includes(id) ? { kind: 'link', id, a: id.split(':')[0], b: id.split(':')[1] } : { kind: 'link', id })),
    ...(c.avoidNodes ?? []).map((id): Failure => ({ kind: 'node', id })),
    ...(c.avoidSrlgs ?? []).map((id): Failure => ({ kind: 'srlg', id })),
  ];
  const m = failureMasks(g, avoid);
  return { arcDown: m.arcDown, nodeDown: m.nodeDown };
}

export function constrainedPath(g: CompactGraph, s: number, t: number, c: PathConstraints, weights: ArrayLike<number> = g.metric): ConstrainedPathResult {
  const masks = constraintMasks(g, c);
  if (masks.nodeDown[s] || masks.nodeDown[t]) return { path: null, optimal: true, reason: 'the source or destination is among the avoided nodes' };
  const base = { ...masks, maxHops: c.maxHops };
  const cheapest = shortestPath(g, s, t, { ...base, weights });
  if (!cheapest) return { path: null, optimal: true, reason: c.maxHops ? `no path within ${c.maxHops} hops avoiding what was asked` : 'no path avoiding what was asked' };
  const bound = c.maxLatency;
  if (bound === undefined) return { path: cheapest, optimal: true };
  const latencyOf = (p: Path) => p.arcs.reduce((sum, a) => sum + g.latency[a]!, 0);
  if (latencyOf(cheapest) <= bound) return { path: cheapest, optimal: true };
  const fastest = shortestPath(g, s, t, { ...base, weights: latencyWeights(g) });
  const fastestLatency = fastest ? latencyOf(fastest) : Infinity;
  if (!fastest || fastestLatency > bound) {
    return { path: null, optimal: true, reason: `the lowest-latency path takes ${fastestLatency.toFixed(3)} ms, more than the ${bound} ms allowed` };
  }
  const candidates = kShortestPaths(g, s, t, { ...base, weights, k: c.maxCandidates ?? 64 });
  const first = candidates.find((p) => latencyOf(p) <= bound);
  if (first) return { path: first, optimal: true };
  return { path: larac(g, s, t, base, weights, bound, cheapest, fastest), optimal: false };
}

function latencyWeights(g: CompactGraph): Float64Array {
  // Tiny floor so zero-latency arcs still count as hops and ties break towards fewer hops.
  return Float64Array.from(g.latency, (l) => l + 1e-9);
}

/** LARAC (Jüttner et al.): Lagrangian relaxation between the cheapest and the fastest path. */
function larac(
  g: CompactGraph,
  s: number,
  t: number,
  base: { arcDown: Uint8Array; nodeDown: Uint8Array; maxHops?: number },
  weights: ArrayLike<number>,
  bound: number,
  cheapest: Path,
  fastest: Path,
): Path {
  const cost = (p: Path) => p.arcs.reduce((sum, a) => sum + weights[a]!, 0);
  const lat = (p: Path) => p.arcs.reduce((sum, a) => sum + g.latency[a]!, 0);
  let pc = cheapest;
  let pd = fastest;
  for (let iter = 0; iter < 64; iter++) {
    const dl = lat(pc) - lat(pd);
    if (dl <= 0) break;
    const lambda = (cost(pd) - cost(pc)) / dl;
    const mixed = Float64Array.from({ length: g.arcCount }, (_, a) => weights[a]! + lambda * g.latency[a]! + 1e-12);
    const r = shortestPath(g, s, t, { ...base, weights: mixed });
    if (!r) break;
    const mix = (p: Path) => cost(p) + lambda * lat(p);
    if (Math.abs(mix(r) - mix(pc)) <= 1e-9 * Math.max(1, mix(pc))) break;
    if (lat(r) <= bound) pd = r;
    else pc = r;
  }
  return pd;
}
