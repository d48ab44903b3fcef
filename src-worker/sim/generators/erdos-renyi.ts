// Erdős–Rényi G(n, p), then made connected. Edges are drawn with Batagelj–Brandes geometric
// skipping, O(n + m) rather than O(n²), so 100k-node graphs are cheap. p defaults to the value
// that gives the requested mean degree.
import type { NetworkShape } from '../network.js';
import type { Prng } from '../prng.js';
import { connectComponents } from './connect-components.js';
import { wanNodes } from './wan-nodes.js';

export function erdosRenyi(n: number, rng: Prng, meanDegree = 4): NetworkShape {
  const nodes = wanNodes(n, rng);
  const p = n > 1 ? Math.min(1, meanDegree / (n - 1)) : 0;
  const edges: Array<[number, number]> = [];
  if (p >= 1) {
    for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) edges.push([a, b]);
  } else if (p > 0) {
    const logq = Math.log(1 - p);
    let v = 1;
    let w = -1;
    while (v < n) {
      let u = 0;
      while (u === 0) u = rng.float();
      w = w + 1 + Math.floor(Math.log(u) / logq);
      while (w >= v && v < n) {
        w -= v;
        v++;
      }
      if (v < n) edges.push([w, v]);
    }
  }
  return { kind: 'random', nodes, edges: connectComponents(nodes, edges) };
}
