// k-ary fat tree (Al-Fares et al., SIGCOMM 2008): k pods of k/2 edge and k/2 aggregation
// switches, (k/2)² core switches; 5k²/4 switches in all, full bisection bandwidth. Edge switches
// are where servers attach. For a requested size n we use the even k whose 5k²/4 is nearest n.
import type { NetworkShape, SimNode } from '../network.js';
import { DATA_CENTRE } from './fabric-site.js';

export function fatTreeArity(n: number): number {
  let best = 2;
  for (let k = 2; k <= 256; k += 2) {
    if (Math.abs((5 * k * k) / 4 - n) < Math.abs((5 * best * best) / 4 - n)) best = k;
  }
  return best;
}

export function fatTree(k: number): NetworkShape {
  if (k < 2 || k % 2 !== 0) throw new Error(`sim: fat-tree arity k must be even and at least 2, got ${k}`);
  const half = k / 2;
  const nodes: SimNode[] = [];
  const edges: Array<[number, number]> = [];
  const core = (i: number) => i;
  for (let i = 0; i < half * half; i++) nodes.push({ name: `core${i}`, ...DATA_CENTRE, role: 'core', originates: false });
  const capacityBps: number[] = [];
  for (let pod = 0; pod < k; pod++) {
    const aggBase = nodes.length;
    for (let i = 0; i < half; i++) nodes.push({ name: `pod${pod}-agg${i}`, ...DATA_CENTRE, role: 'aggregation', originates: false });
    const edgeBase = nodes.length;
    for (let i = 0; i < half; i++) nodes.push({ name: `pod${pod}-edge${i}`, ...DATA_CENTRE, role: 'edge', originates: true });
    for (let a = 0; a < half; a++) {
      for (let e = 0; e < half; e++) {
        edges.push([aggBase + a, edgeBase + e]);
        capacityBps.push(100e9);
      }
      // Aggregation switch a of every pod connects to core group a.
      for (let c = 0; c < half; c++) {
        edges.push([core(a * half + c), aggBase + a]);
        capacityBps.push(400e9);
      }
    }
  }
  return { kind: 'fat-tree', nodes, edges, capacityBps, fabric: true };
}
