// GraphML importer: Internet Topology Zoo files (yEd flavour: names in y:NodeLabel, drawing
// positions in y:Geometry, speeds written free-form in edge labels; classic flavour: Latitude,
// Longitude, LinkSpeed/LinkSpeedUnits/LinkSpeedRaw) and GraphML from other tools (capacity,
// metric/weight, latency/delay, srlg attributes). Every GraphML edge is a two-way link (Topology
// Zoo declares edgedefault="directed" but draws undirected networks) unless `directed` is set.
// Errors: `graphml: FILE:LINE: what is wrong`.
import { parseLinkSpeed } from './link-speed.js';
import { assertValidTopology, linkDirection, TopologyError, type ImportResult, type TopologyIssue, type TopologyLink, type TopologyNode } from './topology.js';
import { findAll, parseXml, type XmlElement } from './xml-reader.js';

export interface GraphmlOptions {
  file?: string;
  /** How IGP metrics are set when the file has none: 1 per hop (default), reference bandwidth /
   *  capacity (OSPF auto-cost), or great-circle kilometres. */
  metric?: 'hops' | 'inverse-capacity' | 'distance';
  /** bit/s used when an edge has no readable speed; 0 = unknown (default). */
  defaultCapacity?: number;
  /** For metric 'inverse-capacity'; bit/s, default 100 Gbit/s. */
  referenceBandwidth?: number;
  /** Treat edges as one-way arcs source→target. */
  directed?: boolean;
}

interface KeyInfo {
  name: string;
  for: string;
}

export function importGraphml(text: string, options: GraphmlOptions = {}): ImportResult {
  const file = options.file ?? 'input.graphml';
  let doc: XmlElement;
  try {
    doc = parseXml(text, file);
  } catch (e) {
    throw new TopologyError('graphml', [{ file, message: (e as Error).message.replace(/^xml: [^:]*:\d+: /, '') + lineHint(e as Error) }]);
  }
  const graphml = doc.children.find((c) => c.name === 'graphml');
  if (!graphml) throw new TopologyError('graphml', [{ file, message: 'no <graphml> root element; is this a GraphML file?' }]);
  const graph = graphml.children.find((c) => c.name === 'graph');
  if (!graph) throw new TopologyError('graphml', [{ file, line: graphml.line, message: 'no <graph> element' }]);
  const keys = new Map<string, KeyInfo>();
  for (const k of graphml.children.filter((c) => c.name === 'key')) {
    keys.set(k.attrs.id ?? '', { name: k.attrs['attr.name'] ?? k.attrs['yfiles.type'] ?? k.attrs.id ?? '', for: k.attrs.for ?? 'all' });
  }
  const errors: TopologyIssue[] = [];
  const warnings: TopologyIssue[] = [];
  const nodeLines = new Map<string, number>();
  const linkLines = new Map<string, number>();
  const nodes: TopologyNode[] = [];
  for (const el of graph.children.filter((c) => c.name === 'node')) {
    const id = el.attrs.id;
    if (!id) {
      errors.push({ file, line: el.line, message: '<node> has no id attribute' });
      continue;
    }
    if (nodeLines.has(id)) {
      errors.push({ file, line: el.line, message: `duplicate node id "${id}" (first declared on line ${nodeLines.get(id)})` });
      continue;
    }
    nodeLines.set(id, el.line);
    nodes.push(readNode(el, id, keys, file, warnings));
  }
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const links: TopologyLink[] = [];
  let edgeNo = 0;
  for (const el of graph.children.filter((c) => c.name === 'edge')) {
    const id = el.attrs.id ?? `e${edgeNo}`;
    edgeNo++;
    const { source, target } = el.attrs;
    if (!source || !target) {
      errors.push({ file, line: el.line, message: `edge "${id}" lacks a source or target attribute` });
      continue;
    }
    const missing = [source, target].filter((n) => !byId.has(n));
    if (missing.length) {
      errors.push({ file, line: el.line, message: `edge "${id}" refers to node${missing.length > 1 ? 's' : ''} ${missing.map((m) => `"${m}"`).join(' and ')}, which ${missing.length > 1 ? 'are' : 'is'} not declared` });
      continue;
    }
    if (source === target) {
      warnings.push({ file, line: el.line, message: `edge "${id}" loops from node "${source}" to itself; skipped` });
      continue;
    }
    if (linkLines.has(id)) {
      errors.push({ file, line: el.line, message: `duplicate edge id "${id}" (first declared on line ${linkLines.get(id)})` });
      continue;
    }
    const link = readEdge(el, id, source, target, keys, byId, options, file, errors, warnings);
    if (!link) continue;
    linkLines.set(id, el.line);
    links.push(link);
  }
  if (errors.length) throw new TopologyError('graphml', errors);
  const name = graphName(graph, keys) ?? file.replace(/^.*\//, '').replace(/\.graphml$/i, '');
  const topology = { name, nodes, links, source: file };
  assertValidTopology(topology, 'graphml', { file, node: nodeLines, link: linkLines });
  const unknown = links.filter((l) => l.ab.capacity === 0).length;
  if (unknown) warnings.push({ file, message: `${unknown} of ${links.length} links have no readable speed; their capacity is unknown (utilisation not computed for them)` });
  return { topology, warnings };
}

function lineHint(e: Error): string {
  const m = /^xml: [^:]*:(\d+):/.exec(e.message);
  return m ? ` (line ${m[1]})` : '';
}

/** data children as attribute name (lower case) → element. */
function dataOf(el: XmlElement, keys: Map<string, KeyInfo>): Map<string, XmlElement> {
  const out = new Map<string, XmlElement>();
  for (const d of el.children) {
    if (d.name !== 'data') continue;
    const key = keys.get(d.attrs.key ?? '');
    out.set((key?.name ?? d.attrs.key ?? '').toLowerCase(), d);
  }
  return out;
}

function str(data: Map<string, XmlElement>, ...names: string[]): string | undefined {
  for (const n of names) {
    const v = data.get(n.toLowerCase())?.text.trim();
    if (v) return v;
  }
  return undefined;
}

function numberOf(data: Map<string, XmlElement>, ...names: string[]): number | undefined {
  const v = str(data, ...names);
  if (v === undefined) return undefined;
  const x = Number(v);
  return Number.isFinite(x) ? x : NaN;
}

function readNode(el: XmlElement, id: string, keys: Map<string, KeyInfo>, file: string, warnings: TopologyIssue[]): TopologyNode {
  const data = dataOf(el, keys);
  const graphics = data.get('nodegraphics');
  const yLabel = graphics ? findAll(graphics, 'y:NodeLabel')[0]?.text.trim() : undefined;
  const geometry = graphics ? findAll(graphics, 'y:Geometry')[0] : undefined;
  const node: TopologyNode = { id, name: str(data, 'label', 'name') ?? yLabel ?? id };
  const lat = numberOf(data, 'Latitude', 'lat');
  const lon = numberOf(data, 'Longitude', 'lon', 'long');
  if (lat !== undefined && lon !== undefined && Number.isFinite(lat) && Number.isFinite(lon)) { node.lat = lat; node.lon = lon; }
  else if (lat !== undefined || lon !== undefined) warnings.push({ file, line: el.line, message: `node "${id}" has an unreadable or half position (lat ${lat}, lon ${lon}); ignored` });
  const x = geometry ? Number(geometry.attrs.x) : numberOf(data, 'x');
  const y = geometry ? Number(geometry.attrs.y) : numberOf(data, 'y');
  if (x !== undefined && y !== undefined && Number.isFinite(x) && Number.isFinite(y)) { node.x = x; node.y = y; }
  const hyper = str(data, 'hyperedge');
  const role = str(data, 'role', 'type');
  if (hyper === 'true' || hyper === '1') node.role = 'hyperedge';
  else if (role) node.role = role;
  const site = str(data, 'site', 'pop', 'Country');
  if (site) node.site = site;
  return node;
}

function readEdge(
  el: XmlElement,
  id: string,
  source: string,
  target: string,
  keys: Map<string, KeyInfo>,
  nodes: Map<string, TopologyNode>,
  options: GraphmlOptions,
  file: string,
  errors: TopologyIssue[],
  warnings: TopologyIssue[],
): TopologyLink | null {
  const data = dataOf(el, keys);
  const label = str(data, 'LinkLabel', 'label');
  let capacity = numberOf(data, 'LinkSpeedRaw', 'capacity', 'bandwidth', 'bw');
  if (capacity === undefined) {
    const speed = str(data, 'LinkSpeed');
    if (speed !== undefined) capacity = parseLinkSpeed(`${speed}${str(data, 'LinkSpeedUnits') ?? ''}`) ?? undefined;
  }
  if (capacity === undefined && label) capacity = parseLinkSpeed(label) ?? undefined;
  if (capacity !== undefined && !(capacity >= 0)) {
    errors.push({ file, line: el.line, message: `edge "${id}" has capacity ${capacity}; it must be ≥ 0 bit/s` });
    return null;
  }
  capacity ??= options.defaultCapacity ?? 0;
  const a = nodes.get(source)!;
  const b = nodes.get(target)!;
  const km = a.lat !== undefined && b.lat !== undefined ? greatCircleKm(a.lat, a.lon!, b.lat, b.lon!) : undefined;
  let latency = numberOf(data, 'latency', 'delay');
  if (latency !== undefined && !(latency >= 0)) {
    errors.push({ file, line: el.line, message: `edge "${id}" has latency ${latency}; it must be ≥ 0 ms` });
    return null;
  }
  latency ??= km !== undefined ? km / FIBRE_KM_PER_MS : 0;
  let metric = numberOf(data, 'metric', 'weight', 'cost', 'igp');
  if (metric !== undefined && !(metric > 0)) {
    errors.push({ file, line: el.line, message: `edge "${id}" has metric ${metric}; it must be a positive number` });
    return null;
  }
  metric ??= defaultMetric(options, capacity, km);
  const loss = numberOf(data, 'loss') ?? 0;
  const srlgs = (str(data, 'srlg', 'srlgs') ?? '').split(/[,;\s]+/).filter(Boolean);
  const dir = { capacity, metric, latency, loss };
  if (label && capacity === 0) warnings.push({ file, line: el.line, message: `edge "${id}" label "${label}" names no speed` });
  return {
    id,
    a: source,
    b: target,
    ab: linkDirection({ ...dir, interface: str(data, 'source_interface', 'sourceInterface') }),
    ba: options.directed ? null : linkDirection({ ...dir, interface: str(data, 'target_interface', 'targetInterface') }),
    srlgs,
    ...(label ? { label } : {}),
  };
}

/** Light in fibre covers about 200 km per millisecond. */
export const FIBRE_KM_PER_MS = 200;

function defaultMetric(options: GraphmlOptions, capacity: number, km: number | undefined): number {
  if (options.metric === 'inverse-capacity') {
    const ref = options.referenceBandwidth ?? 100e9;
    return capacity > 0 ? Math.max(1, Math.round(ref / capacity)) : Math.max(1, Math.round(ref / 1e9));
  }
  if (options.metric === 'distance') return km !== undefined ? Math.max(1, Math.round(km)) : 1;
  return 1;
}

export function greatCircleKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}

function graphName(graph: XmlElement, keys: Map<string, KeyInfo>): string | undefined {
  return str(dataOf(graph, keys), 'Network', 'name', 'label')?.trim();
}
