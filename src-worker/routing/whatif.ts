// What-ifs: fail links, nodes or SRLGs; change metrics or capacities; add a link; scale demands.
// Each returns a diff against the baseline: MLU before/after, per-link-direction load and
// utilisation before/after, the demands whose ECMP paths changed (with the paths, for the
// largest), and the demands that lost connectivity. Without an added link the change is
// evaluated incrementally on a RoutingState (only destinations whose DAG can change are
// re-routed), so one what-if on a few-hundred-node network takes a few milliseconds.
//
// Stable API:
//   WhatIfEngine.create(topology, demands)   baseline (compiles and routes once)
//   engine.run(changes, { detail? }) → WhatIfResult
//   parseWhatIfChange('fail:link:A:B' | 'metric:A:B=20' | 'capacity:LINK=10G' | 'add-link:A:B:metric:capacity' | 'scale:1.5' | 'scale:A>B=2')
import { arcName, compileTopology, linkArcs, type CompactGraph } from '../graph/compact-graph.js';
import { parseLinkSpeed } from '../graph/link-speed.js';
import { linkDirection, type Demand, type Topology, type TopologyLink } from '../graph/topology.js';
import { compileDemands, demandSetFromArrays, scaleDemandSet, type DemandSet } from './demand-set.js';
import type { SpfResult } from './dijkstra.js';
import { ecmpDag, ecmpNextHops as importedNextHops, ecmpPaths, isTight, utilisationOf, type EcmpDag, type RoutingOptions } from './ecmp.js';
import { describeFailure, failureMasks, nodeByName, parseFailure, pathChangingArcs, resolveLinks, type Failure } from './failures.js';
import { RoutingState, type ArcWeightChange } from './routing-state.js';

// A local binding: the path-change scan calls it for every node of every re-routed destination.
const ecmpNextHops = importedNextHops;

export type LinkDirectionSelector = 'ab' | 'ba' | 'both';

export type WhatIfChange =
  | { kind: 'fail'; failure: Failure }
  | { kind: 'metric'; link: string; metric: number; direction?: LinkDirectionSelector }
  | { kind: 'capacity'; link: string; capacity: number; direction?: LinkDirectionSelector }
  | { kind: 'add-link'; link: TopologyLink }
  | { kind: 'scale'; factor: number; src?: string; dst?: string };

export interface LinkDelta {
  link: string;
  from: string;
  to: string;
  interface: string;
  capacityBefore: number;
  capacityAfter: number;
  loadBefore: number;
  loadAfter: number;
  utilisationBefore: number;
  utilisationAfter: number;
  down: boolean;
}

export interface DemandPaths {
  demand: string;
  src: string;
  dst: string;
  rate: number;
  before: { nodes: string[]; share: number }[];
  after: { nodes: string[]; share: number }[];
}

export interface WhatIfResult {
  changes: string[];
  before: { mlu: number; mluLink: string | null; unroutedRate: number };
  after: { mlu: number; mluLink: string | null; unroutedRate: number };
  /** Every link direction, most utilised after the change first. */
  links: LinkDelta[];
  /** How many demands' ECMP paths changed, and the largest of them with their paths. */
  changedPathCount: number;
  changedPaths: DemandPaths[];
  /** Demands that had a path before and have none now. */
  lostDemands: { demand: string; src: string; dst: string; rate: number }[];
  lostRate: number;
  /** Destinations re-routed (incremental evaluation) out of all destinations. */
  reroutedDestinations: number;
  destinations: number;
  elapsedMs: number;
}

export interface WhatIfOptions {
  /** How many changed demands to describe with their paths (largest first); default 50. */
  detail?: number;
}

export class WhatIfEngine {
  private constructor(
    readonly topology: Topology,
    readonly graph: CompactGraph,
    readonly demands: DemandSet,
    readonly state: RoutingState,
  ) {}

  static create(topology: Topology, demands: readonly Demand[]): WhatIfEngine {
    const g = compileTopology(topology);
    const set = compileDemands(g, demands, 'whatif');
    return new WhatIfEngine(topology, g, set, RoutingState.create(g, set));
  }

  run(changes: readonly WhatIfChange[], options: WhatIfOptions = {}): WhatIfResult {
    const started = performance.now();
    const g = this.graph;
    const added = changes.filter((c): c is Extract<WhatIfChange, { kind: 'add-link' }> => c.kind === 'add-link');
    const topology = added.length ? { ...this.topology, links: [...this.topology.links, ...added.map((c) => c.link)] } : this.topology;
    const ng = added.length ? compileTopology(topology) : g;
    for (const c of added) {
      for (const end of [c.link.a, c.link.b]) if (!g.nodeIndex.has(end)) throw new Error(`whatif: the added link ends at "${end}", which is not a node of the topology`);
    }
    const weights = Float64Array.from(ng.metric);
    const capacity = Float64Array.from(ng.capacity);
    const weightChanges: ArcWeightChange[] = [];
    for (const c of changes) {
      if (c.kind !== 'metric' && c.kind !== 'capacity') continue;
      const value = c.kind === 'metric' ? c.metric : c.capacity;
      if (c.kind === 'metric' && !(value > 0)) throw new Error(`whatif: metric ${value} for link ${c.link} must be a positive number`);
      if (c.kind === 'capacity' && !(value >= 0)) throw new Error(`whatif: capacity ${value} for link ${c.link} must be ≥ 0 bit/s`);
      for (const a of selectArcs(ng, c.link, c.direction ?? 'both')) {
        if (c.kind === 'metric') { weights[a] = value; weightChanges.push({ arc: a, weight: value }); }
        else capacity[a] = value;
      }
    }
    const failures = changes.filter((c): c is Extract<WhatIfChange, { kind: 'fail' }> => c.kind === 'fail').map((c) => c.failure);
    const masks = failureMasks(ng, failures);
    let demands = this.demands;
    const scaled = new Set<number>();
    for (const c of changes) {
      if (c.kind !== 'scale') continue;
      if (!(c.factor >= 0)) throw new Error(`whatif: scale factor ${c.factor} must be ≥ 0`);
      const s = c.src !== undefined ? nodeOrThrow(g, c.src) : -1;
      const t = c.dst !== undefined ? nodeOrThrow(g, c.dst) : -1;
      const only = (i: number) => (s < 0 || demands.src[i] === s) && (t < 0 || demands.dst[i] === t);
      demands = scaleDemandSet(demands, c.factor, only);
      for (let i = 0; i < demands.count; i++) if (only(i)) scaled.add(demands.destinationSlot[demands.dst[i]!]!);
    }
    const next: RoutingOptions = { weights, arcDown: masks.arcDown, nodeDown: masks.nodeDown };

    let loadAfter: Float64Array;
    let unroutedAfter: Int32Array;
    let unroutedRateAfter: number;
    let rerouted: number;
    /** Destinations whose DAG may have changed (scaling alone moves no path). */
    let structural: Set<number>;
    let newSpf: Map<number, SpfResult>;
    let worsened: number[] | undefined;
    if (ng === g) {
      const down = pathChangingArcs(g, masks);
      // Destinations whose DAG may change are re-routed; scaled ones too (no path-change scan);
      // elsewhere a failed node's own demands are just taken off their baseline paths.
      structural = this.state.affectedByArcs(down, weightChanges);
      const slots = new Set([...structural, ...scaled]);
      // Only failures and heavier metrics: most destinations keep their distances (no SPF needed).
      worsened = weightChanges.some((c) => c.weight < g.metric[c.arc]!) ? undefined : [...down, ...weightChanges.map((c) => c.arc)];
      const r = this.state.reroute(next, slots, demands, true, worsened, masks.nodes);
      loadAfter = r.load;
      unroutedAfter = r.unrouted;
      unroutedRateAfter = r.unroutedRate;
      newSpf = r.spf;
      rerouted = slots.size;
    } else if (changes.every((c) => c.kind === 'add-link')) {
      // Only links added: destinations for which no new arc ties or beats the current distance
      // keep their DAG (a new arc can only enter a shortest path by doing so); the rest re-route.
      const arcMap = grownArcMap(g, ng);
      const mapped = new Uint8Array(ng.arcCount);
      for (const a of arcMap) mapped[a] = 1;
      const newArcs: number[] = [];
      for (let a = 0; a < ng.arcCount; a++) if (!mapped[a]) newArcs.push(a);
      structural = this.state.affectedByNewArcs(ng, newArcs, weights);
      const r = this.state.rerouteGrown(ng, arcMap, next, structural);
      loadAfter = r.load;
      unroutedAfter = r.unrouted;
      unroutedRateAfter = r.unroutedRate;
      newSpf = r.spf;
      rerouted = structural.size;
    } else {
      // Same nodes, so the demand arrays (node indices) carry over unchanged.
      const nd = demandSetFromArrays(ng.nodeCount, demands.src, demands.dst, demands.rate, demands.ids);
      const s = RoutingState.create(ng, nd, next);
      loadAfter = s.result.load;
      unroutedAfter = s.result.unrouted;
      unroutedRateAfter = s.result.unroutedRate;
      structural = new Set(demands.destinations.keys());
      newSpf = new Map(s.spf.map((tree, slot) => [slot, tree]));
      rerouted = structural.size;
    }
    const utilAfter = utilisationOf(ng, loadAfter, capacity);
    const before = this.state.result;
    const links = linkDeltas(g, ng, before.load, before.utilisation, loadAfter, utilAfter, capacity, masks.arcDown);
    const afterMax = maxOver(utilAfter, masks.arcDown);
    const paths = this.changedDemands(ng, next, structural, newSpf, demands, options.detail ?? 50, worsened);
    const wasUnrouted = new Set(before.unrouted);
    const lost = Array.from(unroutedAfter).filter((d) => !wasUnrouted.has(d));
    return {
      changes: changes.map(describeChange),
      before: { mlu: before.mlu, mluLink: arcName(g, before.mluArc), unroutedRate: before.unroutedRate },
      after: { mlu: afterMax.mlu, mluLink: arcName(ng, afterMax.arc), unroutedRate: unroutedRateAfter },
      links,
      changedPathCount: paths.count,
      changedPaths: paths.detail,
      lostDemands: lost.map((d) => ({ demand: demands.ids[d]!, src: g.nodeIds[demands.src[d]!]!, dst: g.nodeIds[demands.dst[d]!]!, rate: demands.rate[d]! })),
      lostRate: lost.reduce((s, d) => s + demands.rate[d]!, 0),
      reroutedDestinations: rerouted,
      destinations: demands.destinations.length,
      elapsedMs: performance.now() - started,
    };
  }

  /**
   * Demands whose set of ECMP paths changed: a demand's sub-DAG changes exactly when some node
   * reachable from its source (in the old DAG) has different next hops, so per destination we
   * mark nodes with changed next hops and spread the mark upstream in the old SPF order.
   */
  private changedDemands(ng: CompactGraph, next: RoutingOptions, slots: Set<number>, newSpf: Map<number, SpfResult>, demands: DemandSet, limit: number, worsened?: number[]) {
    const g = this.graph;
    const base = this.state.options;
    const hopsOld = new Int32Array(Math.max(1, g.arcCount));
    const hopsNew = new Int32Array(Math.max(1, ng.arcCount));
    const affected = new Uint8Array(g.nodeCount);
    const changed: number[] = [];
    for (const slot of slots) {
      const t = demands.destinations[slot]!;
      const oldSpf = this.state.spf[slot]!;
      const tree = newSpf.get(slot);
      affected.fill(0);
      if (tree === oldSpf && worsened) {
        // Distances unchanged: only tails of removed DAG arcs changed next hops; mark them and
        // everything upstream of them on the old DAG (breadth-first over tight in-arcs).
        markUpstream(g, oldSpf.dist, base.weights ?? g.metric, worsened, next, affected);
      } else this.scanSlot(ng, next, oldSpf, tree?.dist ?? ecmpDag(ng, t, next).distTo, affected, hopsOld, hopsNew);
      if (next.nodeDown && next.nodeDown[t]) continue; // all its demands are lost, listed as such
      const distAfter = tree?.dist;
      for (let i = demands.byDstOffsets[slot]!; i < demands.byDstOffsets[slot + 1]!; i++) {
        const d = demands.byDstOrder[i]!;
        const s = demands.src[d]!;
        // Demands left without a path are reported as lost, not as changed.
        if (s === t || !affected[s] || (next.nodeDown && next.nodeDown[s]) || (distAfter && distAfter[s] === Infinity)) continue;
        changed.push(d);
      }
    }
    return this.describeChanged(ng, next, newSpf, demands, changed, limit);
  }

  /** Compares every node's next hops before and after; marks changed ones and their upstream. */
  private scanSlot(ng: CompactGraph, next: RoutingOptions, oldSpf: SpfResult, dist: Float64Array, affected: Uint8Array, hopsOld: Int32Array, hopsNew: Int32Array): void {
    const g = this.graph;
    const base = this.state.options;
    // Nodes unreachable before: affected if reachable now (they gained paths).
    for (let v = 0; v < g.nodeCount; v++) if (oldSpf.dist[v] === Infinity && dist[v] !== Infinity) affected[v] = 1;
    for (let i = 1; i < oldSpf.settled; i++) {
      const u = oldSpf.order[i]!;
      const ko = ecmpNextHops(g, oldSpf.dist, u, base, hopsOld);
      const kn = ecmpNextHops(ng, dist, u, next, hopsNew);
      let diff = ko !== kn || dist[u] === Infinity;
      if (!diff) diff = !sameArcs(g, hopsOld, ng, hopsNew, ko);
      if (!diff) for (let j = 0; j < ko && !diff; j++) diff = affected[g.head[hopsOld[j]!]!] === 1;
      if (diff) affected[u] = 1;
    }
  }

  private describeChanged(ng: CompactGraph, next: RoutingOptions, newSpf: Map<number, SpfResult>, demands: DemandSet, changed: number[], limit: number) {
    const g = this.graph;
    const base = this.state.options;
    changed.sort((a, b) => demands.rate[b]! - demands.rate[a]! || a - b);
    const dagCache = new Map<string, EcmpDag>();
    // The DAGs come from SPFs already computed: the baseline's, and the re-routed ones.
    const dagFor = (graph: CompactGraph, opts: RoutingOptions, t: number, tag: string) => {
      const key = `${tag}:${t}`;
      if (!dagCache.has(key)) {
        const slot = demands.destinationSlot[t]!;
        const tree = tag === 'old' ? this.state.spf[slot] : newSpf.get(slot) ?? this.state.spf[slot];
        dagCache.set(key, ecmpDag(graph, t, opts, tree));
      }
      return dagCache.get(key)!;
    };
    const describe = (graph: CompactGraph, opts: RoutingOptions, s: number, t: number, tag: string) =>
      ecmpPaths(graph, s, t, opts, 16, dagFor(graph, opts, t, tag)).map((p) => ({ nodes: [graph.nodeIds[s]!, ...p.arcs.map((a) => graph.nodeIds[graph.head[a]!]!)], share: p.share }));
    const detail = changed.slice(0, limit).map((d) => {
      const s = demands.src[d]!;
      const t = demands.dst[d]!;
      return {
        demand: demands.ids[d]!,
        src: g.nodeIds[s]!,
        dst: g.nodeIds[t]!,
        rate: demands.rate[d]!,
        before: describe(g, base, s, t, 'old'),
        after: describe(ng, next, s, t, 'new'),
      };
    });
    return { count: changed.length, detail };
  }
}

/**
 * With distances unchanged, marks the tails of the worsened arcs that were on the DAG (their next
 * hops changed) and every node upstream of them on the old DAG (their sub-DAGs contain them).
 */
/** Arc a of g → the same link direction's arc in ng (g's links plus appended ones). */
function grownArcMap(g: CompactGraph, ng: CompactGraph): Int32Array {
  const map = new Int32Array(g.arcCount);
  for (let a = 0; a < g.arcCount; a++) {
    const l = g.linkOf[a]!;
    map[a] = g.linkArcA[l] === a ? ng.linkArcA[l]! : ng.linkArcB[l]!;
  }
  return map;
}

function markUpstream(g: CompactGraph, dist: Float64Array, w: ArrayLike<number>, worsened: readonly number[], next: RoutingOptions, affected: Uint8Array): void {
  const queue: number[] = [];
  for (const a of worsened) {
    const u = g.tail[a]!;
    const du = dist[u]!;
    const dv = dist[g.head[a]!]!;
    if (affected[u] || du === Infinity || dv === Infinity || (next.nodeDown && next.nodeDown[u])) continue;
    if (isTight(du, w[a]! + dv)) { affected[u] = 1; queue.push(u); }
  }
  while (queue.length) {
    const x = queue.pop()!;
    const dx = dist[x]!;
    for (let i = g.inOffsets[x]!; i < g.inOffsets[x + 1]!; i++) {
      const b = g.inArcs[i]!;
      const y = g.tail[b]!;
      if (affected[y] || dist[y] === Infinity) continue;
      if (isTight(dist[y]!, w[b]! + dx)) { affected[y] = 1; queue.push(y); }
    }
  }
}

/** Arc sets equal (k each, no duplicates), comparing by link and direction when the graphs
 *  differ so an added link's renumbering is harmless. Allocation-free: k is a node's degree. */
function sameArcs(g: CompactGraph, a: Int32Array, ng: CompactGraph, b: Int32Array, k: number): boolean {
  const byArc = g === ng;
  for (let i = 0; i < k; i++) {
    const x = byArc ? a[i]! : arcKey(g, a[i]!);
    let found = false;
    for (let j = 0; j < k && !found; j++) found = (byArc ? b[j]! : arcKey(ng, b[j]!)) === x;
    if (!found) return false;
  }
  return true;
}

/** Link index × 2 + direction: an arc's identity across graphs compiled from related topologies. */
function arcKey(graph: CompactGraph, arc: number): number {
  const l = graph.linkOf[arc]!;
  return l * 2 + (graph.linkArcB[l] === arc ? 1 : 0);
}

function linkDeltas(
  g: CompactGraph,
  ng: CompactGraph,
  loadBefore: Float64Array,
  utilBefore: Float64Array,
  loadAfter: Float64Array,
  utilAfter: Float64Array,
  capacityAfter: Float64Array,
  arcDown: Uint8Array,
): LinkDelta[] {
  const oldArc = new Map<number, number>();
  for (let a = 0; a < g.arcCount; a++) oldArc.set(arcKey(g, a), a);
  const out: LinkDelta[] = [];
  for (let a = 0; a < ng.arcCount; a++) {
    const l = ng.linkOf[a]!;
    const o = oldArc.get(arcKey(ng, a));
    out.push({
      link: ng.linkIds[l]!,
      from: ng.nodeIds[ng.tail[a]!]!,
      to: ng.nodeIds[ng.head[a]!]!,
      interface: ng.arcInterface[a] ?? '',
      capacityBefore: o === undefined ? 0 : g.capacity[o]!,
      capacityAfter: capacityAfter[a]!,
      loadBefore: o === undefined ? 0 : clean(loadBefore[o]!),
      loadAfter: clean(loadAfter[a]!),
      utilisationBefore: o === undefined ? 0 : utilBefore[o]!,
      utilisationAfter: utilAfter[a]!,
      down: arcDown[a] === 1,
    });
  }
  return out.sort((x, y) => (Number.isNaN(y.utilisationAfter) ? -1 : y.utilisationAfter) - (Number.isNaN(x.utilisationAfter) ? -1 : x.utilisationAfter) || y.loadAfter - x.loadAfter);
}

function clean(x: number): number {
  return Math.abs(x) < 1e-6 ? 0 : x;
}

function maxOver(util: Float64Array, arcDown: Uint8Array): { mlu: number; arc: number } {
  let mlu = 0;
  let arc = -1;
  for (let a = 0; a < util.length; a++) if (!arcDown[a] && util[a]! > mlu) { mlu = util[a]!; arc = a; }
  return { mlu, arc };
}

function nodeOrThrow(g: CompactGraph, id: string): number {
  const v = nodeByName(g, id);
  if (v === undefined) throw new Error(`whatif: no node "${id}" in the topology`);
  return v;
}

/** Arcs of a link given by id or "A:B" (every link between A and B), in the chosen direction. */
export function selectArcs(g: CompactGraph, link: string, direction: LinkDirectionSelector): number[] {
  const parts = link.split(':');
  const failure: Failure = g.linkIds.includes(link) || parts.length !== 2 ? { kind: 'link', id: link } : { kind: 'link', id: link, a: parts[0], b: parts[1] };
  const out: number[] = [];
  const from = failure.a !== undefined ? nodeByName(g, failure.a) : undefined;
  for (const l of resolveLinks(g, failure)) {
    for (const a of linkArcs(g, l)) {
      const isB = g.linkArcB[l] === a;
      if (direction === 'both') out.push(a);
      else if (from !== undefined) {
        // "A:B" with a direction means the A→B (ab) or B→A (ba) direction as written.
        if ((direction === 'ab') === (g.tail[a] === from)) out.push(a);
      } else if ((direction === 'ba') === isB) out.push(a);
    }
  }
  return out;
}

export function describeChange(c: WhatIfChange): string {
  switch (c.kind) {
    case 'fail':
      return `fail ${describeFailure(c.failure)}`;
    case 'metric':
      return `metric of ${c.link}${c.direction && c.direction !== 'both' ? ` (${c.direction})` : ''} → ${c.metric}`;
    case 'capacity':
      return `capacity of ${c.link}${c.direction && c.direction !== 'both' ? ` (${c.direction})` : ''} → ${c.capacity} bit/s`;
    case 'add-link':
      return `add link ${c.link.a}–${c.link.b} (metric ${c.link.ab.metric}, ${c.link.ab.capacity} bit/s)`;
    case 'scale':
      return `scale demands${c.src || c.dst ? ` ${c.src ?? '*'}→${c.dst ?? '*'}` : ''} ×${c.factor}`;
  }
}

/**
 * Text form, as on the command line:
 *   fail:link:A:B  fail:node:A  fail:srlg:X   (or just link:A:B, node:A, srlg:X)
 *   metric:A:B=20  metric:LINK=20  metric:A:B:ab=20     capacity:A:B=10G
 *   add-link:A:B:METRIC:CAPACITY[:LATENCY_MS]           scale:1.5   scale:A>B=2   scale:A>*=2
 */
export function parseWhatIfChange(text: string): WhatIfChange {
  const [head, ...rest] = text.split(':');
  const body = rest.join(':');
  if (head === 'fail') return { kind: 'fail', failure: parseFailure(body) };
  if (head === 'link' || head === 'node' || head === 'srlg') return { kind: 'fail', failure: parseFailure(text) };
  if (head === 'metric' || head === 'capacity') {
    const eq = body.lastIndexOf('=');
    if (eq < 0) throw new Error(`whatif: "${text}" needs =VALUE, e.g. ${head}:A:B=${head === 'metric' ? '20' : '10G'}`);
    let link = body.slice(0, eq);
    let direction: LinkDirectionSelector = 'both';
    const dm = /:(ab|ba)$/.exec(link);
    if (dm) { direction = dm[1] as LinkDirectionSelector; link = link.slice(0, -3); }
    const raw = body.slice(eq + 1);
    const value = head === 'metric' ? Number(raw) : parseLinkSpeed(raw);
    if (value === null || !Number.isFinite(value)) throw new Error(`whatif: "${raw}" in "${text}" is not a ${head === 'metric' ? 'number' : 'speed'}`);
    return head === 'metric' ? { kind: 'metric', link, metric: value, direction } : { kind: 'capacity', link, capacity: value, direction };
  }
  if (head === 'add-link') {
    const [a, b, metric = '1', capacity = '0', latency = '0'] = rest;
    const cap = parseLinkSpeed(capacity);
    if (!a || !b || cap === null || !(Number(metric) > 0) || !(Number(latency) >= 0)) throw new Error(`whatif: cannot read "${text}"; write add-link:A:B:METRIC:CAPACITY[:LATENCY_MS]`);
    const dir = linkDirection({ metric: Number(metric), capacity: cap, latency: Number(latency) });
    return { kind: 'add-link', link: { id: `new:${a}:${b}`, a, b, ab: dir, ba: { ...dir }, srlgs: [] } };
  }
  if (head === 'scale') {
    const m = /^(?:([^>=]+)>([^>=]+)=)?([0-9.eE+-]+)$/.exec(body);
    if (!m || !(Number(m[3]) >= 0)) throw new Error(`whatif: cannot read "${text}"; write scale:1.5 or scale:A>B=2 (A or B may be *)`);
    const change: WhatIfChange = { kind: 'scale', factor: Number(m[3]) };
    if (m[1] && m[1] !== '*') change.src = m[1];
    if (m[2] && m[2] !== '*') change.dst = m[2];
    return change;
  }
  throw new Error(`whatif: cannot read "${text}"; start with fail:, link:, node:, srlg:, metric:, capacity:, add-link: or scale:`);
}
