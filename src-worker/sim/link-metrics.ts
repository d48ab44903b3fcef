// Realistic link metrics for a generated shape: latency from great-circle distance (5 µs/km)
// plus a per-hop delay, capacities from the tiers operators buy (1/10/40/100/400G), a small
// background loss, and an IGP metric derived from capacity (OSPF-style reference bandwidth) or
// from latency (what latency-tuned WANs use).
import { greatCircleKm } from './geo.js';
import type { NetworkShape, SimLink, SimNetwork } from './network.js';
import { adjacency } from './network.js';
import { Prng } from './prng.js';

export const CAPACITY_TIERS_BPS = [1e9, 10e9, 40e9, 100e9, 400e9] as const;

export type MetricPolicy = 'inverse-capacity' | 'latency';

export interface LinkMetricOptions {
  /** Fibre propagation, µs per km of great-circle distance. */
  usPerKm: number;
  /** Switching and serialisation per hop, µs. */
  perHopUs: number;
  /** Metric policy; fabrics default to inverse capacity, WANs to latency. */
  metric?: MetricPolicy;
  /** Reference bandwidth for inverse-capacity metrics (metric = ref / capacity, at least 1). */
  referenceBps: number;
  /** Background loss range for WAN links (uniform in log space). */
  lossMin: number;
  lossMax: number;
}

export const DEFAULT_LINK_METRICS: LinkMetricOptions = {
  usPerKm: 5,
  perHopUs: 20,
  referenceBps: 400e9,
  lossMin: 1e-6,
  lossMax: 1e-4,
};

/**
 * Capacity tier per edge from the product of its endpoints' degrees: links between hubs carry
 * the most traffic under a gravity model, so they get the biggest tier. Ranks, not raw values,
 * decide the tier: the top 5% get 400G, the next 15% 100G, then 30% 40G, 35% 10G, 15% 1G.
 */
function degreeTierCapacities(shape: NetworkShape): number[] {
  const adj = adjacency(shape.nodes.length, shape.edges);
  const score = shape.edges.map(([a, b]) => adj[a]!.length * adj[b]!.length);
  const order = score.map((_, i) => i).sort((x, y) => score[y]! - score[x]! || x - y);
  const bounds = [0.05, 0.2, 0.5, 0.85, 1];
  const tiers = [400e9, 100e9, 40e9, 10e9, 1e9];
  const capacity = new Array<number>(shape.edges.length);
  order.forEach((edge, rank) => {
    const q = (rank + 0.5) / order.length;
    const tier = bounds.findIndex((b) => q <= b);
    capacity[edge] = tiers[tier]!;
  });
  return capacity;
}

function igpMetric(policy: MetricPolicy, capacityBps: number, latencyUs: number, options: LinkMetricOptions): number {
  if (policy === 'inverse-capacity') return Math.max(1, Math.round(options.referenceBps / capacityBps));
  // Latency metric in units of 10 µs, as many operators configure it.
  return Math.max(1, Math.round(latencyUs / 10));
}

export function finishNetwork(shape: NetworkShape, seed: number, overrides: Partial<LinkMetricOptions> = {}): SimNetwork {
  const options = { ...DEFAULT_LINK_METRICS, ...overrides };
  const rng = new Prng(seed).fork('link-metrics');
  const capacities = shape.capacityBps ?? degreeTierCapacities(shape);
  const policy = options.metric ?? (shape.fabric ? 'inverse-capacity' : 'latency');
  const links: SimLink[] = shape.edges.map(([a, b], i) => {
    const na = shape.nodes[a]!;
    const nb = shape.nodes[b]!;
    // Fabric cables are tens of metres; the sites share coordinates.
    const distanceKm = shape.fabric ? 0.05 + 0.1 * rng.float() : greatCircleKm(na.lat, na.lon, nb.lat, nb.lon);
    const latencyUs = distanceKm * options.usPerKm + (shape.fabric ? 2 : options.perHopUs);
    const capacityBps = capacities[i]!;
    const loss = shape.fabric ? 0 : Math.exp(rng.range(Math.log(options.lossMin), Math.log(options.lossMax)));
    return { a, b, capacityBps, latencyUs, distanceKm, loss, metric: igpMetric(policy, capacityBps, latencyUs, options) };
  });
  return { kind: shape.kind, seed, nodes: shape.nodes, links, ...(shape.fabric ? { fabric: true } : {}) };
}
