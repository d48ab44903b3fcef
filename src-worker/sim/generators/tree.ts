// Balanced k-ary tree: node i's parent is floor((i-1)/k). The root is the core, inner nodes are
// aggregation, leaves are access/edge routers — a classic hierarchical access network.
import type { NetworkShape } from '../network.js';
import type { Prng } from '../prng.js';
import { wanNodes } from './wan-nodes.js';

export function tree(n: number, rng: Prng, branching = 3): NetworkShape {
  if (branching < 1) throw new Error(`sim: tree branching must be at least 1, got ${branching}`);
  const nodes = wanNodes(n, rng);
  const edges: Array<[number, number]> = [];
  for (let i = 1; i < n; i++) edges.push([Math.floor((i - 1) / branching), i]);
  for (let i = 0; i < n; i++) {
    const isLeaf = i * branching + 1 >= n;
    nodes[i]!.role = i === 0 ? 'core' : isLeaf ? 'edge' : 'aggregation';
  }
  return { kind: 'tree', nodes, edges };
}
