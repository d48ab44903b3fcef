// Ring: routers ordered by bearing around their centroid, so the ring follows the geography
// instead of crossing the map (as a metro or regional ring does). Every node has degree 2.
import type { NetworkShape } from '../network.js';
import type { Prng } from '../prng.js';
import { wanNodes } from './wan-nodes.js';

export function ring(n: number, rng: Prng): NetworkShape {
  const placed = wanNodes(n, rng);
  const lat0 = placed.reduce((s, p) => s + p.lat, 0) / n;
  const lon0 = placed.reduce((s, p) => s + p.lon, 0) / n;
  const order = placed.map((_, i) => i).sort((x, y) => {
    const ax = Math.atan2(placed[x]!.lat - lat0, placed[x]!.lon - lon0);
    const ay = Math.atan2(placed[y]!.lat - lat0, placed[y]!.lon - lon0);
    return ax - ay || x - y;
  });
  const nodes = order.map((i, k) => ({ ...placed[i]!, name: `r${k}` }));
  const edges: Array<[number, number]> = [];
  if (n === 2) edges.push([0, 1]);
  else for (let i = 0; i < n && n > 2; i++) edges.push([i, (i + 1) % n]);
  return { kind: 'ring', nodes, edges };
}
