// The graphology model behind the map: one node per device, one directed edge per link
// direction (so A→B and B→A each carry their own colour). A link with both directions is drawn
// as two half-bars meeting at its midpoint (Weathermap style, half-link-program.ts); parallel
// links get lanes side by side. Loads and failures are applied in place so a live update
// recolours without rebuilding the graph.
import { MultiDirectedGraph } from 'graphology';
import type { Positions } from './layout-memory.js';
import type { TopologyData, TopologyLinkData, TopologyLoads } from './topology-data.js';
import { bandColour, bandOf, widthForCapacity, type BandId } from './utilisation-bands.js';

export type Theme = 'light' | 'dark';

export interface NodeAttrs {
  x: number;
  y: number;
  size: number;
  color: string;
  label: string;
  role?: string;
  site?: string;
  degree: number;
  failed: boolean;
  [key: string]: unknown;
}

export interface EdgeAttrs {
  linkId: string;
  dir: 'ab' | 'ba';
  size: number;
  color: string;
  type: 'halfLink';
  /** Sideways shift in edge-size units, relative to this direction (0 for a lone link). */
  lane: number;
  /** Both directions exist: this one is drawn from its source to the midpoint. */
  half: boolean;
  capacity: number;
  metric: number;
  rate: number;
  utilisation: number;
  band: BandId;
  failed: boolean;
  [key: string]: unknown;
}

export type TopologyGraph = MultiDirectedGraph<NodeAttrs, EdgeAttrs>;

const ROLE_COLOURS: Record<string, [string, string]> = {
  core: ['#1f6feb', '#58a6ff'],
  p: ['#1f6feb', '#58a6ff'],
  edge: ['#8250df', '#bc8cff'],
  pe: ['#8250df', '#bc8cff'],
  ce: ['#bf3989', '#f778ba'],
  switch: ['#0a7f86', '#39c5cf'],
  host: ['#57606a', '#8b949e'],
};
const SITE_PALETTE: [string, string][] = [
  ['#1f6feb', '#58a6ff'], ['#8250df', '#bc8cff'], ['#0a7f86', '#39c5cf'], ['#bf3989', '#f778ba'],
  ['#9a6700', '#d29922'], ['#1a7f37', '#56d364'], ['#cf222e', '#ff7b72'], ['#57606a', '#8b949e'],
];

/** Devices coloured by role when known, else by site (stable hash), else one neutral colour. */
export function nodeColour(role: string | undefined, site: string | undefined, theme: Theme): string {
  const t = theme === 'dark' ? 1 : 0;
  const byRole = role ? ROLE_COLOURS[role.toLowerCase()] : undefined;
  if (byRole) return byRole[t];
  if (site) {
    let h = 0;
    for (let i = 0; i < site.length; i++) h = (h * 31 + site.charCodeAt(i)) >>> 0;
    return SITE_PALETTE[h % SITE_PALETTE.length]![t];
  }
  return theme === 'dark' ? '#8b949e' : '#3d4651';
}

/**
 * Lane per link: links between the same two devices are numbered in file order and centred
 * on the line between the devices, `gap` edge-size units apart (a lone link has lane 0). The
 * lane is signed for the link's own a→b direction; its b→a bar negates it, because the
 * sideways normal flips with the direction, so both halves of a link sit in the same lane.
 */
export function linkLanes(links: readonly TopologyLinkData[], gap = (l: TopologyLinkData) => 2 * widthForCapacity(Math.max(l.ab.capacity, l.ba?.capacity ?? 0)) + 2): Map<string, number> {
  const pairKey = (a: string, b: string) => (a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`);
  const perPair = new Map<string, TopologyLinkData[]>();
  for (const l of links) {
    const key = pairKey(l.a, l.b);
    const list = perPair.get(key);
    if (list) list.push(l);
    else perPair.set(key, [l]);
  }
  const out = new Map<string, number>();
  for (const list of perPair.values()) {
    if (list.length === 1) {
      out.set(list[0]!.id, 0);
      continue;
    }
    const step = Math.max(...list.map(gap));
    list.forEach((l, k) => {
      const centred = (k - (list.length - 1) / 2) * step;
      // Lanes are laid out for the pair's canonical order (lower id first).
      out.set(l.id, l.a < l.b ? centred : -centred);
    });
  }
  return out;
}

export function buildGraph(data: TopologyData, positions: Positions | Map<string, { x: number; y: number }> | null, theme: Theme): TopologyGraph {
  const graph: TopologyGraph = new MultiDirectedGraph<NodeAttrs, EdgeAttrs>();
  const degree = new Map<string, number>();
  for (const l of data.links) {
    degree.set(l.a, (degree.get(l.a) ?? 0) + 1);
    degree.set(l.b, (degree.get(l.b) ?? 0) + 1);
  }
  const n = data.nodes.length;
  const spread = Math.sqrt(n) * 10;
  data.nodes.forEach((node, i) => {
    const p = positions instanceof Map ? positions.get(node.id) : positions?.[node.id] ? { x: positions[node.id]![0], y: positions[node.id]![1] } : undefined;
    // Without a position: a deterministic spiral, a decent start for ForceAtlas2.
    const angle = i * 2.399963;
    const r = spread * Math.sqrt((i + 0.5) / Math.max(1, n));
    const d = degree.get(node.id) ?? 0;
    graph.addNode(node.id, {
      x: p?.x ?? (Number.isFinite(node.x) ? node.x! : r * Math.cos(angle)),
      y: p?.y ?? (Number.isFinite(node.y) ? -node.y! : r * Math.sin(angle)),
      size: Math.min(14, 3 + Math.sqrt(d) * 1.2),
      color: nodeColour(node.role, node.site, theme),
      label: node.name || node.id,
      role: node.role,
      site: node.site,
      degree: d,
      failed: false,
    });
  });
  const lanes = linkLanes(data.links);
  const unknown = bandColour(bandOf(NaN), theme);
  for (const l of data.links) {
    const lane = lanes.get(l.id) ?? 0;
    const half = !!l.ba;
    const base = { linkId: l.id, type: 'halfLink', half, rate: NaN, utilisation: NaN, band: 'unknown' as BandId, failed: false, color: unknown } as const;
    graph.addDirectedEdgeWithKey(`${l.id}:ab`, l.a, l.b, { ...base, dir: 'ab', lane, capacity: l.ab.capacity, metric: l.ab.metric, size: widthForCapacity(l.ab.capacity) });
    if (l.ba) graph.addDirectedEdgeWithKey(`${l.id}:ba`, l.b, l.a, { ...base, dir: 'ba', lane: -lane, capacity: l.ba.capacity, metric: l.ba.metric, size: widthForCapacity(l.ba.capacity) });
  }
  return graph;
}

/** Recolours every edge from the loads (NaN where a direction has none) and marks failures. */
export function applyLoads(graph: TopologyGraph, loads: TopologyLoads | null, theme: Theme): void {
  const failedLinks = new Set(loads?.failedLinks ?? []);
  const failedNodes = new Set(loads?.failedNodes ?? []);
  // One bulk update each for nodes and edges: the renderer reindexes once, not once per link.
  graph.updateEachNodeAttributes(
    (node, attrs) => {
      const failed = failedNodes.has(node);
      return { ...attrs, failed, color: failed ? bandColour(bandOf(0, true), theme) : nodeColour(attrs.role, attrs.site, theme) };
    },
    { attributes: ['failed', 'color'] },
  );
  graph.updateEachEdgeAttributes(
    (_edge, attrs, source, target) => {
      const load = loads?.links[attrs.linkId]?.[attrs.dir];
      const failed = failedLinks.has(attrs.linkId) || failedNodes.has(source) || failedNodes.has(target);
      const utilisation = load ? load.utilisation : NaN;
      const band = bandOf(utilisation, failed);
      return { ...attrs, failed, utilisation, rate: load ? load.rate : NaN, band: band.id, color: bandColour(band, theme) };
    },
    { attributes: ['failed', 'utilisation', 'rate', 'band', 'color'] },
  );
}

export function currentPositions(graph: TopologyGraph): Positions {
  const out: Positions = {};
  graph.forEachNode((node, a) => (out[node] = [a.x, a.y]));
  return out;
}
