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
          route = { spf, dag: ecmpDag(this.g, t, options, spf) };
        }
        cache.set(t, route);
      }
      return route;
    };
  }
}
