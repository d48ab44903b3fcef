// Topology snapshot for reports: routes a traffic matrix over the topology with the routing
// engine (ECMP shortest paths) and returns, per link and direction, load, capacity and
// utilisation, plus drawing coordinates (geography when known, else the file's layout, else a
// circle). Plain JSON out, so the host can turn it into a report.
import { compileTopology, type CompactGraph } from '../graph/compact-graph.js';
import type { Demand, Topology } from '../graph/topology.js';
import { compileDemands } from '../routing/demand-set.js';
import { routeDemands, type LoadResult } from '../routing/ecmp.js';

export interface SnapshotLink {
  id: string;
  a: string;
  b: string;
  aName: string;
  bName: string;
  /** a→b and b→a; `null` for the missing direction of a one-way link. */
  capacityAb: number;
  capacityBa: number | null;
  loadAb: number;
  loadBa: number | null;
  utilisationAb: number | null;
  utilisationBa: number | null;
  /** The worse direction (null when neither direction has a known capacity). */
  utilisation: number | null;
  metric: number;
  srlgs: string[];
}

export interface NetworkSnapshot {
  topology: string;
  source: string | null;
  nodes: { id: string; name: string; x: number; y: number; geographic: boolean }[];
  links: SnapshotLink[];
  demands: number;
  totalDemand: number;
  routedRate: number;
  unroutedRate: number;
  unroutedDemands: number;
  mlu: number;
  mluLink: string | null;
}

function finiteOrNull(v: number | undefined): number | null {
  return v === undefined || !Number.isFinite(v) ? null : v;
}

export function drawingPositions(topology: Topology): NetworkSnapshot['nodes'] {
  const geo = topology.nodes.every((n) => Number.isFinite(n.lat) && Number.isFinite(n.lon));
  const layout = topology.nodes.every((n) => Number.isFinite(n.x) && Number.isFinite(n.y));
  const count = topology.nodes.length;
  return topology.nodes.map((n, i) => {
    // North up: latitude grows upwards, SVG y grows downwards.
    if (geo) return { id: n.id, name: n.name || n.id, x: n.lon!, y: -n.lat!, geographic: true };
    if (layout) return { id: n.id, name: n.name || n.id, x: n.x!, y: n.y!, geographic: false };
    const angle = (2 * Math.PI * i) / Math.max(1, count);
    return { id: n.id, name: n.name || n.id, x: Math.cos(angle), y: Math.sin(angle), geographic: false };
  });
}

/** Per-link view of a routing result (both arcs of each link). */
export function linkLoads(topology: Topology, g: CompactGraph, result: Pick<LoadResult, 'load' | 'utilisation'>, arcDown?: Uint8Array): SnapshotLink[] {
  const names = new Map(topology.nodes.map((n) => [n.id, n.name || n.id]));
  return topology.links.map((link, l) => {
    const ab = g.linkArcA[l]!;
    const ba = g.linkArcB[l]!;
    const uAb = arcDown?.[ab] ? null : finiteOrNull(result.utilisation[ab]);
    const uBa = ba >= 0 && !arcDown?.[ba] ? finiteOrNull(result.utilisation[ba]) : null;
    const worst = uAb === null ? uBa : uBa === null ? uAb : Math.max(uAb, uBa);
    return {
      id: link.id,
      a: link.a,
      b: link.b,
      aName: names.get(link.a) ?? link.a,
      bName: names.get(link.b) ?? link.b,
      capacityAb: g.capacity[ab]!,
      capacityBa: ba >= 0 ? g.capacity[ba]! : null,
      loadAb: result.load[ab]!,
      loadBa: ba >= 0 ? result.load[ba]! : null,
      utilisationAb: uAb,
      utilisationBa: uBa,
      utilisation: worst,
      metric: link.ab.metric,
      srlgs: link.srlgs,
    };
  });
}

export function networkSnapshot(topology: Topology, demands: readonly Demand[]): NetworkSnapshot {
  const g = compileTopology(topology);
  const ds = compileDemands(g, demands);
  const result = routeDemands(g, ds);
  const mluLinkIndex = result.mluArc >= 0 ? g.linkOf[result.mluArc]! : -1;
  return {
    topology: topology.name,
    source: topology.source ?? null,
    nodes: drawingPositions(topology),
    links: linkLoads(topology, g, result),
    demands: ds.count,
    totalDemand: ds.totalRate,
    routedRate: result.routedRate,
    unroutedRate: result.unroutedRate,
    unroutedDemands: result.unrouted.length,
    mlu: result.mlu,
    mluLink: mluLinkIndex >= 0 ? (topology.links[mluLinkIndex]?.id ?? null) : null,
  };
}
