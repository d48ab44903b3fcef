// Topology snapshot: the network drawn with each link coloured by its utilisation under the
// routed traffic matrix, the busiest links, and every link's per-direction load (for CSV).
import type { NetworkSnapshot, SnapshotLink } from '../../../src-worker/report/network-snapshot.js';
import type { Report, Section, Table, TopologyDrawing } from '../model.js';
import { provenance, type ReportContext } from './report-context.js';

export interface NetworkReportSource {
  /** "REPETITA Abilene.graph", "topology 'lab' in /path/netweaver.duckdb" */
  dataSource: string;
  /** Where the demands came from, in words. */
  demandSource: string;
}

export function topologyDrawing(id: string, title: string, snapshot: NetworkSnapshot, utilisation?: Record<string, number | null>, down?: readonly string[]): TopologyDrawing {
  const downSet = new Set(down ?? []);
  return {
    type: 'topology',
    id,
    title,
    nodes: snapshot.nodes.map((n) => ({ id: n.id, label: n.name, x: n.x, y: n.y })),
    links: snapshot.links.map((l) => ({
      id: l.id,
      a: l.a,
      b: l.b,
      label: `${l.aName} – ${l.bName}`,
      utilisation: utilisation ? (utilisation[l.id] ?? null) : l.utilisation,
      down: downSet.has(l.id),
    })),
  };
}

export function linkTable(id: string, title: string, links: SnapshotLink[], caption?: string): Table {
  return {
    id,
    title,
    caption,
    columns: [
      { key: 'link', label: 'Link', kind: 'text' },
      { key: 'a', label: 'From', kind: 'text' },
      { key: 'b', label: 'To', kind: 'text' },
      { key: 'capacity_ab', label: 'Capacity a→b', kind: 'bits_per_second' },
      { key: 'load_ab', label: 'Load a→b', kind: 'bits_per_second' },
      { key: 'utilisation_ab', label: 'Util. a→b', kind: 'percent' },
      { key: 'capacity_ba', label: 'Capacity b→a', kind: 'bits_per_second' },
      { key: 'load_ba', label: 'Load b→a', kind: 'bits_per_second' },
      { key: 'utilisation_ba', label: 'Util. b→a', kind: 'percent' },
      { key: 'utilisation', label: 'Worse direction', kind: 'percent' },
    ],
    rows: links.map((l) => ({
      link: l.id,
      a: l.aName,
      b: l.bName,
      capacity_ab: l.capacityAb,
      load_ab: l.loadAb,
      utilisation_ab: l.utilisationAb,
      capacity_ba: l.capacityBa,
      load_ba: l.loadBa,
      utilisation_ba: l.utilisationBa,
      utilisation: l.utilisation,
    })),
  };
}

export function byUtilisation(links: SnapshotLink[]): SnapshotLink[] {
  return [...links].sort((x, y) => (y.utilisation ?? -1) - (x.utilisation ?? -1) || (x.id < y.id ? -1 : 1));
}

export function snapshotMetrics(s: NetworkSnapshot): Section['blocks'][number] {
  const known = s.links.filter((l) => l.utilisation !== null);
  return {
    type: 'metrics',
    metrics: [
      { id: 'nodes', label: 'Nodes', value: s.nodes.length, kind: 'integer' },
      { id: 'links', label: 'Links', value: s.links.length, kind: 'integer' },
      { id: 'demand', label: 'Offered traffic', value: s.totalDemand, kind: 'bits_per_second' },
      { id: 'unrouted', label: 'Traffic without a path', value: s.unroutedRate, kind: 'bits_per_second' },
      { id: 'mlu', label: 'Max link utilisation', value: s.mlu, kind: 'percent' },
      { id: 'links-over-80', label: 'Links ≥ 80 %', value: known.filter((l) => l.utilisation! >= 0.8).length, kind: 'integer' },
      { id: 'links-over-100', label: 'Links ≥ 100 %', value: known.filter((l) => l.utilisation! >= 1).length, kind: 'integer' },
    ],
  };
}

export function topologyReport(ctx: ReportContext, snapshot: NetworkSnapshot, source: NetworkReportSource, busiest = 15): Report {
  const sorted = byUtilisation(snapshot.links);
  const mluLink = snapshot.links.find((l) => l.id === snapshot.mluLink);
  return {
    kind: 'topology',
    title: `Topology snapshot — ${snapshot.topology}`,
    subtitle: `${snapshot.nodes.length} nodes, ${snapshot.links.length} links, ${snapshot.demands} demands routed on ECMP shortest paths${mluLink ? `; busiest link ${mluLink.aName} – ${mluLink.bName}` : ''}`,
    provenance: provenance(ctx, {
      from: null,
      to: null,
      filter: null,
      dataSource: source.dataSource,
      sampling: `not applicable (traffic matrix: ${source.demandSource})`,
      notes: [
        'Loads come from routing the traffic matrix over IGP shortest paths with equal splits across equal-cost next hops (NetWeaver routing engine).',
        'Utilisation is load ÷ capacity per direction; a link is coloured by its worse direction. Links without a known capacity are grey.',
      ],
    }),
    sections: [
      { id: 'summary', title: 'Summary', blocks: [snapshotMetrics(snapshot)] },
      { id: 'map', title: 'Network map', blocks: [{ type: 'chart', chart: topologyDrawing('topology-map', 'Links coloured by utilisation', snapshot) }] },
      {
        id: 'busiest-links',
        title: 'Busiest links',
        blocks: [
          { type: 'chart', chart: { type: 'bar', id: 'busiest-links', title: 'Utilisation of the busiest links (worse direction)', valueKind: 'percent', bars: sorted.slice(0, busiest).filter((l) => l.utilisation !== null).map((l) => ({ label: `${l.aName} – ${l.bName}`, value: l.utilisation! })) } },
          { type: 'table', table: linkTable('busiest-links', 'Busiest links', sorted.slice(0, busiest), `top ${Math.min(busiest, sorted.length)} of ${sorted.length} links by utilisation`) },
        ],
      },
      { id: 'all-links', title: 'Appendix: every link', blocks: [{ type: 'table', table: linkTable('links', 'Every link, per direction', snapshot.links) }] },
    ],
  };
}
