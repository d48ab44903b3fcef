// Paths on a changed network: the what-if view lists k paths after its changes (failures,
// metric changes, added links), so routing.route takes the same change texts as routing.whatif
// and routes on the network they describe. Failures become avoided links/nodes/SRLGs, metric
// changes new IGP metrics on the links they name, added links extra links; capacity changes
// and demand scaling move no IGP path and are ignored here.
//
// Stable API:
//   routeParamsWithChanges(params, ['fail:link:A:B', 'metric:A:B=20', …]) → RouteParams
import { compileTopology } from '../graph/compact-graph.js';
import type { TopologyLink } from '../graph/topology.js';
import type { RouteParams } from './routing-jobs.js';
import { parseWhatIfChange, selectArcs } from './whatif.js';

export function routeParamsWithChanges(p: RouteParams, changes: readonly string[]): RouteParams {
  const parsed = changes.map((text) => parseWhatIfChange(text));
  const added: TopologyLink[] = [];
  const avoidLinks = [...(p.avoidLinks ?? [])];
  const avoidNodes = [...(p.avoidNodes ?? [])];
  const avoidSrlgs = [...(p.avoidSrlgs ?? [])];
  for (const c of parsed) {
    if (c.kind === 'add-link') added.push(c.link);
    if (c.kind !== 'fail') continue;
    const f = c.failure;
    if (f.kind === 'link') avoidLinks.push(f.a !== undefined && f.b !== undefined ? `${f.a}:${f.b}` : f.id);
    else if (f.kind === 'node') avoidNodes.push(f.id);
    else avoidSrlgs.push(f.id);
  }
  let topology = added.length ? { ...p.topology, links: [...p.topology.links, ...added] } : p.topology;
  const metrics = parsed.filter((c) => c.kind === 'metric');
  if (metrics.length) {
    const g = compileTopology(topology);
    const links = topology.links.map((l) => ({ ...l, ab: { ...l.ab }, ba: l.ba ? { ...l.ba } : null }));
    for (const c of metrics) {
      if (!(c.metric > 0)) throw new Error(`route: metric ${c.metric} for link ${c.link} must be a positive number`);
      for (const arc of selectArcs(g, c.link, c.direction ?? 'both')) {
        const l = g.linkOf[arc]!;
        const link = links[l]!;
        if (g.linkArcB[l] === arc && link.ba) link.ba.metric = c.metric;
        else link.ab.metric = c.metric;
      }
    }
    topology = { ...topology, links };
  }
  return {
    ...p,
    topology,
    ...(avoidLinks.length ? { avoidLinks } : {}),
    ...(avoidNodes.length ? { avoidNodes } : {}),
    ...(avoidSrlgs.length ? { avoidSrlgs } : {}),
  };
}
