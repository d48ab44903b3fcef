// The gravity model of a traffic matrix: traffic from i to j is proportional to mass(i) ×
// mass(j). Masses are log-normal (sites differ a lot in size) times the square root of the
// node's degree (well-connected sites are bigger). Only nodes where customers attach carry mass.
// The matrix is kept as demand pairs (every ordered pair of originating nodes) with rates that
// sum to 1; the simulation scales them to bit/s.
import type { SimNetwork } from '../network.js';
import { adjacency } from '../network.js';
import type { Prng } from '../prng.js';

/** Above this many ordered pairs the per-step matrix no longer fits a laptop's time budget. */
export const MAX_DEMAND_PAIRS = 4_500_000;

export interface GravityMatrix {
  /** Nodes with customers, in node order. */
  origins: Int32Array;
  /** node → position in `origins`, or -1. */
  originSlot: Int32Array;
  mass: Float64Array;
  /** Demand pairs: src/dst node per pair, base share of total traffic (sums to 1). */
  src: Int32Array;
  dst: Int32Array;
  share: Float64Array;
  /** Sparse matrices (imported demands): src × nodeCount + dst → pair index. */
  lookup?: Map<number, number>;
  /** Imported matrices: the file's total rate, bit/s (gravity shares have no absolute size). */
  totalRate?: number;
}

export function gravityMatrix(network: SimNetwork, rng: Prng, massSigma = 0.8): GravityMatrix {
  const n = network.nodes.length;
  const degree = adjacency(n, network.links).map((a) => a.length);
  const origins = Int32Array.from(network.nodes.map((node, i) => (node.originates ? i : -1)).filter((i) => i >= 0));
  const k = origins.length;
  if (k < 2) throw new Error(`sim: traffic needs at least two nodes where customers attach; this network has ${k}`);
  if (k * (k - 1) > MAX_DEMAND_PAIRS) {
    throw new Error(`sim: ${k} traffic-originating nodes make ${k * (k - 1)} demand pairs, above the ${MAX_DEMAND_PAIRS} the simulator routes per step; use at most ${Math.floor(Math.sqrt(MAX_DEMAND_PAIRS))} originating nodes`);
  }
  const originSlot = new Int32Array(n).fill(-1);
  origins.forEach((v, i) => (originSlot[v] = i));
  const mass = new Float64Array(n);
  for (const v of origins) mass[v] = Math.exp(massSigma * rng.normal()) * Math.sqrt(Math.max(1, degree[v]!));
  const pairs = k * (k - 1);
  const src = new Int32Array(pairs);
  const dst = new Int32Array(pairs);
  const share = new Float64Array(pairs);
  let p = 0;
  let total = 0;
  // Destination-major order: routing walks the pairs one destination at a time, so each
  // destination's rates are contiguous in memory.
  for (const t of origins) {
    for (const s of origins) {
      if (s === t) continue;
      src[p] = s;
      dst[p] = t;
      share[p] = mass[s]! * mass[t]!;
      total += share[p]!;
      p++;
    }
  }
  for (let i = 0; i < pairs; i++) share[i]! /= total;
  return { origins, originSlot, mass, src, dst, share };
}

/** Index of the pair s→t in a gravity matrix's pair arrays (-1 unless both are origins and s ≠ t). */
export function pairIndex(matrix: GravityMatrix, s: number, t: number): number {
  if (matrix.lookup) return matrix.lookup.get(s * matrix.originSlot.length + t) ?? -1;
  const k = matrix.origins.length;
  const i = matrix.originSlot[s]!;
  const j = matrix.originSlot[t]!;
  if (i < 0 || j < 0 || i === j) return -1;
  return j * (k - 1) + (i < j ? i : i - 1);
}
