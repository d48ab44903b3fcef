// Per-arc path costs beyond the IGP metric: the multi-metric cost engineers use to ask "which
// path is best for voice" rather than "which path does OSPF take".
//   cost(arc) = igp·metric + latency·latency_ms + utilisation·u/(1−u) + loss·(−100·ln(1−loss))
// u/(1−u) is the M/M/1 queueing factor (1 at 50 % load, 9 at 90 %, capped at 99 % load);
// −100·ln(1−loss) is about the loss in percent for small losses and adds up along a path
// exactly as delivery probabilities multiply. Every weight defaults to 0 except as listed in
// COST_PRESETS; arcs with unknown capacity contribute no utilisation term.
//
// Stable API:
//   arcCosts(g, weights, utilisation?) → Float64Array (every entry > 0)
//   COST_PRESETS: igp, latency, cost (the default multi-metric blend)
//   pathMetrics(g, arcs, utilisation?) → { metric, latency, hops, loss, maxUtilisation, minCapacity }
import type { CompactGraph } from '../graph/compact-graph.js';

export interface CostWeights {
  igp?: number;
  latency?: number;
  utilisation?: number;
  loss?: number;
}

export const COST_PRESETS = {
  igp: { igp: 1 },
  latency: { latency: 1 },
  /** Latency in ms, plus queueing pressure and loss in comparable units. */
  cost: { latency: 1, utilisation: 1, loss: 1 },
} satisfies Record<string, CostWeights>;

export type CostPreset = keyof typeof COST_PRESETS;

const MIN_COST = 1e-9;

export function arcCosts(g: CompactGraph, weights: CostWeights, utilisation?: ArrayLike<number>): Float64Array {
  const out = new Float64Array(g.arcCount);
  const { igp = 0, latency = 0, utilisation: wu = 0, loss = 0 } = weights;
  for (let a = 0; a < g.arcCount; a++) {
    let c = igp * g.metric[a]! + latency * g.latency[a]!;
    if (wu && utilisation) {
      const u = utilisation[a]!;
      if (Number.isFinite(u)) {
        const clamped = Math.min(Math.max(u, 0), 0.99);
        c += wu * (clamped / (1 - clamped));
      }
    }
    if (loss) c += loss * -100 * Math.log(1 - Math.min(g.loss[a]!, 0.999999));
    out[a] = Math.max(c, MIN_COST);
  }
  return out;
}

export interface PathMetrics {
  metric: number;
  latency: number;
  hops: number;
  /** End-to-end loss fraction: 1 − Π(1 − loss). */
  loss: number;
  maxUtilisation: number;
  /** The bottleneck capacity along the path (bit/s; 0 when some arc's is unknown). */
  minCapacity: number;
}

export function pathMetrics(g: CompactGraph, arcs: readonly number[], utilisation?: ArrayLike<number>): PathMetrics {
  let metric = 0;
  let latency = 0;
  let deliver = 1;
  let maxUtilisation = 0;
  let minCapacity = Infinity;
  for (const a of arcs) {
    metric += g.metric[a]!;
    latency += g.latency[a]!;
    deliver *= 1 - g.loss[a]!;
    const u = utilisation?.[a];
    if (u !== undefined && u > maxUtilisation) maxUtilisation = u;
    minCapacity = Math.min(minCapacity, g.capacity[a]!);
  }
  return { metric, latency, hops: arcs.length, loss: 1 - deliver, maxUtilisation, minCapacity: arcs.length ? minCapacity : 0 };
}
