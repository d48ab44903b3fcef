// Routes towards each destination under one failure set, computed once and reused every step
// until the failure set changes: the routing engine's reverse SPF and its ECMP DAG (next hops
// of every node, in CSR form). Traffic changes every step; routes only when a link or node
// fails or comes back, exactly as in a real IGP. Keeps the no-failure routes and the current
// failure set's (memory: about 30 bytes per node per destination).
import type { CompactGraph } from '../graph/compact-graph.js';
import { dijkstra, type SpfResult } from '../routing/dijkstra.js';
import { ecmpDag, type EcmpDag, type RoutingOptions } from '../routing/ecmp.js';

export interface EcmpRoute {
  spf: SpfResult;
  dag: EcmpDag;
  /**
   * The DAG flattened in processing order (farthest node first, the destination excluded):
   * node seqNode[i] splits its traffic over arcs seqArcs[seqStart[i] .. seqStart[i+1]-1]. One
   * sequential walk per step instead of a lookup per node.
   */
  seqNode: Int32Array;
  seqStart: Int32Array;
  seqArcs: Int32Array;
}

function flatten(spf: SpfResult, dag: EcmpDag): Pick<EcmpRoute, 'seqNode' | 'seqStart' | 'seqArcs'> {
  const count = Math.max(0, spf.settled - 1);
  const seqNode = new Int32Array(count);
  const seqStart = new Int32Array(count + 1);
  const seqArcs = new Int32Array(dag.arcs.length);
  let k = 0;
  let a = 0;
  for (let i = spf.settled - 1; i > 0; i--) {
    const u = spf.order[i]!;
    seqNode[k] = u;
    seqStart[k] = a;
    for (let j = dag.offsets[u]!; j < dag.offsets[u + 1]!; j++) seqArcs[a++] = dag.arcs[j]!;
    k++;
  }
  seqStart[k] = a;
  return { seqNode, seqStart, seqArcs };
}

export class RouteCache {
  private readonly sets = new Map<string, Map<number, EcmpRoute | null>>();

  constructor(private readonly g: CompactGraph) {}

  /** The route set for a failure set; `key` names it ('' = no failures). */
  routes(key: string, options: RoutingOptions): (t: number) => EcmpRoute | null {
    let set = this.sets.get(key);
    if (!set) {
      for (const k of [...this.sets.keys()]) if (k !== '') this.sets.delete(k);
      set = new Map();
      this.sets.set(key, set);
    }
    const cache = set;
    return (t: number) => {
      let route = cache.get(t);
      if (route === undefined) {
        if (options.nodeDown && options.nodeDown[t]) route = null;
        else {
          const spf = dijkstra(this.g, t, { arcDown: options.arcDown, nodeDown: options.nodeDown, direction: 'in' });
          const dag = ecmpDag(this.g, t, options, spf);
          route = { spf, dag, ...flatten(spf, dag) };
        }
        cache.set(t, route);
      }
      return route;
    };
  }
}
