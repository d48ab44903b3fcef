// Small hand-made networks whose routing can be worked out on paper, for the routing tests.
import { linkDirection, type Topology } from '../../../src-worker/graph/topology.js';

/** Two-way links "A-B:metric:capacity[:latency]" (capacity in bit/s), nodes named by their ids. */
export function network(name: string, links: string[], srlgs: Record<string, string[]> = {}): Topology {
  const nodes = new Set<string>();
  const topoLinks = links.map((spec, i) => {
    const [ends, metric = '1', capacity = '100', latency = '1'] = spec.split(':');
    const [a, b] = ends!.split('-') as [string, string];
    nodes.add(a);
    nodes.add(b);
    const id = `L${i}`;
    const dir = { metric: Number(metric), capacity: Number(capacity), latency: Number(latency) };
    return {
      id,
      a,
      b,
      ab: linkDirection({ ...dir, interface: `${a}->${b}` }),
      ba: linkDirection({ ...dir, interface: `${b}->${a}` }),
      srlgs: Object.entries(srlgs)
        .filter(([, ids]) => ids.includes(id))
        .map(([s]) => s),
    };
  });
  return { name, nodes: [...nodes].sort().map((id) => ({ id, name: id })), links: topoLinks };
}

/**
 *   A ─1─ B ─1─ D        Two equal-cost paths A→D (via B, via C), capacity 100 each;
 *   └─1─ C ─1──┘         E hangs off D with a metric-1 link of capacity 50.
 *                D ─1─ E
 */
export const diamond = network('diamond', ['A-B:1:100', 'A-C:1:100', 'B-D:1:100', 'C-D:1:100', 'D-E:1:50'], { duct: ['L0', 'L2'] });
