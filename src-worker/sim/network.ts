// The simulator's description of a generated network: nodes with roles and coordinates, and
// full-duplex links with the metrics an engineer sets (capacity, IGP metric) or measures
// (latency, loss). Generators produce a `NetworkShape` (who connects to whom); link-metrics.ts
// turns it into a `SimNetwork`; topology-adapter.ts hands it to the routing engine.

export type NodeRole = 'router' | 'core' | 'aggregation' | 'edge' | 'spine' | 'leaf';

export interface SimNode {
  name: string;
  /** Degrees; data-centre fabrics put every node at one site. */
  lat: number;
  lon: number;
  role: NodeRole;
  /** Whether customers attach here: traffic starts and ends only at such nodes. */
  originates: boolean;
}

/** A full-duplex link: each direction has `capacityBps` on its own. */
export interface SimLink {
  a: number;
  b: number;
  capacityBps: number;
  /** One-way propagation plus per-hop delay, microseconds. */
  latencyUs: number;
  distanceKm: number;
  /** Background loss probability per packet, independent of congestion. */
  loss: number;
  /** IGP metric, the same in both directions. */
  metric: number;
}

export interface SimNetwork {
  /** Generator kind and parameters, for labels and reproducibility. */
  kind: string;
  seed: number;
  nodes: SimNode[];
  links: SimLink[];
  /** A data-centre fabric: shallow buffers, one site. */
  fabric?: boolean;
}

export interface NetworkShape {
  kind: string;
  nodes: SimNode[];
  edges: Array<[number, number]>;
  /** Where the shape knows better than degree-based tiers (fabrics): capacity per edge. */
  capacityBps?: number[];
  /** Data-centre fabrics: short cables, inverse-capacity metrics, no background loss. */
  fabric?: boolean;
}

/** Adjacency lists of a network (or shape), for generators and tests. */
export function adjacency(nodeCount: number, edges: ReadonlyArray<{ a: number; b: number } | [number, number]>): number[][] {
  const adj: number[][] = Array.from({ length: nodeCount }, () => []);
  for (const e of edges) {
    const [a, b] = Array.isArray(e) ? e : [(e as { a: number }).a, (e as { b: number }).b];
    adj[a]!.push(b);
    adj[b]!.push(a);
  }
  return adj;
}

/** Connected components as a label per node (BFS). */
export function componentLabels(adj: number[][]): { labels: Int32Array; count: number } {
  const labels = new Int32Array(adj.length).fill(-1);
  let count = 0;
  const queue = new Int32Array(adj.length);
  for (let s = 0; s < adj.length; s++) {
    if (labels[s] !== -1) continue;
    let head = 0;
    let tail = 0;
    queue[tail++] = s;
    labels[s] = count;
    while (head < tail) {
      const u = queue[head++]!;
      for (const v of adj[u]!) {
        if (labels[v] === -1) {
          labels[v] = count;
          queue[tail++] = v;
        }
      }
    }
    count++;
  }
  return { labels, count };
}
