// Routing a step's traffic with loss: traffic towards one destination flows down the cached ECMP
// DAG (routing engine's next hops, equal split per next-hop arc) from the farthest routers
// inwards, and at every arc a share is dropped — congestion loss where the arc is over capacity,
// and the link's background loss. What reaches the destination is delivered. Every bit offered
// ends up in exactly one of: delivered, dropped on an arc, unroutable (no path / failed node) —
// the conservation the tests check. The load an arc carries is what reaches it, after upstream
// losses, which is what its interface counters would show.
import type { CompactGraph } from '../graph/compact-graph.js';
import type { DemandSet } from '../routing/demand-set.js';
import type { RoutingOptions } from '../routing/ecmp.js';
import type { EcmpRoute } from './route-cache.js';

export interface ArcLossState {
  /** Per arc: congestion drop fraction (null: none anywhere) and background loss fraction. */
  congestion: Float64Array | null;
  background: Float64Array;
  /** Per arc accumulators, bit/s: carried (entering the arc), dropped by congestion and by background loss. */
  carried: Float64Array;
  droppedCongestion: Float64Array;
  droppedBackground: Float64Array;
}

export function newArcLossState(g: CompactGraph, congestion: Float64Array | null): ArcLossState {
  return {
    congestion,
    background: g.loss,
    carried: new Float64Array(g.arcCount),
    droppedCongestion: new Float64Array(g.arcCount),
    droppedBackground: new Float64Array(g.arcCount),
  };
}

/** Routes one destination's demands with loss; returns delivered and unroutable bit/s. */
export function propagateWithLoss(
  g: CompactGraph,
  route: EcmpRoute | null,
  demands: DemandSet,
  slot: number,
  options: RoutingOptions,
  state: ArcLossState,
  nodeIn: Float64Array,
): { delivered: number; unroutable: number } {
  const t = demands.destinations[slot]!;
  let unroutable = 0;
  const nodeDown = options.nodeDown;
  const dist = route?.spf.dist;
  for (let i = demands.byDstOffsets[slot]!; i < demands.byDstOffsets[slot + 1]!; i++) {
    const d = demands.byDstOrder[i]!;
    const s = demands.src[d]!;
    const r = demands.rate[d]!;
    if (s === t || r === 0) continue;
    if (!dist || dist[s] === Infinity || (nodeDown && nodeDown[s])) unroutable += r;
    else nodeIn[s]! += r;
  }
  if (!route) return { delivered: 0, unroutable };
  const { seqNode, seqStart, seqArcs } = route;
  const { congestion, background, carried, droppedCongestion, droppedBackground } = state;
  const head = g.head;
  for (let i = 0; i < seqNode.length; i++) {
    const u = seqNode[i]!;
    const inflow = nodeIn[u]!;
    if (inflow === 0) continue;
    nodeIn[u] = 0;
    const from = seqStart[i]!;
    const end = seqStart[i + 1]!;
    if (end === from) {
      unroutable += inflow; // settled yet no next hop: impossible with positive metrics, but counted
      continue;
    }
    const share = inflow / (end - from);
    if (congestion === null) {
      // The common case (no link over capacity): only background loss, one multiply per arc.
      for (let j = from; j < end; j++) {
        const a = seqArcs[j]!;
        const lost = share * background[a]!;
        carried[a]! += share;
        droppedBackground[a]! += lost;
        nodeIn[head[a]!]! += share - lost;
      }
      continue;
    }
    for (let j = from; j < end; j++) {
      const a = seqArcs[j]!;
      const congested = share * congestion[a]!;
      const lostInFlight = (share - congested) * background[a]!;
      carried[a]! += share;
      droppedCongestion[a]! += congested;
      droppedBackground[a]! += lostInFlight;
      nodeIn[head[a]!]! += share - congested - lostInFlight;
    }
  }
  const delivered = nodeIn[t]!;
  nodeIn[t] = 0;
  return { delivered, unroutable };
}
