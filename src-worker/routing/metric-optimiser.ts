// IGP metric optimisation: find metric changes that lower the maximum link utilisation (MLU),
// optionally under every single link failure too, within a time budget. Local search in the
// style of Fortz–Thorup: the objective is (MLU, Φ) compared in that order, Φ being their
// piecewise-linear cost (fortz-thorup.ts) which tells moves apart when the MLU does not move.
// Moves target the hottest link: raise its metric to the values where an alternative path ties
// (ECMP then splits) or wins, or lower a sibling out-link's metric until it ties; when no such
// move helps, random moves near the hot spots. Every candidate is evaluated incrementally.
// The result is then made minimal (changes that do not help are reverted) and ordered greedily
// so that applying the first k changes gives the best MLU reachable with k changes from this
// set: fewest changes first. Never returns something worse than the start: then no changes.
//
// Stable API:
//   optimiseMetrics(topology, demands, options) → OptimiseResult
import { compileTopology, linkArcs, type CompactGraph } from '../graph/compact-graph.js';
import type { Demand, Topology } from '../graph/topology.js';
import { compileDemands, type DemandSet } from './demand-set.js';
import { isTight, maxUtilisation, utilisationOf } from './ecmp.js';
import { allSingleFailures, failureMasks, type FailureMasks } from './failures.js';
import { networkCost } from './fortz-thorup.js';
import { RoutingState, type ArcWeightChange } from './routing-state.js';
import { mergeSweepChunks, sweepFailures } from './sweep.js';

export interface OptimiseOptions {
  /** Time budget, seconds: about 3/4 for the search, the rest to prune and order its result. */
  seconds: number;
  /** Also minimise the worst MLU under single link failures (a sample of the most critical ones during search, all of them to verify). */
  robust?: boolean;
  /** How many critical failures the robust search tracks (default 6). */
  criticalFailures?: number;
  /** Change both directions of a link together (default true). */
  symmetric?: boolean;
  /** Highest metric the search may set (default: max(2 × the largest metric, 20)). */
  maxMetric?: number;
  seed?: number;
  progress?: (p: { fraction: number; message: string; mlu: number }) => void;
  cancelled?: () => boolean;
}

export interface MetricChange {
  link: string;
  from: string;
  to: string;
  /** 'both' in symmetric mode. */
  direction: 'ab' | 'ba' | 'both';
  before: number;
  after: number;
  /** MLU (the robust objective when robust) once this and every earlier change are applied. */
  mluAfter: number;
}

export interface OptimiseResult {
  before: { mlu: number; phi: number; worstFailureMlu?: number };
  after: { mlu: number; phi: number; worstFailureMlu?: number };
  /** Fewest changes first: apply them in order; the last gives `after`. Empty when nothing helped. */
  changes: MetricChange[];
  evaluations: number;
  elapsedMs: number;
  stoppedBy: 'budget' | 'cancelled' | 'converged';
  note?: string;
}

interface Score {
  mlu: number;
  phi: number;
}

const EPS = 1e-9;

function better(a: Score, b: Score): boolean {
  if (a.mlu < b.mlu - EPS) return true;
  if (a.mlu > b.mlu + EPS) return false;
  return a.phi < b.phi * (1 - 1e-12) - EPS;
}

/** Routing states for the normal case and each tracked failure, under one set of weights. */
class Evaluator {
  states: RoutingState[] = [];
  score: Score = { mlu: 0, phi: 0 };
  evaluations = 0;
  constructor(
    readonly g: CompactGraph,
    readonly demands: DemandSet,
    readonly scenarios: FailureMasks[],
    public weights: Float64Array,
  ) {
    this.commit(weights);
  }

  commit(weights: Float64Array): void {
    this.weights = weights;
    this.states = this.scenarios.map((m) => RoutingState.create(this.g, this.demands, { weights, arcDown: m.arcDown, nodeDown: m.nodeDown }));
    this.score = this.combine(this.states.map((s, i) => [s.result.load, this.scenarios[i]!.arcDown] as const));
  }

  /** Score of the current weights with `changes` applied, re-routing only affected destinations. */
  evaluate(changes: ArcWeightChange[]): Score {
    this.evaluations++;
    const w = this.weights.slice();
    for (const c of changes) w[c.arc] = c.weight;
    const loads = this.states.map((s, i) => {
      const m = this.scenarios[i]!;
      const slots = s.affectedByArcs([], changes.filter((c) => !m.arcDown[c.arc]));
      return [slots.size ? s.reroute({ weights: w, arcDown: m.arcDown, nodeDown: m.nodeDown }, slots, s.demands, false).load : s.result.load, m.arcDown] as const;
    });
    return this.combine(loads);
  }

  private combine(loads: readonly (readonly [Float64Array, Uint8Array])[]): Score {
    let mlu = 0;
    let phi = 0;
    for (const [load, down] of loads) {
      mlu = Math.max(mlu, maxUtilisation(utilisationOf(this.g, load), down).mlu);
      phi += networkCost(load, this.g.capacity, down);
    }
    return { mlu, phi };
  }

  /** The scenario with the highest MLU and its hottest arc. */
  hottest(exclude: Set<number>): number {
    let best = -1;
    let bestU = -1;
    for (let i = 0; i < this.states.length; i++) {
      const util = this.states[i]!.result.utilisation;
      const down = this.scenarios[i]!.arcDown;
      for (let a = 0; a < util.length; a++) {
        if (down[a] || exclude.has(a)) continue;
        if (util[a]! > bestU) { bestU = util[a]!; best = a; }
      }
    }
    return best;
  }
}

export function optimiseMetrics(topology: Topology, demandList: readonly Demand[], options: OptimiseOptions): OptimiseResult {
  const started = performance.now();
  // The search gets three quarters of the budget; pruning and ordering the result take the rest.
  const deadline = started + Math.max(0, options.seconds) * 750;
  const g = compileTopology(topology);
  const demands = compileDemands(g, demandList, 'optimize');
  const symmetric = options.symmetric ?? true;
  let maxW = 0;
  for (let a = 0; a < g.arcCount; a++) maxW = Math.max(maxW, g.metric[a]!);
  const maxMetric = options.maxMetric ?? Math.max(20, Math.ceil(2 * maxW));
  let seed = (options.seed ?? 1) >>> 0 || 1;
  const random = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0), seed / 2 ** 32);

  const linkFailures = allSingleFailures(g, ['link']);
  const worstFailureMlu = (weights: Float64Array) => {
    const state = RoutingState.create(g, demands, { weights });
    const chunk = mergeSweepChunks([sweepFailures(state, linkFailures)]);
    let worst = state.result.mlu;
    chunk.failureMlu.forEach((m) => (worst = Math.max(worst, Number.isNaN(m) ? 0 : m)));
    return { worst, chunk };
  };

  const initial = Float64Array.from(g.metric);
  const scenarios: FailureMasks[] = [failureMasks(g, [])];
  let initialWorst: number | undefined;
  if (options.robust) {
    const { worst, chunk } = worstFailureMlu(initial);
    initialWorst = worst;
    const ranked = Array.from(chunk.failureMlu.keys()).sort((x, y) => (chunk.failureMlu[y] ?? 0) - (chunk.failureMlu[x] ?? 0));
    for (const i of ranked.slice(0, options.criticalFailures ?? 6)) scenarios.push(failureMasks(g, [linkFailures[i]!]));
  }
  const ev = new Evaluator(g, demands, scenarios, initial.slice());
  const start: Score = { ...ev.score };
  const unitArcs = (arc: number) => (symmetric && g.linkOf[arc]! >= 0 ? linkArcs(g, g.linkOf[arc]!) : [arc]);
  const set = (arc: number, weight: number): ArcWeightChange[] => unitArcs(arc).map((a) => ({ arc: a, weight }));

  let stoppedBy: OptimiseResult['stoppedBy'] = 'budget';
  const tabu = new Set<number>();
  let fruitlessRandom = 0;
  let lastProgress = 0;
  while (performance.now() < deadline) {
    if (options.cancelled?.()) {
      stoppedBy = 'cancelled';
      break;
    }
    const now = performance.now();
    if (options.progress && now - lastProgress > 200) {
      lastProgress = now;
      options.progress({ fraction: Math.min(1, (now - started) / (deadline - started || 1)), message: `MLU ${start.mlu.toFixed(4)} → ${ev.score.mlu.toFixed(4)}, ${ev.evaluations} moves tried`, mlu: ev.score.mlu });
    }
    const hot = ev.hottest(tabu);
    let candidates: ArcWeightChange[][] = [];
    if (hot >= 0 && tabu.size < 12) candidates = targetedMoves(ev, hot, maxMetric, set);
    else {
      if (++fruitlessRandom > 400) {
        stoppedBy = 'converged';
        break;
      }
      const pick = ev.hottest(new Set()) >= 0 && random() < 0.7 ? nearHot(ev, random) : Math.floor(random() * g.arcCount);
      candidates = [set(pick, 1 + Math.floor(random() * maxMetric))];
    }
    let bestMove: ArcWeightChange[] | null = null;
    let bestScore = ev.score;
    for (const move of candidates) {
      if (performance.now() >= deadline) break;
      const s = ev.evaluate(move);
      if (better(s, bestScore)) { bestScore = s; bestMove = move; }
    }
    if (bestMove) {
      const w = ev.weights.slice();
      for (const c of bestMove) w[c.arc] = c.weight;
      ev.commit(w);
      tabu.clear();
      fruitlessRandom = 0;
    } else if (hot >= 0 && tabu.size < 12) tabu.add(hot);
  }

  const evaluations = () => ev.evaluations;
  let best = ev.weights;
  let note: string | undefined;
  if (!better(ev.score, start)) best = initial;
  const plan = orderChanges(g, demands, scenarios, initial, best, symmetric);
  let afterWorst: number | undefined;
  if (options.robust && plan.changes.length) {
    afterWorst = worstFailureMlu(plan.weights).worst;
    if (afterWorst > initialWorst! + EPS) {
      note = `the changes found lowered the tracked failures' MLU but a failure outside them reached ${afterWorst.toFixed(4)} (start: ${initialWorst!.toFixed(4)}); keeping the current metrics`;
      plan.changes = [];
      plan.score = start;
      afterWorst = initialWorst;
    }
  }
  const normal = (weights: Float64Array) => {
    const s = RoutingState.create(g, demands, { weights });
    return { mlu: s.result.mlu, phi: networkCost(s.result.load, g.capacity) };
  };
  const beforeNormal = normal(initial);
  const afterNormal = plan.changes.length ? normal(plan.weights) : beforeNormal;
  return {
    before: { ...beforeNormal, ...(options.robust ? { worstFailureMlu: initialWorst } : {}) },
    after: { ...afterNormal, ...(options.robust ? { worstFailureMlu: afterWorst ?? initialWorst } : {}) },
    changes: plan.changes,
    evaluations: evaluations() + plan.evaluations,
    elapsedMs: performance.now() - started,
    stoppedBy,
    ...(note ? { note } : {}),
  };
}

/** Raise the hot arc to tie/win values, or lower a sibling out-arc until it ties. */
function targetedMoves(ev: Evaluator, hot: number, maxMetric: number, set: (arc: number, w: number) => ArcWeightChange[]): ArcWeightChange[][] {
  const g = ev.g;
  const w = ev.weights;
  const u = g.tail[hot]!;
  const v = g.head[hot]!;
  const raise = new Set<number>();
  const lower = new Map<number, Set<number>>();
  for (const state of ev.states) {
    for (const tree of state.spf) {
      const d = tree.dist;
      if (d[u] === Infinity || d[v] === Infinity || !isTight(d[u]!, w[hot]! + d[v]!)) continue;
      let alt = Infinity;
      for (let b = g.offsets[u]!; b < g.offsets[u + 1]!; b++) {
        if (b === hot || g.reverseArc[hot] === b) continue;
        const x = g.head[b]!;
        if (d[x] === Infinity) continue;
        alt = Math.min(alt, w[b]! + d[x]!);
        const tie = d[u]! - d[x]!;
        if (tie >= 1 && tie < w[b]!) {
          const s = lower.get(b) ?? new Set<number>();
          s.add(Math.round(tie));
          lower.set(b, s);
        }
      }
      if (alt < Infinity) {
        const tie = alt - d[v]!;
        if (tie > w[hot]!) { raise.add(Math.round(tie)); raise.add(Math.round(tie) + 1); }
      }
    }
  }
  raise.add(w[hot]! + 1);
  raise.add(Math.ceil(w[hot]! * 1.5));
  const moves: ArcWeightChange[][] = [];
  for (const x of [...raise].filter((x) => x > w[hot]! && x <= maxMetric).sort((a, b) => a - b).slice(0, 10)) moves.push(set(hot, x));
  for (const [b, values] of lower) for (const x of [...values].sort((a, b2) => a - b2).slice(0, 3)) if (x >= 1) moves.push(set(b, x));
  return moves;
}

/** A random arc among the 20 most utilised in any scenario. */
function nearHot(ev: Evaluator, random: () => number): number {
  const taken = new Set<number>();
  for (let i = 0; i < 20; i++) {
    const a = ev.hottest(taken);
    if (a < 0) break;
    taken.add(a);
  }
  const list = [...taken];
  return list[Math.floor(random() * list.length)] ?? 0;
}

interface Plan {
  changes: MetricChange[];
  weights: Float64Array;
  score: Score;
  evaluations: number;
}

/** Drops changes that do not help, then orders the rest greedily: best MLU first. */
function orderChanges(g: CompactGraph, demands: DemandSet, scenarios: FailureMasks[], initial: Float64Array, best: Float64Array, symmetric: boolean): Plan {
  type Unit = { arcs: number[]; after: number };
  const units: Unit[] = [];
  const seen = new Set<number>();
  for (let a = 0; a < g.arcCount; a++) {
    if (initial[a] === best[a] || seen.has(a)) continue;
    const arcs = symmetric && g.linkOf[a]! >= 0 ? linkArcs(g, g.linkOf[a]!).filter((x) => initial[x] !== best[x]) : [a];
    arcs.forEach((x) => seen.add(x));
    units.push({ arcs, after: best[a]! });
  }
  const ev = new Evaluator(g, demands, scenarios, best.slice());
  const target = ev.score;
  // Prune: revert a change when the objective does not get worse without it.
  for (let i = units.length - 1; i >= 0; i--) {
    const unit = units[i]!;
    const s = ev.evaluate(unit.arcs.map((a) => ({ arc: a, weight: initial[a]! })));
    if (!better(target, s)) {
      const w = ev.weights.slice();
      for (const a of unit.arcs) w[a] = initial[a]!;
      ev.commit(w);
      units.splice(i, 1);
    }
  }
  const finalWeights = ev.weights.slice();
  let evaluations = ev.evaluations;
  // Greedy order from the initial weights.
  const step = new Evaluator(g, demands, scenarios, initial.slice());
  const remaining = [...units];
  const changes: MetricChange[] = [];
  while (remaining.length) {
    let bi = 0;
    let bs: Score | null = null;
    for (let i = 0; i < remaining.length; i++) {
      const s = step.evaluate(remaining[i]!.arcs.map((a) => ({ arc: a, weight: remaining[i]!.after })));
      if (!bs || better(s, bs)) { bs = s; bi = i; }
    }
    const unit = remaining.splice(bi, 1)[0]!;
    const w = step.weights.slice();
    for (const a of unit.arcs) w[a] = unit.after;
    step.commit(w);
    const a0 = unit.arcs[0]!;
    const l = g.linkOf[a0]!;
    changes.push({
      link: l >= 0 ? g.linkIds[l]! : String(a0),
      from: g.nodeIds[g.tail[a0]!]!,
      to: g.nodeIds[g.head[a0]!]!,
      direction: unit.arcs.length > 1 ? 'both' : l >= 0 && g.linkArcB[l] === a0 ? 'ba' : 'ab',
      before: initial[a0]!,
      after: unit.after,
      mluAfter: step.score.mlu,
    });
  }
  evaluations += step.evaluations;
  return { changes, weights: finalWeights, score: step.score, evaluations };
}
