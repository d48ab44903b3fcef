// Full mesh: every router linked to every other (n(n-1)/2 links) — small cores and overlays.
import type { NetworkShape } from '../network.js';
import type { Prng } from '../prng.js';
import { wanNodes } from './wan-nodes.js';

export function fullMesh(n: number, rng: Prng): NetworkShape {
  const nodes = wanNodes(n, rng);
  const edges: Array<[number, number]> = [];
  for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) edges.push([a, b]);
  return { kind: 'mesh', nodes, edges };
}
