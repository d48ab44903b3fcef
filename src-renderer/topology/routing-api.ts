// The routing area's calls the topology and what-if views make: stored topologies (list, get,
// import a file on the host), base loads, paths, what-ifs, the failure sweep and the metric
// optimiser, plus turning what-if link deltas and paths into what the map draws.
import { api } from '../api/client.js';
import type { Params, Result } from '../../src-main/api/contract.js';
import type { TopologyData, TopologyLoads } from './topology-data.js';

export type { TopologySummary } from '../../src-main/api/contract/routing.js';
export type WhatIfResult = Result<'routing.whatif'>;
export type LinkDelta = WhatIfResult['links'][number];
export type RouteAnswer = Result<'routing.route'>;
export type SweepReport = Result<'routing.sweep'>;
export type OptimiseResult = Result<'routing.optimize'>;

export const routingApi = {
  list: () => api.call('topology.list', {}),
  get: (topology: string) => api.call('topology.get', { topology }),
  importFile: (file: string, demandsFile?: string) => api.call('topology.import', { file, ...(demandsFile ? { demandsFile } : {}) }),
  route: (p: Params<'routing.route'>) => api.call('routing.route', p),
  whatif: (p: Params<'routing.whatif'>) => api.call('routing.whatif', p),
  sweep: (p: Params<'routing.sweep'>) => api.call('routing.sweep', p),
  optimize: (p: Params<'routing.optimize'>) => api.call('routing.optimize', p),
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
