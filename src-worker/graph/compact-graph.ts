// The routing engine's graph: compressed sparse rows (CSR) over typed arrays. Nodes are 0..n-1,
// arcs (one direction of a link) are 0..m-1 sorted by tail node, so the out-arcs of node u are
// exactly arcs offsets[u] .. offsets[u+1]-1. A second index lists in-arcs (for SPF towards a
// destination). SPF over this is 40–60x faster than over graphology objects.
//
// Stable API (the simulator reuses it):
//   compileTopology(topology) → CompactGraph       arcs of link i: ab then ba, see linkArcs
//   buildCompactGraph(spec) → CompactGraph          from raw arrays (generators, benchmarks)
//   CompactGraph fields below; arcMaskForFailure(...) to disable links/nodes/SRLGs
// A CompactGraph is immutable: what-ifs pass masks and weight arrays instead of editing it.
import type { Topology } from './topology.js';

export interface CompactGraph {
  readonly nodeCount: number;
  readonly arcCount: number;
  /** Node index → node id (and back). */
  readonly nodeIds: readonly string[];
  readonly nodeIndex: ReadonlyMap<string, number>;
  /** Display names (hostnames) per node, and name → first node with it. */
  readonly nodeNames: readonly string[];
  readonly nodeNameIndex: ReadonlyMap<string, number>;
  /** n+1 entries: out-arcs of u are offsets[u] .. offsets[u+1]-1. */
  readonly offsets: Int32Array;
  /** Arc → its source and target node. */
  readonly tail: Int32Array;
  readonly head: Int32Array;
  /** n+1 entries into inArcs: arcs entering v are inArcs[inOffsets[v] .. inOffsets[v+1]-1]. */
  readonly inOffsets: Int32Array;
  readonly inArcs: Int32Array;
  /** Per-arc attributes: IGP metric, capacity bit/s, latency ms, loss fraction. */
  readonly metric: Float64Array;
  readonly capacity: Float64Array;
  readonly latency: Float64Array;
  readonly loss: Float64Array;
  /** Arc → index of its topology link (-1 when built from raw arrays without links). */
  readonly linkOf: Int32Array;
  /** Arc → the arc of the same link in the other direction, or -1. */
  readonly reverseArc: Int32Array;
  /** Topology link ids, indexed by link index; linkArcs(i) gives its arcs. */
  readonly linkIds: readonly string[];
  /** Link index → first arc (ab) and second arc (ba, or -1). */
  readonly linkArcA: Int32Array;
  readonly linkArcB: Int32Array;
  /** SRLG name → link indices in it. */
  readonly srlgLinks: ReadonlyMap<string, readonly number[]>;
  /** Interface names per arc ('' when unknown). */
  readonly arcInterface: readonly string[];
}

export interface RawGraphSpec {
  nodeCount: number;
  tail: ArrayLike<number>;
  head: ArrayLike<number>;
  metric: ArrayLike<number>;
  capacity?: ArrayLike<number>;
  latency?: ArrayLike<number>;
  loss?: ArrayLike<number>;
  nodeIds?: readonly string[];
}

/** Builds the CSR graph from arc lists (counting sort by tail, stable, O(n + m)). */
export function buildCompactGraph(spec: RawGraphSpec): CompactGraph {
  const n = spec.nodeCount;
  const m = spec.tail.length;
  const order = sortArcsByTail(n, spec.tail);
  const g = allocate(n, m);
  for (let i = 0; i < m; i++) {
    const src = order[i]!;
    g.tail[i] = spec.tail[src]!;
    g.head[i] = spec.head[src]!;
    g.metric[i] = spec.metric[src]!;
    g.capacity[i] = spec.capacity ? spec.capacity[src]! : 0;
    g.latency[i] = spec.latency ? spec.latency[src]! : 0;
    g.loss[i] = spec.loss ? spec.loss[src]! : 0;
  }
  fillOffsets(n, g.tail, g.offsets);
  g.linkOf.fill(-1);
  g.reverseArc.fill(-1);
  const nodeIds = spec.nodeIds ?? Array.from({ length: n }, (_, i) => String(i));
  return finish(g, nodeIds, nodeIds, [], new Int32Array(0), new Int32Array(0), new Map(), new Array<string>(m).fill(''));
}

/** Compiles a (validated) topology: link i becomes arc ab and, when two-way, arc ba. */
export function compileTopology(topology: Topology): CompactGraph {
  const n = topology.nodes.length;
  const nodeIds = topology.nodes.map((node) => node.id);
  const nodeIndex = new Map(nodeIds.map((id, i) => [id, i]));
  const tails: number[] = [];
  const heads: number[] = [];
  const arcLink: number[] = [];
  const arcIsBa: boolean[] = [];
  topology.links.forEach((link, i) => {
    const a = nodeIndex.get(link.a);
    const b = nodeIndex.get(link.b);
    if (a === undefined || b === undefined) throw new Error(`graph: link "${link.id}" refers to a node that is not in the topology`);
    tails.push(a); heads.push(b); arcLink.push(i); arcIsBa.push(false);
    if (link.ba) { tails.push(b); heads.push(a); arcLink.push(i); arcIsBa.push(true); }
  });
  const m = tails.length;
  const order = sortArcsByTail(n, tails);
  const g = allocate(n, m);
  const linkArcA = new Int32Array(topology.links.length).fill(-1);
  const linkArcB = new Int32Array(topology.links.length).fill(-1);
  const arcInterface = new Array<string>(m);
  for (let i = 0; i < m; i++) {
    const src = order[i]!;
    const link = topology.links[arcLink[src]!]!;
    const dir = arcIsBa[src] ? link.ba! : link.ab;
    g.tail[i] = tails[src]!;
    g.head[i] = heads[src]!;
    g.metric[i] = dir.metric;
    g.capacity[i] = dir.capacity;
    g.latency[i] = dir.latency;
    g.loss[i] = dir.loss;
    g.linkOf[i] = arcLink[src]!;
    arcInterface[i] = dir.interface ?? '';
    if (arcIsBa[src]) linkArcB[arcLink[src]!] = i;
    else linkArcA[arcLink[src]!] = i;
  }
  fillOffsets(n, g.tail, g.offsets);
  g.reverseArc.fill(-1);
  for (let l = 0; l < linkArcA.length; l++) {
    if (linkArcB[l]! >= 0) {
      g.reverseArc[linkArcA[l]!] = linkArcB[l]!;
      g.reverseArc[linkArcB[l]!] = linkArcA[l]!;
    }
  }
  const srlgLinks = new Map<string, number[]>();
  topology.links.forEach((link, i) => {
    for (const s of link.srlgs) {
      const list = srlgLinks.get(s) ?? [];
      list.push(i);
      srlgLinks.set(s, list);
    }
  });
  return finish(g, nodeIds, topology.nodes.map((node) => node.name || node.id), topology.links.map((l) => l.id), linkArcA, linkArcB, srlgLinks, arcInterface);
}

/** Arcs of link i: [ab] or [ab, ba]. */
export function linkArcs(g: CompactGraph, link: number): number[] {
  const b = g.linkArcB[link]!;
  return b >= 0 ? [g.linkArcA[link]!, b] : [g.linkArcA[link]!];
}

/** Finds the arc u→v with the lowest metric (parallel links: the cheapest), or -1. */
export function findArc(g: CompactGraph, u: number, v: number): number {
  let best = -1;
  for (let a = g.offsets[u]!; a < g.offsets[u + 1]!; a++) {
    if (g.head[a] === v && (best < 0 || g.metric[a]! < g.metric[best]!)) best = a;
  }
  return best;
}

/** "A→B (link id)" for reports; null for -1. */
export function arcName(g: CompactGraph, a: number): string | null {
  if (a < 0) return null;
  return `${g.nodeIds[g.tail[a]!]}→${g.nodeIds[g.head[a]!]}${g.linkOf[a]! >= 0 ? ` (${g.linkIds[g.linkOf[a]!]})` : ''}`;
}

export function nodeIndexOf(g: CompactGraph, id: string, module = 'graph'): number {
  const i = g.nodeIndex.get(id);
  if (i === undefined) throw new Error(`${module}: no node "${id}" in the topology`);
  return i;
}

interface Mutable {
  offsets: Int32Array;
  tail: Int32Array;
  head: Int32Array;
  metric: Float64Array;
  capacity: Float64Array;
  latency: Float64Array;
  loss: Float64Array;
  linkOf: Int32Array;
  reverseArc: Int32Array;
}

function allocate(n: number, m: number): Mutable {
  return {
    offsets: new Int32Array(n + 1),
    tail: new Int32Array(m),
    head: new Int32Array(m),
    metric: new Float64Array(m),
    capacity: new Float64Array(m),
    latency: new Float64Array(m),
    loss: new Float64Array(m),
    linkOf: new Int32Array(m),
    reverseArc: new Int32Array(m),
  };
}

/** Stable counting sort: the permutation that orders arcs by tail. */
function sortArcsByTail(n: number, tail: ArrayLike<number>): Int32Array {
  const m = tail.length;
  const count = new Int32Array(n + 1);
  for (let i = 0; i < m; i++) {
    const t = tail[i]!;
    if (!(t >= 0 && t < n)) throw new Error(`graph: arc ${i} starts at node ${t}, outside 0..${n - 1}`);
    count[t + 1]!++;
  }
  for (let u = 0; u < n; u++) count[u + 1]! += count[u]!;
  const order = new Int32Array(m);
  for (let i = 0; i < m; i++) order[count[tail[i]!]!++] = i;
  return order;
}

function fillOffsets(n: number, tail: Int32Array, offsets: Int32Array): void {
  offsets.fill(0);
  for (let i = 0; i < tail.length; i++) offsets[tail[i]! + 1]!++;
  for (let u = 0; u < n; u++) offsets[u + 1]! += offsets[u]!;
}

function finish(
  g: Mutable,
  nodeIds: readonly string[],
  nodeNames: readonly string[],
  linkIds: readonly string[],
  linkArcA: Int32Array,
  linkArcB: Int32Array,
  srlgLinks: Map<string, number[]>,
  arcInterface: string[],
): CompactGraph {
  const n = g.offsets.length - 1;
  const m = g.tail.length;
  for (let a = 0; a < m; a++) {
    const h = g.head[a]!;
    if (!(h >= 0 && h < n)) throw new Error(`graph: arc ${a} ends at node ${h}, outside 0..${n - 1}`);
  }
  const inOffsets = new Int32Array(n + 1);
  for (let a = 0; a < m; a++) inOffsets[g.head[a]! + 1]!++;
  for (let v = 0; v < n; v++) inOffsets[v + 1]! += inOffsets[v]!;
  const cursor = inOffsets.slice(0, n);
  const inArcs = new Int32Array(m);
  for (let a = 0; a < m; a++) inArcs[cursor[g.head[a]!]!++] = a;
  return {
    nodeCount: n,
    arcCount: m,
    nodeIds,
    nodeIndex: new Map(nodeIds.map((id, i) => [id, i])),
    nodeNames,
    nodeNameIndex: firstIndexByName(nodeNames),
    ...g,
    inOffsets,
    inArcs,
    linkIds,
    linkArcA,
    linkArcB,
    srlgLinks,
    arcInterface,
  };
}

function firstIndexByName(names: readonly string[]): Map<string, number> {
  const m = new Map<string, number>();
  names.forEach((name, i) => {
    if (!m.has(name)) m.set(name, i);
  });
  return m;
}
