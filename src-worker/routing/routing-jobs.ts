// Routing jobs the worker pool runs for the host (CLI, API, UI): plain JSON params in, plain
// results out (typed arrays transferred where large). Kinds:
//   routing.loads    { topology, demands }                               → LoadSummary
//   routing.route    { topology, from, to, k?, metric?, maxHops?, avoid*, maxLatency?, demands?, changes? } → RouteAnswer
//   routing.tables   { topology, router }                                → RouteEntry[]
//   routing.whatif   { topology, demands, changes: (WhatIfChange|string)[], detail? } → WhatIfResult
//   routing.sweep    { topology, demands, kinds?, start?, end? }         → SweepChunk (one chunk)
//   routing.sweepReport { topology, demands, kinds?, chunks, top? }      → SweepReport (merges chunks)
//   routing.optimize { topology, demands, seconds, robust?, symmetric?, maxMetric? } → OptimiseResult
// A full sweep in parallel: planSweepChunks(count, workers), run one routing.sweep job per
// range (the pool runs them side by side), then routing.sweepReport with the chunks.
import { compileTopology, nodeIndexOf, type CompactGraph } from '../graph/compact-graph.js';
import type { Demand, Topology } from '../graph/topology.js';
import { withTransfer, type JobHandler } from '../jobs/job.js';
import { constrainedPath, constraintMasks } from './constrained-path.js';
import { compileDemands } from './demand-set.js';
import { routeDemands, ecmpPaths } from './ecmp.js';
import { allSingleFailures, nodeByName, type FailureKind } from './failures.js';
import { optimiseMetrics, type OptimiseResult } from './metric-optimiser.js';
import { arcCosts, COST_PRESETS, pathMetrics, type CostPreset, type PathMetrics } from './path-cost.js';
import { routeParamsWithChanges } from './route-changes.js';
import { RoutingState } from './routing-state.js';
import { routerTable, routingTables, type RouteEntry } from './routing-table.js';
import { mergeSweepChunks, sweepFailures, sweepReport, type SweepChunk, type SweepReport } from './sweep.js';
import { parseWhatIfChange, WhatIfEngine, type WhatIfChange, type WhatIfResult } from './whatif.js';
import { kShortestPaths } from './yen.js';

interface NetworkParams {
  topology: Topology;
  demands: Demand[];
}

export interface LoadSummary {
  mlu: number;
  mluLink: string | null;
  routedRate: number;
  unroutedRate: number;
  unroutedDemands: number;
  links: { link: string; from: string; to: string; capacity: number; load: number; utilisation: number }[];
}

const loads: JobHandler<NetworkParams, LoadSummary> = (p) => {
  const g = compileTopology(p.topology);
  const r = routeDemands(g, compileDemands(g, p.demands));
  return {
    mlu: r.mlu,
    mluLink: r.mluArc >= 0 ? `${g.nodeIds[g.tail[r.mluArc]!]}→${g.nodeIds[g.head[r.mluArc]!]}` : null,
    routedRate: r.routedRate,
    unroutedRate: r.unroutedRate,
    unroutedDemands: r.unrouted.length,
    links: Array.from({ length: g.arcCount }, (_, a) => ({
      link: g.linkIds[g.linkOf[a]!] ?? String(a),
      from: g.nodeIds[g.tail[a]!]!,
      to: g.nodeIds[g.head[a]!]!,
      capacity: g.capacity[a]!,
      load: r.load[a]!,
      utilisation: r.utilisation[a]!,
    })),
  };
};

export interface RouteParams {
  topology: Topology;
  from: string;
  to: string;
  /** How many paths (Yen); 1 = the best path; default 1. */
  k?: number;
  /** igp (default), latency, or cost (latency + utilisation + loss; needs demands for utilisation). */
  metric?: CostPreset;
  maxHops?: number;
  avoidLinks?: string[];
  avoidNodes?: string[];
  avoidSrlgs?: string[];
  maxLatency?: number;
  demands?: Demand[];
  /** What-if changes to route on (failures, metric changes, added links), as routing.whatif takes them. */
  changes?: string[];
}

export interface RoutedPath extends PathMetrics {
  nodes: string[];
  /** Display names of `nodes` (hostnames, city names) where they differ from ids. */
  names: string[];
  links: string[];
  interfaces: string[];
  cost: number;
}

export interface RouteAnswer {
  from: string;
  to: string;
  metric: CostPreset;
  paths: RoutedPath[];
  /** The IGP's own ECMP paths with their traffic shares (what the network does today). */
  ecmp: { nodes: string[]; names: string[]; share: number }[];
  optimal: boolean;
  reason?: string;
}

export function routeQuery(p: RouteParams): RouteAnswer {
  const g = compileTopology(p.topology);
  const s = endpoint(g, p.from);
  const t = endpoint(g, p.to);
  const metric = p.metric ?? 'igp';
  if (!(metric in COST_PRESETS)) throw new Error(`route: unknown metric "${metric}"; use igp, latency or cost`);
  const utilisation = p.demands?.length ? routeDemands(g, compileDemands(g, p.demands, 'route')).utilisation : undefined;
  const weights = metric === 'igp' ? g.metric : arcCosts(g, COST_PRESETS[metric], utilisation);
  const constrained = !!(p.avoidLinks?.length || p.avoidNodes?.length || p.avoidSrlgs?.length || p.maxLatency !== undefined);
  let found: { arcs: number[]; cost: number }[];
  let optimal = true;
  let reason: string | undefined;
  const avoid = { avoidLinks: p.avoidLinks, avoidNodes: p.avoidNodes, avoidSrlgs: p.avoidSrlgs };
  if (p.maxLatency !== undefined) {
    // A latency bound: the cheapest path meeting it (restricted shortest path), one path.
    const r = constrainedPath(g, s, t, { ...avoid, maxLatency: p.maxLatency, maxHops: p.maxHops }, weights);
    found = r.path ? [r.path] : [];
    optimal = r.optimal;
    reason = r.reason;
  } else {
    const masks = constrained ? constraintMasks(g, avoid) : {};
    found = kShortestPaths(g, s, t, { k: p.k ?? 1, maxHops: p.maxHops, weights, ...masks });
    if (!found.length) reason = `no path from ${p.from} to ${p.to}${p.maxHops ? ` within ${p.maxHops} hops` : ''}${constrained ? ' avoiding what was asked' : ''}`;
  }
  return {
    from: g.nodeIds[s]!,
    to: g.nodeIds[t]!,
    metric,
    paths: found.map((path) => describePath(g, path.arcs, path.cost, s, utilisation)),
    ecmp: ecmpPaths(g, s, t).map((e) => {
      const nodes = [s, ...e.arcs.map((a) => g.head[a]!)];
      return { nodes: nodes.map((v) => g.nodeIds[v]!), names: nodes.map((v) => g.nodeNames[v]!), share: e.share };
    }),
    optimal,
    ...(reason ? { reason } : {}),
  };
}

function endpoint(g: CompactGraph, name: string): number {
  const v = nodeByName(g, name);
  return v ?? nodeIndexOf(g, name, 'route');
}

function describePath(g: CompactGraph, arcs: number[], cost: number, s: number, utilisation?: Float64Array): RoutedPath {
  const nodes = [s, ...arcs.map((a) => g.head[a]!)];
  return {
    nodes: nodes.map((v) => g.nodeIds[v]!),
    names: nodes.map((v) => g.nodeNames[v]!),
    links: arcs.map((a) => g.linkIds[g.linkOf[a]!] ?? String(a)),
    interfaces: arcs.map((a) => g.arcInterface[a] ?? ''),
    cost,
    ...pathMetrics(g, arcs, utilisation),
  };
}

const route: JobHandler<RouteParams, RouteAnswer> = (p) => routeQuery(p.changes?.length ? routeParamsWithChanges(p, p.changes) : p);

const tables: JobHandler<{ topology: Topology; router: string }, RouteEntry[]> = (p) => {
  const g = compileTopology(p.topology);
  return routerTable(g, routingTables(g), endpoint(g, p.router));
};

const whatif: JobHandler<NetworkParams & { changes: (WhatIfChange | string)[]; detail?: number }, WhatIfResult> = (p) => {
  const engine = WhatIfEngine.create(p.topology, p.demands);
  return engine.run(p.changes.map((c) => (typeof c === 'string' ? parseWhatIfChange(c) : c)), { detail: p.detail });
};

interface SweepParams extends NetworkParams {
  kinds?: FailureKind[];
  start?: number;
  end?: number;
}

const sweep: JobHandler<SweepParams, unknown> = (p, ctx) => {
  const g = compileTopology(p.topology);
  const state = RoutingState.create(g, compileDemands(g, p.demands, 'sweep'));
  const failures = allSingleFailures(g, p.kinds);
  const chunk = sweepFailures(state, failures, {
    start: p.start,
    end: p.end,
    progress: (done, total) => ctx.progress({ fraction: total ? done / total : 1, message: `${done}/${total} failures` }),
    cancelled: () => ctx.cancelled(),
  });
  return withTransfer(chunk, [chunk.worstUtilisation.buffer as ArrayBuffer, chunk.worstFailure.buffer as ArrayBuffer, chunk.failureMlu.buffer as ArrayBuffer, chunk.failureMluArc.buffer as ArrayBuffer, chunk.failureUnrouted.buffer as ArrayBuffer]);
};

/** How many failures a sweep of these kinds evaluates (to plan chunks). */
export function sweepFailureCount(topology: Topology, kinds?: FailureKind[]): number {
  return allSingleFailures(compileTopology(topology), kinds).length;
}

const sweepReportJob: JobHandler<SweepParams & { chunks: SweepChunk[]; top?: number }, SweepReport> = (p) => {
  const g = compileTopology(p.topology);
  const state = RoutingState.create(g, compileDemands(g, p.demands, 'sweep'));
  return sweepReport(state, allSingleFailures(g, p.kinds), mergeSweepChunks(p.chunks), { top: p.top });
};

const optimize: JobHandler<NetworkParams & { seconds: number; robust?: boolean; symmetric?: boolean; maxMetric?: number; seed?: number }, OptimiseResult> = (p, ctx) =>
  optimiseMetrics(p.topology, p.demands, {
    seconds: p.seconds,
    robust: p.robust,
    symmetric: p.symmetric,
    maxMetric: p.maxMetric,
    seed: p.seed,
    progress: (pr) => ctx.progress(pr),
    cancelled: () => ctx.cancelled(),
  });

export const routingJobs = {
  'routing.loads': loads,
  'routing.route': route,
  'routing.tables': tables,
  'routing.whatif': whatif,
  'routing.sweep': sweep,
  'routing.sweepReport': sweepReportJob,
  'routing.optimize': optimize,
};
