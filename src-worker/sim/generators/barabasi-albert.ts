// Barabási–Albert preferential attachment: each new router links to m distinct existing ones
// chosen with probability proportional to degree (sampling from the list of edge endpoints).
// Starts from a clique of m+1 so the graph is connected from the first step; the degree
// distribution has the power-law tail (exponent about 3) of AS-level and ISP topologies.
import type { NetworkShape } from '../network.js';
import type { Prng } from '../prng.js';
import { wanNodes } from './wan-nodes.js';

export function barabasiAlbert(n: number, rng: Prng, m = 2): NetworkShape {
  if (m < 1) throw new Error(`sim: Barabási–Albert needs m ≥ 1, got ${m}`);
  const nodes = wanNodes(n, rng);
  const edges: Array<[number, number]> = [];
  const seedSize = Math.min(n, m + 1);
  const endpoints = new Int32Array(2 * (seedSize * seedSize + n * m));
  let ends = 0;
  for (let a = 0; a < seedSize; a++) {
    for (let b = a + 1; b < seedSize; b++) {
      edges.push([a, b]);
      endpoints[ends++] = a;
      endpoints[ends++] = b;
    }
  }
  const chosen = new Set<number>();
  for (let v = seedSize; v < n; v++) {
    chosen.clear();
    while (chosen.size < Math.min(m, v)) chosen.add(endpoints[rng.int(ends)]!);
    for (const u of [...chosen].sort((x, y) => x - y)) {
      edges.push([u, v]);
      endpoints[ends++] = u;
      endpoints[ends++] = v;
    }
  }
  // The oldest, best-connected routers are the core.
  return { kind: 'ba', nodes, edges };
}
