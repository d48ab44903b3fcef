// Yen's k shortest loopless paths, with an optional hop cap. Paths are arc sequences, so two
// parallel links give two distinct paths (as two LSPs over them would be).
// Speed-ups that keep it exact: one reverse SPF from t gives every spur search an admissible A*
// potential (removing arcs and nodes only lengthens distances), and when the spur node's own
// tree path to t avoids everything removed, that tree path is the spur path with no search.
// With a hop cap, spur searches are hop-layered Bellman–Ford (exact under the cap).
//
// Stable API:
//   kShortestPaths(g, s, t, { k, maxHops?, weights?, arcDown?, nodeDown? }) → Path[] (cost order)
//   shortestPath(g, s, t, options) → Path | null        (hop cap honoured)
//   Path = { arcs, nodes, cost }
import type { CompactGraph } from '../graph/compact-graph.js';
import { dijkstra, type SpfResult } from './dijkstra.js';
import { heapPop as importedPop, heapSiftUp as importedSiftUp } from './indexed-heap.js';

const heapPop = importedPop;
const heapSiftUp = importedSiftUp;
const NOT_QUEUED = -1;
const SETTLED = -2;

export interface Path {
  /** Arc indices in travel order. */
  arcs: number[];
  /** Node indices, source first, target last (arcs.length + 1 of them). */
  nodes: number[];
  cost: number;
}

export interface PathSearchOptions {
  weights?: ArrayLike<number>;
  arcDown?: Uint8Array;
  nodeDown?: Uint8Array;
  /** Longest path allowed, in hops (arcs). */
  maxHops?: number;
}

export interface KShortestOptions extends PathSearchOptions {
  k: number;
  /** Stop early once this many milliseconds have passed (the paths found so far are returned). */
  timeBudgetMs?: number;
}

export function shortestPath(g: CompactGraph, s: number, t: number, options: PathSearchOptions = {}): Path | null {
  const w = options.weights ?? g.metric;
  if (options.maxHops !== undefined) return hopLimitedPath(g, s, t, options.maxHops, w, options.arcDown, options.nodeDown);
  const r = dijkstra(g, s, { weights: w, arcDown: options.arcDown, nodeDown: options.nodeDown, target: t });
  return r.dist[t] === Infinity ? null : treePath(g, r, s, t);
}

function treePath(g: CompactGraph, r: SpfResult, s: number, t: number): Path {
  const arcs: number[] = [];
  for (let v = t; v !== s; v = g.tail[r.parentArc[v]!]!) arcs.push(r.parentArc[v]!);
  arcs.reverse();
  return { arcs, nodes: [s, ...arcs.map((a) => g.head[a]!)], cost: r.dist[t]! };
}

export function kShortestPaths(g: CompactGraph, s: number, t: number, options: KShortestOptions): Path[] {
  const w = options.weights ?? g.metric;
  const k = Math.max(0, Math.floor(options.k));
  if (k === 0 || s === t) return [];
  const deadline = options.timeBudgetMs !== undefined ? performance.now() + options.timeBudgetMs : Infinity;
  const baseArcDown = options.arcDown ?? new Uint8Array(g.arcCount);
  const baseNodeDown = options.nodeDown ?? new Uint8Array(g.nodeCount);
  const hopCap = options.maxHops;
  // Distances to t on the unrestricted graph: A* potential and ready-made spur paths.
  const toT = dijkstra(g, t, { weights: w, arcDown: baseArcDown, nodeDown: baseNodeDown, direction: 'in' });
  const first = hopCap !== undefined ? hopLimitedPath(g, s, t, hopCap, w, baseArcDown, baseNodeDown) : toT.dist[s] === Infinity ? null : reverseTreePath(g, toT, s, 0);
  if (!first) return [];
  const found: Path[] = [first];
  const candidates: Path[] = [];
  const seen = new Set<string>([first.arcs.join(',')]);
  const arcDown = baseArcDown.slice();
  const nodeDown = baseNodeDown.slice();
  const search = new AStar(g);
  while (found.length < k && performance.now() < deadline) {
    const last = found[found.length - 1]!;
    let rootCost = 0;
    for (let i = 0; i < last.arcs.length; i++) {
      const spur = last.nodes[i]!;
      // Arcs leaving the spur node along already-found paths that share this root are removed.
      const removed: number[] = [];
      for (const p of found) {
        if (p.arcs.length > i && sameRoot(p, last, i)) {
          const a = p.arcs[i]!;
          if (!arcDown[a]) { arcDown[a] = 1; removed.push(a); }
        }
      }
      for (let j = 0; j < i; j++) nodeDown[last.nodes[j]!] = 1;
      const spurPath =
        hopCap !== undefined
          ? hopLimitedPath(g, spur, t, hopCap - i, w, arcDown, nodeDown)
          : treePathIfClear(g, toT, spur, arcDown, nodeDown) ?? search.run(spur, t, w, arcDown, nodeDown, toT.dist);
      for (const a of removed) arcDown[a] = baseArcDown[a]!;
      for (let j = 0; j < i; j++) nodeDown[last.nodes[j]!] = baseNodeDown[last.nodes[j]!]!;
      if (spurPath) {
        const arcs = [...last.arcs.slice(0, i), ...spurPath.arcs];
        const key = arcs.join(',');
        if (!seen.has(key)) {
          seen.add(key);
          candidates.push({ arcs, nodes: [...last.nodes.slice(0, i), ...spurPath.nodes], cost: rootCost + spurPath.cost });
        }
      }
      rootCost += w[last.arcs[i]!]!;
    }
    if (candidates.length === 0) break;
    let best = 0;
    for (let c = 1; c < candidates.length; c++) if (better(candidates[c]!, candidates[best]!)) best = c;
    found.push(candidates[best]!);
    candidates[best] = candidates[candidates.length - 1]!;
    candidates.pop();
  }
  return found;
}

/** Cost first, then fewer hops, then the arc sequence: a deterministic order among ties. */
function better(a: Path, b: Path): boolean {
  if (a.cost !== b.cost) return a.cost < b.cost;
  if (a.arcs.length !== b.arcs.length) return a.arcs.length < b.arcs.length;
  for (let i = 0; i < a.arcs.length; i++) if (a.arcs[i] !== b.arcs[i]) return a.arcs[i]! < b.arcs[i]!;
  return false;
}

function sameRoot(p: Path, q: Path, len: number): boolean {
  for (let j = 0; j < len; j++) if (p.arcs[j] !== q.arcs[j]) return false;
  return true;
}

/** The reverse-SPF tree path from v to t (root of the tree), starting the cost at `base`. */
function reverseTreePath(g: CompactGraph, toT: SpfResult, v: number, base: number): Path {
  const arcs: number[] = [];
  const nodes = [v];
  for (let u = v; u !== toT.source; ) {
    const a = toT.parentArc[u]!;
    arcs.push(a);
    u = g.head[a]!;
    nodes.push(u);
  }
  return { arcs, nodes, cost: base + toT.dist[v]! };
}

function treePathIfClear(g: CompactGraph, toT: SpfResult, v: number, arcDown: Uint8Array, nodeDown: Uint8Array): Path | null {
  if (toT.dist[v] === Infinity) return null;
  for (let u = v; u !== toT.source; ) {
    const a = toT.parentArc[u]!;
    if (arcDown[a] || nodeDown[u]) return null;
    u = g.head[a]!;
  }
  if (nodeDown[toT.source]) return null;
  return reverseTreePath(g, toT, v, 0);
}

/** A* from s to t with potential h (exact distances to t on a supergraph: admissible and consistent). */
class AStar {
  private readonly dist: Float64Array;
  private readonly f: Float64Array;
  private readonly parent: Int32Array;
  private readonly heap: Int32Array;
  private readonly pos: Int32Array;
  private readonly touched: Int32Array;
  constructor(private readonly g: CompactGraph) {
    const n = g.nodeCount;
    this.dist = new Float64Array(n).fill(Infinity);
    this.f = new Float64Array(n);
    this.parent = new Int32Array(n).fill(-1);
    this.heap = new Int32Array(n);
    this.pos = new Int32Array(n).fill(NOT_QUEUED);
    this.touched = new Int32Array(n);
  }

  run(s: number, t: number, w: ArrayLike<number>, arcDown: Uint8Array, nodeDown: Uint8Array, h: Float64Array): Path | null {
    const { g, dist, f, parent, heap, pos, touched } = this;
    if (nodeDown[s] || nodeDown[t] || h[s] === Infinity) return null;
    let nTouched = 0;
    let size = 0;
    dist[s] = 0;
    f[s] = h[s]!;
    touched[nTouched++] = s;
    heap[size] = s;
    pos[s] = size;
    size++;
    let reached = false;
    while (size > 0) {
      const u = heapPop(heap, pos, f, size--);
      if (u === t) {
        reached = true;
        break;
      }
      const du = dist[u]!;
      for (let a = g.offsets[u]!; a < g.offsets[u + 1]!; a++) {
        if (arcDown[a]) continue;
        const v = g.head[a]!;
        if (nodeDown[v] || pos[v] === SETTLED || h[v] === Infinity) continue;
        const nd = du + w[a]!;
        if (nd < dist[v]!) {
          if (dist[v] === Infinity) touched[nTouched++] = v;
          dist[v] = nd;
          f[v] = nd + h[v]!;
          parent[v] = a;
          if (pos[v] === NOT_QUEUED) {
            heap[size] = v;
            pos[v] = size;
            heapSiftUp(heap, pos, f, size++);
          } else heapSiftUp(heap, pos, f, pos[v]!);
        }
      }
    }
    let path: Path | null = null;
    if (reached) {
      const arcs: number[] = [];
      for (let v = t; v !== s; v = g.tail[parent[v]!]!) arcs.push(parent[v]!);
      arcs.reverse();
      path = { arcs, nodes: [s, ...arcs.map((a) => g.head[a]!)], cost: dist[t]! };
    }
    for (let i = 0; i < nTouched; i++) {
      const v = touched[i]!;
      dist[v] = Infinity;
      parent[v] = -1;
      pos[v] = NOT_QUEUED;
    }
    return path;
  }
}

/** Cheapest s→t path of at most `maxHops` arcs: Bellman–Ford in hop layers, exact. */
export function hopLimitedPath(
  g: CompactGraph,
  s: number,
  t: number,
  maxHops: number,
  w: ArrayLike<number>,
  arcDown?: Uint8Array,
  nodeDown?: Uint8Array,
): Path | null {
  const n = g.nodeCount;
  if (maxHops < 1 || (nodeDown && (nodeDown[s] || nodeDown[t]))) return null;
  let prev = new Float64Array(n).fill(Infinity);
  prev[s] = 0;
  const parents: Int32Array[] = [];
  let bestCost = Infinity;
  let bestLayer = -1;
  let frontier = [s];
  const inNext = new Uint8Array(n);
  for (let h = 1; h <= maxHops && frontier.length; h++) {
    const cur = prev.slice();
    const parent = new Int32Array(n).fill(-1);
    const next: number[] = [];
    for (const u of frontier) {
      const du = prev[u]!;
      for (let a = g.offsets[u]!; a < g.offsets[u + 1]!; a++) {
        if (arcDown && arcDown[a]) continue;
        const v = g.head[a]!;
        if (nodeDown && nodeDown[v]) continue;
        const nd = du + w[a]!;
        if (nd < cur[v]!) {
          cur[v] = nd;
          parent[v] = a;
          if (!inNext[v]) { inNext[v] = 1; next.push(v); }
        }
      }
    }
    for (const v of next) inNext[v] = 0;
    parents.push(parent);
    if (cur[t]! < bestCost) { bestCost = cur[t]!; bestLayer = h; }
    prev = cur;
    frontier = next;
  }
  if (bestLayer < 0) return null;
  // Walk back through the layers: a node's parent in layer h was set when its cost improved there,
  // otherwise its cost came from an earlier layer.
  const arcs: number[] = [];
  let v = t;
  for (let h = bestLayer; v !== s; ) {
    while (h > 0 && parents[h - 1]![v] === -1) h--;
    if (h === 0) return null;
    const a = parents[h - 1]![v]!;
    arcs.push(a);
    v = g.tail[a]!;
    h--;
  }
  arcs.reverse();
  return { arcs, nodes: [s, ...arcs.map((a) => g.head[a]!)], cost: bestCost };
}
