// A routed network kept in memory for interactive questions: the compiled graph, the traffic
// matrix, the baseline per-arc load and, per destination, the reverse SPF that produced it.
// What-ifs, the failure sweep and the metric optimiser all ask "what changes if…"; most changes
// touch few destinations' shortest-path DAGs, so only those are re-routed: their old share of
// the load is subtracted and their new share added (`reroute`).
//
// Stable API:
//   RoutingState.create(g, demands, options?)           baseline routing (does the SPFs)
//   state.affectedByArcs(down, changed)                 destinations whose DAG may change
//   state.reroute(next, slots, nextDemands?) → Rerouted new loads, only `slots` re-routed
//   state.affectedByNewArcs(ng, arcs, w) / state.rerouteGrown(ng, arcMap, next, slots)  added links
import type { CompactGraph } from '../graph/compact-graph.js';
import { demandSetFromArrays, type DemandSet } from './demand-set.js';
import { emptySpfResult, type SpfResult } from './dijkstra.js';
import { EcmpScratch, finishLoads, isTight, routeTowards, spfTowards, type LoadResult, type RoutingOptions } from './ecmp.js';

export interface Rerouted {
  load: Float64Array;
  unroutedRate: number;
  /** Demands without a path after the change (sorted indices). */
  unrouted: Int32Array;
  /** New reverse SPFs of the re-routed destinations, by slot. */
  spf: Map<number, SpfResult>;
}

/** A metric change on one arc, for the affected-destination test. */
export interface ArcWeightChange {
  arc: number;
  weight: number;
}

export class RoutingState {
  private constructor(
    readonly graph: CompactGraph,
    readonly demands: DemandSet,
    readonly options: RoutingOptions,
    readonly spf: SpfResult[],
    readonly result: LoadResult,
    /** Rate lost per destination slot in the baseline. */
    private readonly lostBySlot: Float64Array,
    readonly scratch: EcmpScratch,
    /** Per-slot baseline loads (slot × arcCount), kept when small enough, so re-routing a
     *  destination subtracts its old share without routing it again. */
    private readonly contribution: Float64Array | null,
  ) {}

  /** Largest contribution table kept (doubles): 32 MB. */
  static readonly MAX_CONTRIBUTION = 4_000_000;

  static create(g: CompactGraph, demands: DemandSet, options: RoutingOptions = {}): RoutingState {
    const scratch = new EcmpScratch(g);
    const load = new Float64Array(g.arcCount);
    const spf: SpfResult[] = [];
    const slots = demands.destinations.length;
    const lostBySlot = new Float64Array(slots);
    const unrouted: number[] = [];
    const contribution = slots * g.arcCount <= RoutingState.MAX_CONTRIBUTION ? new Float64Array(slots * g.arcCount) : null;
    let lost = 0;
    for (let slot = 0; slot < slots; slot++) {
      const tree = spfTowards(g, demands.destinations[slot]!, options, scratch.spf);
      spf.push(tree);
      const into = contribution ? contribution.subarray(slot * g.arcCount, (slot + 1) * g.arcCount) : load;
      const l = routeTowards(g, tree, demands, slot, options, into, scratch, 1, unrouted);
      lostBySlot[slot] = l;
      lost += l;
    }
    if (contribution) {
      for (let slot = 0; slot < slots; slot++) {
        const base = slot * g.arcCount;
        for (let a = 0; a < g.arcCount; a++) load[a]! += contribution[base + a]!;
      }
    }
    return new RoutingState(g, demands, options, spf, finishLoads(g, load, demands, lost, unrouted), lostBySlot, scratch, contribution);
  }

  private spareSpf: SpfResult | undefined;

  get load(): Float64Array {
    return this.result.load;
  }

  /**
   * Destination slots whose ECMP DAG can change when `down` arcs fail, `changed` arcs get new
   * weights, or `downNodes` fail (their own demands then vanish too).
   */
  affectedByArcs(down: ArrayLike<number>, changed: readonly ArcWeightChange[] = [], downNodes: readonly number[] = []): Set<number> {
    const g = this.graph;
    const w = this.options.weights ?? g.metric;
    const out = new Set<number>();
    for (const slot of this.slotsTouchingNodes(downNodes)) out.add(slot);
    for (let slot = 0; slot < this.spf.length; slot++) {
      if (out.has(slot)) continue;
      const d = this.spf[slot]!.dist;
      let hit = false;
      for (let i = 0; i < down.length && !hit; i++) {
        const a = down[i]!;
        const du = d[g.tail[a]!]!;
        const dv = d[g.head[a]!]!;
        hit = du !== Infinity && dv !== Infinity && isTight(du, w[a]! + dv);
      }
      for (let i = 0; i < changed.length && !hit; i++) {
        const { arc: a, weight } = changed[i]!;
        const du = d[g.tail[a]!]!;
        const dv = d[g.head[a]!]!;
        if (dv === Infinity) continue;
        // Heavier: matters if the arc was on the DAG. Lighter: matters if it now ties or wins.
        hit = weight > w[a]! ? du !== Infinity && isTight(du, w[a]! + dv) : weight + dv <= du * (1 + 1e-9);
      }
      if (hit) out.add(slot);
    }
    return out;
  }

  /** Destination slots that lose traffic when these nodes fail: the node is the destination or a source. */
  slotsTouchingNodes(nodes: readonly number[]): Set<number> {
    const out = new Set<number>();
    if (!nodes.length) return out;
    const down = new Set(nodes);
    const d = this.demands;
    for (let slot = 0; slot < d.destinations.length; slot++) {
      if (down.has(d.destinations[slot]!)) {
        out.add(slot);
        continue;
      }
      for (let i = d.byDstOffsets[slot]!; i < d.byDstOffsets[slot + 1]!; i++) {
        if (down.has(d.src[d.byDstOrder[i]!]!)) {
          out.add(slot);
          break;
        }
      }
    }
    return out;
  }

  /**
   * Loads after a change: the baseline with the destinations in `slots` re-routed under `next`
   * (same graph and arc numbering). `nextDemands` must share the destination slots (scaled rates).
   * `worsened`, when every change only removes arcs or raises weights, lists those arcs: a
   * destination whose distances provably survive (see distancesSurvive) skips its SPF.
   */
  reroute(next: RoutingOptions, slots: Iterable<number>, nextDemands: DemandSet = this.demands, keepSpf = true, worsened?: readonly number[], dropNodes: readonly number[] = []): Rerouted {
    const g = this.graph;
    const m = g.arcCount;
    const load = this.result.load.slice();
    const spf = new Map<number, SpfResult>();
    const reuse = keepSpf ? undefined : (this.spareSpf ??= emptySpfResult(g.nodeCount));
    const slotSet = new Set(slots);
    let lost = this.result.unroutedRate;
    const unrouted: number[] = [];
    for (const d of this.result.unrouted) if (!slotSet.has(this.demands.destinationSlot[this.demands.dst[d]!]!)) unrouted.push(d);
    for (const slot of slotSet) {
      if (this.contribution) {
        const c = this.contribution;
        const base = slot * m;
        for (let a = 0; a < m; a++) load[a]! -= c[base + a]!;
      } else routeTowards(g, this.spf[slot]!, this.demands, slot, this.options, load, this.scratch, -1);
      lost -= this.lostBySlot[slot]!;
      const tree =
        worsened && this.distancesSurvive(slot, worsened, next) ? this.spf[slot]! : spfTowards(g, nextDemands.destinations[slot]!, next, this.scratch.spf, reuse);
      if (keepSpf) spf.set(slot, tree);
      lost += routeTowards(g, tree, nextDemands, slot, next, load, this.scratch, 1, unrouted);
    }
    if (dropNodes.length) lost += this.dropDemandsAt(dropNodes, slotSet, load, unrouted);
    unrouted.sort((a, b) => a - b);
    return { load, unroutedRate: Math.max(0, lost), unrouted: Int32Array.from(unrouted), spf };
  }

  /**
   * Destination slots whose DAG can change when arcs are added (on a grown graph with the same
   * nodes): a new arc u→v of weight w matters when w + d(v) ties or beats d(u) towards that
   * destination (u may also have been unreachable); otherwise no shortest path can use it.
   */
  affectedByNewArcs(ng: CompactGraph, arcs: readonly number[], weights: ArrayLike<number>): Set<number> {
    const out = new Set<number>();
    for (let slot = 0; slot < this.spf.length; slot++) {
      const d = this.spf[slot]!.dist;
      for (const a of arcs) {
        const du = d[ng.tail[a]!]!;
        const dv = d[ng.head[a]!]!;
        if (dv !== Infinity && (du === Infinity || weights[a]! + dv <= du * (1 + 1e-9))) {
          out.add(slot);
          break;
        }
      }
    }
    return out;
  }

  /**
   * Loads on a grown graph `ng` (this graph plus added links, same nodes; `arcMap[a]` = this
   * graph's arc a in ng): every destination keeps its baseline share except `slots`, which are
   * subtracted here and re-routed on ng under `next`. Loads come back in ng's arc numbering.
   */
  rerouteGrown(ng: CompactGraph, arcMap: Int32Array, next: RoutingOptions, slots: Iterable<number>): Rerouted {
    const g = this.graph;
    const m = g.arcCount;
    const old = this.result.load.slice();
    const slotSet = new Set(slots);
    let lost = this.result.unroutedRate;
    const unrouted: number[] = [];
    for (const d of this.result.unrouted) if (!slotSet.has(this.demands.destinationSlot[this.demands.dst[d]!]!)) unrouted.push(d);
    for (const slot of slotSet) {
      if (this.contribution) {
        const base = slot * m;
        for (let a = 0; a < m; a++) old[a]! -= this.contribution[base + a]!;
      } else routeTowards(g, this.spf[slot]!, this.demands, slot, this.options, old, this.scratch, -1);
      lost -= this.lostBySlot[slot]!;
    }
    const load = new Float64Array(ng.arcCount);
    for (let a = 0; a < m; a++) load[arcMap[a]!] = old[a]!;
    const scratch = new EcmpScratch(ng);
    const nd = demandSetFromArrays(ng.nodeCount, this.demands.src, this.demands.dst, this.demands.rate, this.demands.ids);
    const spf = new Map<number, SpfResult>();
    for (const slot of slotSet) {
      const tree = spfTowards(ng, nd.destinations[slot]!, next, scratch.spf);
      spf.set(slot, tree);
      lost += routeTowards(ng, tree, nd, slot, next, load, scratch, 1, unrouted);
    }
    unrouted.sort((a, b) => a - b);
    return { load, unroutedRate: Math.max(0, lost), unrouted: Int32Array.from(unrouted), spf };
  }

  /**
   * Demands starting or ending at failed nodes, in destinations not re-routed: their share is
   * subtracted along the baseline DAG (nothing else there changes) and they become unrouted.
   */
  private dropDemandsAt(nodes: readonly number[], rerouted: Set<number>, load: Float64Array, unrouted: number[]): number {
    const d = this.demands;
    const down = new Set(nodes);
    const was = new Set(this.result.unrouted);
    const picked: number[] = [];
    for (let i = 0; i < d.count; i++) {
      if (d.src[i] === d.dst[i] || was.has(i) || rerouted.has(d.destinationSlot[d.dst[i]!]!)) continue;
      if (down.has(d.src[i]!) || down.has(d.dst[i]!)) picked.push(i);
    }
    if (!picked.length) return 0;
    const sub = demandSetFromArrays(this.graph.nodeCount, Int32Array.from(picked, (i) => d.src[i]!), Int32Array.from(picked, (i) => d.dst[i]!), Float64Array.from(picked, (i) => d.rate[i]!));
    for (let slot = 0; slot < sub.destinations.length; slot++) {
      const tree = this.spf[d.destinationSlot[sub.destinations[slot]!]!]!;
      routeTowards(this.graph, tree, sub, slot, this.options, load, this.scratch, -1);
    }
    unrouted.push(...picked);
    return sub.totalRate;
  }

  /**
   * True when removing or raising the `worsened` arcs leaves every distance towards this slot's
   * destination unchanged: each such arc that was on the DAG has a tail with another tight arc
   * that survives (by induction on distance, every node keeps a shortest path of the same
   * length). Common with ECMP: a failure usually just narrows the DAG.
   */
  private distancesSurvive(slot: number, worsened: readonly number[], next: RoutingOptions): boolean {
    const g = this.graph;
    const d = this.spf[slot]!.dist;
    const w = this.options.weights ?? g.metric;
    const nw = next.weights ?? g.metric;
    const arcDown = next.arcDown;
    const nodeDown = next.nodeDown;
    for (const a of worsened) {
      const u = g.tail[a]!;
      const du = d[u]!;
      const dv = d[g.head[a]!]!;
      if (du === Infinity || dv === Infinity || !isTight(du, w[a]! + dv)) continue;
      if (nodeDown && nodeDown[u]) continue;
      let alternative = false;
      for (let b = g.offsets[u]!; b < g.offsets[u + 1]! && !alternative; b++) {
        if (b === a || (arcDown && arcDown[b])) continue;
        const x = g.head[b]!;
        if (nodeDown && nodeDown[x]) continue;
        alternative = d[x] !== Infinity && isTight(du, nw[b]! + d[x]!);
      }
      if (!alternative) return false;
    }
    return true;
  }
}
