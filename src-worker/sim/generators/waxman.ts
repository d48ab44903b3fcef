// Waxman's geographic random graph: P(u,v) = beta · exp(-d(u,v) / (alpha · L)), d the
// great-circle distance and L the largest one, so nearby routers are likelier neighbours.
// beta is solved from the requested mean degree (capped at 1), so "--nodes 1000" gives a
// network of realistic density instead of a near-complete one; stray components are then joined.
import { greatCircleKm, REGIONS } from '../geo.js';
import type { NetworkShape } from '../network.js';
import type { Prng } from '../prng.js';
import { connectComponents } from './connect-components.js';
import { wanNodes } from './wan-nodes.js';

export function waxman(n: number, rng: Prng, alpha = 0.15, meanDegree = 4, region = REGIONS.europe!): NetworkShape {
  const nodes = wanNodes(n, rng, region);
  const dist = new Float64Array((n * (n - 1)) / 2);
  let k = 0;
  let longest = 0;
  for (let a = 0; a < n; a++) {
    for (let b = a + 1; b < n; b++) {
      const d = greatCircleKm(nodes[a]!.lat, nodes[a]!.lon, nodes[b]!.lat, nodes[b]!.lon);
      dist[k++] = d;
      if (d > longest) longest = d;
    }
  }
  const scale = alpha * Math.max(longest, 1e-9);
  let weightSum = 0;
  for (let i = 0; i < dist.length; i++) {
    dist[i] = Math.exp(-dist[i]! / scale);
    weightSum += dist[i]!;
  }
  const beta = weightSum > 0 ? Math.min(1, (meanDegree * n) / 2 / weightSum) : 0;
  const edges: Array<[number, number]> = [];
  k = 0;
  for (let a = 0; a < n; a++) {
    for (let b = a + 1; b < n; b++) {
      if (rng.float() < beta * dist[k++]!) edges.push([a, b]);
    }
  }
  return { kind: 'waxman', nodes, edges: connectComponents(nodes, edges) };
}
