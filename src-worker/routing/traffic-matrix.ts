// Traffic matrices besides imported ones: the gravity model (traffic between two nodes in
// proportion to the product of their weights, by default the capacity attached to each node) and
// demands aggregated from flows observed between edge devices (the host's flow store sums bytes
// per ingress/egress device pair; this turns those sums into a matrix of rates).
//
// Stable API:
//   gravityDemands(topology, { totalRate, weights?, nodes? }) → Demand[]
//   demandsFromEdgeVolumes(topology, volumes, seconds) → { demands, unmatched }
import type { Demand, Topology } from '../graph/topology.js';

export interface GravityOptions {
  /** Sum of all demands, bit/s. */
  totalRate: number;
  /** Node weight: attached capacity (default), equal, or explicit per node id. */
  weights?: 'capacity' | 'uniform' | Record<string, number>;
  /** Only these nodes send and receive (default: nodes whose role is "edge", else all). */
  nodes?: string[];
}

export function gravityDemands(topology: Topology, options: GravityOptions): Demand[] {
  if (!(options.totalRate >= 0)) throw new Error(`traffic-matrix: total rate ${options.totalRate} must be ≥ 0 bit/s`);
  const edge = topology.nodes.filter((n) => n.role === 'edge').map((n) => n.id);
  const ids = options.nodes ?? (edge.length >= 2 ? edge : topology.nodes.map((n) => n.id));
  const known = new Set(topology.nodes.map((n) => n.id));
  for (const id of ids) if (!known.has(id)) throw new Error(`traffic-matrix: no node "${id}" in the topology`);
  const weight = nodeWeights(topology, ids, options.weights ?? 'capacity');
  let sumW = 0;
  let sumW2 = 0;
  for (const id of ids) { sumW += weight.get(id)!; sumW2 += weight.get(id)! ** 2; }
  const norm = sumW * sumW - sumW2; // Σ_i Σ_{j≠i} w_i w_j
  if (!(norm > 0)) return [];
  const demands: Demand[] = [];
  for (const s of ids) {
    for (const t of ids) {
      if (s === t) continue;
      const rate = (options.totalRate * weight.get(s)! * weight.get(t)!) / norm;
      if (rate > 0) demands.push({ id: `gravity:${s}>${t}`, src: s, dst: t, rate });
    }
  }
  return demands;
}

function nodeWeights(topology: Topology, ids: string[], mode: GravityOptions['weights']): Map<string, number> {
  const w = new Map(ids.map((id) => [id, 0]));
  if (mode === 'uniform') ids.forEach((id) => w.set(id, 1));
  else if (mode === 'capacity' || mode === undefined) {
    for (const l of topology.links) {
      if (w.has(l.a)) w.set(l.a, w.get(l.a)! + l.ab.capacity);
      if (w.has(l.b)) w.set(l.b, w.get(l.b)! + (l.ba?.capacity ?? 0));
    }
    // Unknown capacities everywhere: fall back to equal weights rather than an empty matrix.
    if ([...w.values()].every((x) => x === 0)) ids.forEach((id) => w.set(id, 1));
  } else {
    for (const id of ids) {
      const x = mode[id] ?? 0;
      if (!(x >= 0)) throw new Error(`traffic-matrix: weight ${x} for node "${id}" must be ≥ 0`);
      w.set(id, x);
    }
  }
  return w;
}

/** Bytes seen entering at `ingress` and leaving at `egress` (node ids, names or addresses). */
export interface EdgeVolume {
  ingress: string;
  egress: string;
  bytes: number;
}

export interface EdgeDemands {
  demands: Demand[];
  /** Volumes whose devices are not in the topology, summed so nothing vanishes silently. */
  unmatched: { ingress: string; egress: string; bytes: number }[];
}

/** Aggregates edge-to-edge byte counts over `seconds` into rates (bit/s) between topology nodes. */
export function demandsFromEdgeVolumes(topology: Topology, volumes: readonly EdgeVolume[], seconds: number): EdgeDemands {
  if (!(seconds > 0)) throw new Error(`traffic-matrix: the observation window must be > 0 s, got ${seconds}`);
  const lookup = new Map<string, string>();
  for (const n of topology.nodes) {
    for (const key of [n.id, n.name, ...(n.addresses ?? [])]) if (!lookup.has(key)) lookup.set(key, n.id);
  }
  const sums = new Map<string, { src: string; dst: string; bytes: number }>();
  const unmatched = new Map<string, { ingress: string; egress: string; bytes: number }>();
  for (const v of volumes) {
    const s = lookup.get(v.ingress);
    const t = lookup.get(v.egress);
    if (s === undefined || t === undefined) {
      const key = `${v.ingress}>${v.egress}`;
      const u = unmatched.get(key) ?? { ingress: v.ingress, egress: v.egress, bytes: 0 };
      u.bytes += v.bytes;
      unmatched.set(key, u);
      continue;
    }
    if (s === t) continue;
    const key = JSON.stringify([s, t]);
    const sum = sums.get(key) ?? { src: s, dst: t, bytes: 0 };
    sum.bytes += v.bytes;
    sums.set(key, sum);
  }
  const demands = [...sums.values()].map(({ src, dst, bytes }) => ({ id: `flows:${src}>${dst}`, src, dst, rate: (bytes * 8) / seconds }));
  return { demands, unmatched: [...unmatched.values()] };
}
