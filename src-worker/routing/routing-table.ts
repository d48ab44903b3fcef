// Full routing tables: for every destination, every router's ECMP next hops and metric — what
// `show ip route` would print on each router after SPF converges. One reverse SPF per destination.
//
// Stable API:
//   routingTables(g, options?) → RoutingTables        all pairs, compact (n² distances + next hops)
//   routerTable(g, tables, router) → RouteEntry[]     one router's table, readable
import type { CompactGraph } from '../graph/compact-graph.js';
import { SpfWorkspace } from './dijkstra.js';
import { ecmpNextHops, spfTowards, type RoutingOptions } from './ecmp.js';

export interface RoutingTables {
  nodeCount: number;
  /** dist[s * n + t]: metric from s to t (Infinity when unreachable). */
  dist: Float64Array;
  /** Next-hop arcs of s towards t: hops[hopOffsets[t * n + s] .. hopOffsets[t * n + s + 1]-1]. */
  hopOffsets: Int32Array;
  hops: Int32Array;
}

export function routingTables(g: CompactGraph, options: RoutingOptions = {}): RoutingTables {
  const n = g.nodeCount;
  if (n > 20000) throw new Error(`routing-table: ${n} nodes is too many for all-pairs tables (n² = ${n * n} entries); ask for one router's table`);
  const dist = new Float64Array(n * n);
  const hopOffsets = new Int32Array(n * n + 1);
  let hops = new Int32Array(Math.max(16, g.arcCount * 2));
  let used = 0;
  const ws = new SpfWorkspace(n);
  const scratch = new Int32Array(Math.max(1, g.arcCount));
  for (let t = 0; t < n; t++) {
    const spf = spfTowards(g, t, options, ws);
    for (let s = 0; s < n; s++) {
      dist[s * n + t] = spf.dist[s]!;
      const k = ecmpNextHops(g, spf.dist, s, options, scratch);
      if (used + k > hops.length) {
        const bigger = new Int32Array(hops.length * 2 + k);
        bigger.set(hops);
        hops = bigger;
      }
      hops.set(scratch.subarray(0, k), used);
      used += k;
      hopOffsets[t * n + s + 1] = used;
    }
  }
  return { nodeCount: n, dist, hopOffsets, hops: hops.slice(0, used) };
}

export interface RouteEntry {
  destination: string;
  metric: number;
  nextHops: { neighbour: string; interface: string; link: string }[];
}

export function routerTable(g: CompactGraph, tables: RoutingTables, router: number): RouteEntry[] {
  const n = tables.nodeCount;
  const out: RouteEntry[] = [];
  for (let t = 0; t < n; t++) {
    if (t === router) continue;
    const metric = tables.dist[router * n + t]!;
    if (metric === Infinity) continue;
    const nextHops = [];
    for (let i = tables.hopOffsets[t * n + router]!; i < tables.hopOffsets[t * n + router + 1]!; i++) {
      const a = tables.hops[i]!;
      nextHops.push({ neighbour: g.nodeIds[g.head[a]!]!, interface: g.arcInterface[a] ?? '', link: g.linkOf[a]! >= 0 ? g.linkIds[g.linkOf[a]!]! : '' });
    }
    out.push({ destination: g.nodeIds[t]!, metric, nextHops });
  }
  return out;
}
