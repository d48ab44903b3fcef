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
import type { CompactGraph } from '../graph/compact-graph.js';
import type { DemandSet } from './demand-set.js';
import type { SpfResult } from './dijkstra.js';
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
  ) {}

  static create(g: CompactGraph, demands: DemandSet, options: RoutingOptions = {}): RoutingState {
    const scratch = new EcmpScratch(g);
    const load = new Float64Array(g.arcCount);
    const spf: SpfResult[] = [];
    const lostBySlot = new Float64Array(demands.destinations.length);
    const unrouted: number[] = [];
    let lost = 0;
    for (let slot = 0; slot < demands.destinations.length; slot++) {
      const tree = spfTowards(g, demands.destinations[slot]!, options, scratch.spf);
      spf.push(tree);
      const l = routeTowards(g, tree, demands, slot, options, load, scratch, 1, unrouted);
      lostBySlot[slot] = l;
      lost += l;
    }
    return new RoutingState(g, demands, options, spf, finishLoads(g, load, demands, lost, unrouted), lostBySlot, scratch);
  }

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
    const nodeSet = new Set(downNodes);
    for (let slot = 0; slot < this.spf.length; slot++) {
      const d = this.spf[slot]!.dist;
      if (nodeSet.has(this.demands.destinations[slot]!)) {
        out.add(slot);
        continue;
      }
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
      if (!hit && nodeSet.size) {
        for (let i = this.demands.byDstOffsets[slot]!; i < this.demands.byDstOffsets[slot + 1]! && !hit; i++) {
          hit = nodeSet.has(this.demands.src[this.demands.byDstOrder[i]!]!);
        }
      }
      if (hit) out.add(slot);
    }
    return out;
  }

  /**
   * Loads after a change: the baseline with the destinations in `slots` re-routed under `next`
   * (same graph and arc numbering). `nextDemands` must share the destination slots (scaled rates).
   */
  reroute(next: RoutingOptions, slots: Iterable<number>, nextDemands: DemandSet = this.demands): Rerouted {
    const g = this.graph;
    const load = this.result.load.slice();
    const spf = new Map<number, SpfResult>();
    const slotSet = new Set(slots);
    let lost = this.result.unroutedRate;
    const unrouted: number[] = [];
    for (const d of this.result.unrouted) if (!slotSet.has(this.demands.destinationSlot[this.demands.dst[d]!]!)) unrouted.push(d);
    for (const slot of slotSet) {
      routeTowards(g, this.spf[slot]!, this.demands, slot, this.options, load, this.scratch, -1);
      lost -= this.lostBySlot[slot]!;
      const tree = spfTowards(g, nextDemands.destinations[slot]!, next, this.scratch.spf);
      // spfTowards reuses the workspace's heap only; the result arrays are fresh, safe to keep.
      spf.set(slot, tree);
      lost += routeTowards(g, tree, nextDemands, slot, next, load, this.scratch, 1, unrouted);
    }
    unrouted.sort((a, b) => a - b);
    return { load, unroutedRate: Math.max(0, lost), unrouted: Int32Array.from(unrouted), spf };
  }
}
