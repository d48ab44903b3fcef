// The routing area's calls the topology and what-if views make: stored topologies (list, get,
// import a file on the host), base loads, paths, what-ifs, the failure sweep and the metric
// optimiser. Shapes are the routing contract's; a service without the routing area answers
// "no method", which the views show as such.
import { api } from '../api/client.js';
import type { TopologyData, TopologyLoads } from './topology-data.js';

export interface TopologySummary {
  topologyId: string;
  name: string;
  source: string | null;
  createdAt: string;
  devices: number;
  links: number;
  demands: number;
  warnings: string[];
}

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
  links: LinkDelta[];
  changedPathCount: number;
  changedPaths: DemandPaths[];
  lostDemands: { demand: string; src: string; dst: string; rate: number }[];
  lostRate: number;
  reroutedDestinations: number;
  destinations: number;
  elapsedMs: number;
}

export interface RoutedPath {
  nodes: string[];
  links: string[];
  interfaces: string[];
  cost: number;
  [metric: string]: unknown;
}

export interface RouteAnswer {
  from: string;
  to: string;
  metric: string;
  paths: RoutedPath[];
  ecmp: { nodes: string[]; share: number }[];
  optimal: boolean;
  reason?: string;
}

export interface SweepReport {
  failuresEvaluated: number;
  normalMlu: number;
  worstMlu: number;
  worstFailure: string | null;
  links: { link: string; from: string; to: string; capacity: number; normalUtilisation: number; worstUtilisation: number; worstFailure: string | null }[];
  failures: { failure: string; mlu: number; mluLink: string | null; unroutedRate: number }[];
  stranding: { failure: string; unroutedRate: number }[];
  errors: { failure: string; message: string }[];
  cancelled: boolean;
}

export interface OptimiseResult {
  before: { mlu: number; phi: number; worstFailureMlu?: number };
  after: { mlu: number; phi: number; worstFailureMlu?: number };
  changes: { link?: string; from?: string; to?: string; before?: number; after?: number; [k: string]: unknown }[];
  evaluations: number;
  elapsedMs: number;
  stoppedBy: 'budget' | 'cancelled' | 'converged';
  note?: string;
}

type LooseCall = (method: string, params: unknown) => Promise<unknown>;
const call = <T>(method: string, params: unknown) => (api.call as unknown as LooseCall)(method, params) as Promise<T>;

export const routingApi = {
  list: () => call<TopologySummary[]>('topology.list', {}),
  get: (topology: string) => call<{ summary: TopologySummary; topology: TopologyData; demands: { src: string; dst: string; rate: number }[] }>('topology.get', { topology }),
  importFile: (file: string, demandsFile?: string) => call<TopologySummary>('topology.import', { file, ...(demandsFile ? { demandsFile } : {}) }),
  route: (p: { topology: string; from: string; to: string; k: number; metric?: 'igp' | 'latency' | 'cost' }) => call<RouteAnswer>('routing.route', p),
  whatif: (p: { topology: string; changes: string[]; detail?: number }) => call<WhatIfResult>('routing.whatif', p),
  sweep: (p: { topology: string; kinds?: ('link' | 'node' | 'srlg')[]; top?: number }) => call<SweepReport>('routing.sweep', p),
  optimize: (p: { topology: string; seconds: number; robust?: boolean }) => call<OptimiseResult>('routing.optimize', p),
};

/** Loads per link direction from what-if link deltas: `before` or `after` the changes. */
export function loadsFromDeltas(data: TopologyData, links: readonly LinkDelta[], which: 'before' | 'after'): TopologyLoads {
  const byId = new Map(data.links.map((l) => [l.id, l]));
  const out: TopologyLoads = { links: {}, failedLinks: [] };
  for (const d of links) {
    const link = byId.get(d.link);
    if (!link) continue;
    const dir = d.from === link.a ? 'ab' : 'ba';
    const entry = (out.links[d.link] ??= {});
    entry[dir] = which === 'before' ? { rate: d.loadBefore, utilisation: d.utilisationBefore } : { rate: d.loadAfter, utilisation: d.utilisationAfter };
    if (which === 'after' && d.down && !out.failedLinks!.includes(d.link)) out.failedLinks!.push(d.link);
  }
  return out;
}

/** Edge keys (linkId:ab|ba) along a path of node ids over the given link ids. */
export function pathEdgeKeys(data: TopologyData, path: { nodes: string[]; links: string[] }): string[] {
  const byId = new Map(data.links.map((l) => [l.id, l]));
  return path.links.map((id, i) => {
    const l = byId.get(id);
    return l && l.a === path.nodes[i] ? `${id}:ab` : `${id}:ba`;
  });
}
