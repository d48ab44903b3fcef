// Shortest-path-first (Dijkstra) on a CompactGraph with an indexed binary heap over typed arrays:
// no objects allocated per node or arc, so a 100k-node graph runs in tens of milliseconds.
//
// Stable API (the simulator reuses it):
//   dijkstra(g, source, options?, workspace?) → SpfResult
//     options.weights   per-arc costs (default g.metric); must be > 0 (Infinity = unusable)
//     options.arcDown   Uint8Array, 1 = arc unusable (failed link, avoided link)
//     options.nodeDown  Uint8Array, 1 = node unusable (failed or avoided node)
//     options.direction 'out' (default): distances from source; 'in': distances TO source along
//                       arcs (reverse SPF, what every router computes towards one destination)
//     options.target    stop once this node is settled
//   pathArcs(result, node) → arc indices from the source to node (for 'in': from node to source)
//   SpfWorkspace: reusable heap buffers for many SPFs on the same graph.
import type { CompactGraph } from '../graph/compact-graph.js';
import { heapPop as importedPop, heapSiftUp as importedSiftUp } from './indexed-heap.js';

// Local bindings: module-namespace reads cost a getter call per use under some loaders (tsx),
// which is measurable inside the SPF loop.
const heapPop = importedPop;
const heapSiftUp = importedSiftUp;
const NOT_QUEUED = -1;
const SETTLED = -2;

export interface SpfOptions {
  weights?: ArrayLike<number>;
  arcDown?: Uint8Array;
  nodeDown?: Uint8Array;
  direction?: 'out' | 'in';
  target?: number;
}

export interface SpfResult {
  source: number;
  direction: 'out' | 'in';
  /** Distance per node; Infinity when unreachable. */
  dist: Float64Array;
  /** The arc through which each node was reached (its tree parent arc), -1 for the source and unreached. */
  parentArc: Int32Array;
  /** Settled nodes in non-decreasing distance; the first `settled` entries are valid. */
  order: Int32Array;
  settled: number;
}

/** Heap buffers reused across SPF runs on graphs of up to `nodeCount` nodes. */
export class SpfWorkspace {
  readonly heap: Int32Array;
  readonly pos: Int32Array;
  constructor(readonly nodeCount: number) {
    this.heap = new Int32Array(nodeCount);
    this.pos = new Int32Array(nodeCount);
  }
}


/**
 * `out`, when given (arrays sized for this graph), receives the result instead of fresh arrays:
 * sweeps that discard each SPF avoid allocating thousands of them.
 */
export function dijkstra(g: CompactGraph, source: number, options: SpfOptions = {}, workspace?: SpfWorkspace, out?: SpfResult): SpfResult {
  const n = g.nodeCount;
  if (!(source >= 0 && source < n)) throw new Error(`dijkstra: source node ${source} is outside 0..${n - 1}`);
  const ws = workspace && workspace.nodeCount >= n ? workspace : new SpfWorkspace(n);
  const heap = ws.heap;
  const pos = ws.pos;
  pos.fill(NOT_QUEUED, 0, n);
  const weights = options.weights ?? g.metric;
  const arcDown = options.arcDown;
  const nodeDown = options.nodeDown;
  const reverse = options.direction === 'in';
  const offsets = reverse ? g.inOffsets : g.offsets;
  const arcList = reverse ? g.inArcs : null;
  const far = reverse ? g.tail : g.head;
  const target = options.target ?? -1;

  const dist = out ? out.dist.fill(Infinity) : new Float64Array(n).fill(Infinity);
  const parentArc = out ? out.parentArc.fill(-1) : new Int32Array(n).fill(-1);
  const order = out ? out.order : new Int32Array(n);
  let settled = 0;
  let size = 0;
  const finish = (): SpfResult => {
    if (!out) return { source, direction: reverse ? 'in' : 'out', dist, parentArc, order, settled };
    out.source = source;
    out.direction = reverse ? 'in' : 'out';
    out.settled = settled;
    return out;
  };
  if (nodeDown && nodeDown[source]) return finish();

  dist[source] = 0;
  heap[0] = source;
  pos[source] = 0;
  size = 1;
  while (size > 0) {
    const u = heapPop(heap, pos, dist, size--);
    order[settled++] = u;
    if (u === target) break;
    const du = dist[u]!;
    const end = offsets[u + 1]!;
    for (let i = offsets[u]!; i < end; i++) {
      const a = arcList ? arcList[i]! : i;
      if (arcDown && arcDown[a]) continue;
      const v = far[a]!;
      const pv = pos[v]!;
      if (pv === SETTLED) continue;
      if (nodeDown && nodeDown[v]) continue;
      const nd = du + weights[a]!;
      if (nd < dist[v]!) {
        dist[v] = nd;
        parentArc[v] = a;
        if (pv === NOT_QUEUED) {
          heap[size] = v;
          pos[v] = size;
          heapSiftUp(heap, pos, dist, size);
          size++;
        } else {
          heapSiftUp(heap, pos, dist, pv);
        }
      }
    }
  }
  return finish();
}

/** Arrays for `dijkstra(…, out)`. */
export function emptySpfResult(nodeCount: number): SpfResult {
  return { source: -1, direction: 'out', dist: new Float64Array(nodeCount), parentArc: new Int32Array(nodeCount), order: new Int32Array(nodeCount), settled: 0 };
}

/**
 * The tree path between the SPF's source and `node`, as arc indices in travel order:
 * for 'out' from source to node, for 'in' from node to source. Empty when unreachable or node = source.
 */
export function pathArcs(g: CompactGraph, result: SpfResult, node: number): number[] {
  if (result.dist[node] === Infinity) return [];
  const arcs: number[] = [];
  let v = node;
  const step = result.direction === 'in' ? g.head : g.tail;
  while (v !== result.source) {
    const a = result.parentArc[v]!;
    if (a < 0) return [];
    arcs.push(a);
    v = step[a]!;
  }
  return result.direction === 'in' ? arcs : arcs.reverse();
}
