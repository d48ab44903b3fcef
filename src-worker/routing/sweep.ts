// Worst-case failure sweep: every single link, node and SRLG failure, re-routed incrementally
// on a RoutingState; per link direction, the worst utilisation any failure causes and which
// failure causes it (WAE's worst-case report), plus per failure its MLU and the traffic it
// strands. The failure list splits into chunks (`planSweepChunks`) that separate worker jobs
// evaluate in parallel; `mergeSweepChunks` combines them and `sweepReport` makes them readable.
//
// Stable API:
//   sweepFailures(state, failures, { start?, end?, progress?, cancelled? }) → SweepChunk
//   planSweepChunks(failureCount, chunks) → { start, end }[]
//   mergeSweepChunks(chunks) → SweepChunk
//   sweepReport(state, failures, merged, { top? }) → SweepReport
import { arcName, linkArcs } from '../graph/compact-graph.js';
import { maxUtilisation, utilisationOf } from './ecmp.js';
import { describeFailure, failureMasks, type Failure } from './failures.js';
import type { RoutingState } from './routing-state.js';

export interface SweepChunk {
  start: number;
  end: number;
  /** Per arc: worst utilisation over the failures evaluated (NaN where capacity is unknown). */
  worstUtilisation: Float64Array;
  /** Per arc: index (into the full failure list) of the failure causing it; -1 = none worse than normal. */
  worstFailure: Int32Array;
  /** Per failure evaluated (index start + i): MLU, its arc, rate stranded. */
  failureMlu: Float64Array;
  failureMluArc: Int32Array;
  failureUnrouted: Float64Array;
  /** Failures skipped because they name something missing (should be none for generated lists). */
  errors: { index: number; message: string }[];
  cancelled: boolean;
}

export interface SweepHooks {
  start?: number;
  end?: number;
  /** Called every few failures with how many of this chunk are done. */
  progress?: (done: number, total: number) => void;
  /** Polled between failures; when true the chunk stops and reports what it has. */
  cancelled?: () => boolean;
}

export function sweepFailures(state: RoutingState, failures: readonly Failure[], hooks: SweepHooks = {}): SweepChunk {
  const g = state.graph;
  const start = Math.max(0, hooks.start ?? 0);
  const end = Math.min(failures.length, hooks.end ?? failures.length);
  const count = Math.max(0, end - start);
  const worstUtilisation = state.result.utilisation.slice();
  const worstFailure = new Int32Array(g.arcCount).fill(-1);
  const failureMlu = new Float64Array(count).fill(NaN);
  const failureMluArc = new Int32Array(count).fill(-1);
  const failureUnrouted = new Float64Array(count).fill(NaN);
  const errors: SweepChunk['errors'] = [];
  const down: number[] = [];
  let cancelled = false;
  let done = 0;
  const every = Math.max(1, Math.floor(count / 100));
  for (let i = 0; i < count; i++) {
    if (hooks.cancelled?.()) {
      cancelled = true;
      break;
    }
    const index = start + i;
    let masks;
    try {
      masks = failureMasks(g, [failures[index]!]);
    } catch (e) {
      errors.push({ index, message: (e as Error).message });
      done = i + 1;
      continue;
    }
    down.length = 0;
    for (const l of masks.links) down.push(...linkArcs(g, l));
    // A failed node's in-arcs change transit paths; its own traffic is dropped (reroute's dropNodes).
    for (const v of masks.nodes) for (let k = g.inOffsets[v]!; k < g.inOffsets[v + 1]!; k++) down.push(g.inArcs[k]!);
    const slots = state.affectedByArcs(down);
    const r = state.reroute({ weights: state.options.weights, arcDown: masks.arcDown, nodeDown: masks.nodeDown }, slots, state.demands, false, down, masks.nodes);
    const util = utilisationOf(g, r.load);
    const { mlu, arc } = maxUtilisation(util, masks.arcDown);
    failureMlu[i] = mlu;
    failureMluArc[i] = arc;
    failureUnrouted[i] = r.unroutedRate;
    for (let a = 0; a < g.arcCount; a++) {
      if (masks.arcDown[a]) continue;
      if (util[a]! > worstUtilisation[a]! + 1e-12) { worstUtilisation[a] = util[a]!; worstFailure[a] = index; }
    }
    done = i + 1;
    if (hooks.progress && done % every === 0) hooks.progress(done, count);
  }
  if (done % every !== 0 || count === 0) hooks.progress?.(done, count);
  return { start, end, worstUtilisation, worstFailure, failureMlu, failureMluArc, failureUnrouted, errors, cancelled };
}

/** Splits `failureCount` failures into at most `chunks` contiguous ranges of similar size. */
export function planSweepChunks(failureCount: number, chunks: number): { start: number; end: number }[] {
  const k = Math.max(1, Math.min(chunks, failureCount));
  const out: { start: number; end: number }[] = [];
  for (let i = 0; i < k; i++) out.push({ start: Math.floor((i * failureCount) / k), end: Math.floor(((i + 1) * failureCount) / k) });
  return out.filter((r) => r.end > r.start);
}

export function mergeSweepChunks(chunks: readonly SweepChunk[]): SweepChunk {
  if (chunks.length === 0) throw new Error('sweep: nothing to merge');
  const sorted = [...chunks].sort((a, b) => a.start - b.start);
  const first = sorted[0]!;
  const start = first.start;
  const end = sorted.at(-1)!.end;
  const worstUtilisation = first.worstUtilisation.slice();
  const worstFailure = first.worstFailure.slice();
  const n = end - start;
  const failureMlu = new Float64Array(n).fill(NaN);
  const failureMluArc = new Int32Array(n).fill(-1);
  const failureUnrouted = new Float64Array(n).fill(NaN);
  for (const c of sorted) {
    for (let a = 0; a < worstUtilisation.length; a++) {
      const u = c.worstUtilisation[a]!;
      // Ties go to the earliest failure so the merged answer does not depend on chunking.
      if (u > worstUtilisation[a]! + 1e-12 || (Math.abs(u - worstUtilisation[a]!) <= 1e-12 && c.worstFailure[a]! >= 0 && (worstFailure[a]! < 0 || c.worstFailure[a]! < worstFailure[a]!))) {
        worstUtilisation[a] = u;
        worstFailure[a] = c.worstFailure[a]!;
      }
    }
    failureMlu.set(c.failureMlu, c.start - start);
    failureMluArc.set(c.failureMluArc, c.start - start);
    failureUnrouted.set(c.failureUnrouted, c.start - start);
  }
  return {
    start,
    end,
    worstUtilisation,
    worstFailure,
    failureMlu,
    failureMluArc,
    failureUnrouted,
    errors: sorted.flatMap((c) => c.errors),
    cancelled: sorted.some((c) => c.cancelled),
  };
}

export interface SweepReport {
  failuresEvaluated: number;
  normalMlu: number;
  worstMlu: number;
  worstFailure: string | null;
  /** Per link direction, worst first. */
  links: { link: string; from: string; to: string; capacity: number; normalUtilisation: number; worstUtilisation: number; worstFailure: string | null }[];
  /** Failures ranked by the MLU they cause (top N). */
  failures: { failure: string; mlu: number; mluLink: string | null; unroutedRate: number }[];
  /** Failures that strand traffic: `unroutedRate` in all, of which `ownRate` starts or ends at
   *  the failed node itself (unavoidable); the rest is transit traffic cut off by a partition. */
  stranding: { failure: string; unroutedRate: number; ownRate: number }[];
  errors: { failure: string; message: string }[];
  cancelled: boolean;
}

export function sweepReport(state: RoutingState, failures: readonly Failure[], merged: SweepChunk, options: { top?: number } = {}): SweepReport {
  const g = state.graph;
  const top = options.top ?? 20;
  const name = (i: number) => (i >= 0 ? describeFailure(failures[i]!) : null);
  const links = Array.from({ length: g.arcCount }, (_, a) => ({
    link: g.linkOf[a]! >= 0 ? g.linkIds[g.linkOf[a]!]! : String(a),
    from: g.nodeIds[g.tail[a]!]!,
    to: g.nodeIds[g.head[a]!]!,
    capacity: g.capacity[a]!,
    normalUtilisation: state.result.utilisation[a]!,
    worstUtilisation: merged.worstUtilisation[a]!,
    worstFailure: name(merged.worstFailure[a]!),
  })).sort((x, y) => nanLow(y.worstUtilisation) - nanLow(x.worstUtilisation));
  const evaluated: { i: number; mlu: number }[] = [];
  for (let i = 0; i < merged.failureMlu.length; i++) if (!Number.isNaN(merged.failureMlu[i]!)) evaluated.push({ i, mlu: merged.failureMlu[i]! });
  evaluated.sort((x, y) => y.mlu - x.mlu || x.i - y.i);
  const worst = evaluated[0];
  const own = ownRates(state);
  const stranding = evaluated
    .filter(({ i }) => merged.failureUnrouted[i]! > state.result.unroutedRate + 1e-6)
    .map(({ i }) => {
      const f = failures[merged.start + i]!;
      const ownRate = f.kind === 'node' ? (own.get(g.nodeIndex.get(f.id) ?? -1) ?? 0) : 0;
      return { failure: name(merged.start + i)!, unroutedRate: merged.failureUnrouted[i]! - state.result.unroutedRate, ownRate };
    })
    .sort((x, y) => y.unroutedRate - y.ownRate - (x.unroutedRate - x.ownRate) || y.unroutedRate - x.unroutedRate);
  return {
    failuresEvaluated: evaluated.length,
    normalMlu: state.result.mlu,
    worstMlu: worst ? Math.max(worst.mlu, state.result.mlu) : state.result.mlu,
    worstFailure: worst && worst.mlu > state.result.mlu ? name(merged.start + worst.i) : null,
    links,
    failures: evaluated.slice(0, top).map(({ i, mlu }) => ({ failure: name(merged.start + i)!, mlu, mluLink: arcName(g, merged.failureMluArc[i]!), unroutedRate: merged.failureUnrouted[i]! })),
    stranding,
    errors: merged.errors.map((e) => ({ failure: name(e.index)!, message: e.message })),
    cancelled: merged.cancelled,
  };
}

/** Per node, the rate of demands starting or ending there (lost with the node whatever routing does). */
function ownRates(state: RoutingState): Map<number, number> {
  const d = state.demands;
  const out = new Map<number, number>();
  const unrouted = new Set(state.result.unrouted);
  for (let i = 0; i < d.count; i++) {
    const s = d.src[i]!;
    const t = d.dst[i]!;
    if (s === t || unrouted.has(i)) continue;
    out.set(s, (out.get(s) ?? 0) + d.rate[i]!);
    out.set(t, (out.get(t) ?? 0) + d.rate[i]!);
  }
  return out;
}

function nanLow(x: number): number {
  return Number.isNaN(x) ? -1 : x;
}
