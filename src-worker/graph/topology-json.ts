// NetWeaver's own topology file (JSON), import and export. Export writes the model exactly;
// import also accepts hand-written shorthand: link-level `capacity` (bit/s or "10G"), `metric`,
// `latency`, `loss` applying to both directions, and `oneWay: true`. Optional `demands`.
//   { "format": "netweaver-topology", "version": 1, "name": "lab",
//     "nodes": [{ "id": "r1", "name": "r1", "site": "PAR", "role": "core", "lat": 48.8, "lon": 2.3 }],
//     "links": [{ "id": "r1-r2", "a": "r1", "b": "r2", "ab": { "capacity": 1e10, "metric": 10,
//                 "latency": 1.5, "loss": 0, "interface": "et-0/0/1" }, "ba": { … }, "srlgs": ["duct-7"] }],
//     "demands": [{ "src": "r1", "dst": "r2", "rate": 2e9 }] }
// Errors: `json: FILE:LINE: what is wrong`, the line found from the id the problem concerns.
import { parseDocument } from 'yaml';
import { parseLinkSpeed } from './link-speed.js';
import { linkDirection, TopologyError, validateTopology, type Demand, type ImportResult, type LinkDirection, type Topology, type TopologyIssue, type TopologyLink, type TopologyNode } from './topology.js';

export const TOPOLOGY_FORMAT = 'netweaver-topology';
export const TOPOLOGY_FORMAT_VERSION = 1;

export function exportTopologyJson(topology: Topology, demands?: readonly Demand[]): string {
  const doc = {
    format: TOPOLOGY_FORMAT,
    version: TOPOLOGY_FORMAT_VERSION,
    name: topology.name,
    ...(topology.source ? { source: topology.source } : {}),
    nodes: topology.nodes,
    links: topology.links,
    ...(demands ? { demands } : {}),
  };
  return JSON.stringify(doc, null, 2) + '\n';
}

export function importTopologyJson(text: string, file = 'topology.json'): ImportResult {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new TopologyError('json', [{ file, line: syntaxErrorLine(text, e as Error), message: `not valid JSON: ${(e as Error).message}` }]);
  }
  const errors: TopologyIssue[] = [];
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new TopologyError('json', [{ file, line: 1, message: 'the file must hold a JSON object with "nodes" and "links"' }]);
  const d = doc as Record<string, unknown>;
  if (d.format !== undefined && d.format !== TOPOLOGY_FORMAT) errors.push({ file, line: lineOfText(text, '"format"'), message: `format is "${String(d.format)}", expected "${TOPOLOGY_FORMAT}"` });
  if (typeof d.version === 'number' && d.version > TOPOLOGY_FORMAT_VERSION) errors.push({ file, line: lineOfText(text, '"version"'), message: `version ${d.version} is newer than this NetWeaver reads (${TOPOLOGY_FORMAT_VERSION})` });
  if (!Array.isArray(d.nodes)) errors.push({ file, message: 'no "nodes" list' });
  if (!Array.isArray(d.links)) errors.push({ file, message: 'no "links" list' });
  if (errors.length) throw new TopologyError('json', errors);
  const seen = new Map<string, number>();
  const lineOfId = (id: string) => {
    const k = (seen.get(id) ?? 0) + 1;
    seen.set(id, k);
    return lineOfText(text, `"id"\\s*:\\s*${JSON.stringify(id)}`, k, true);
  };
  const nodeLines = new Map<string, number>();
  const nodes = (d.nodes as unknown[]).map((raw, i): TopologyNode => {
    const n = (raw ?? {}) as Record<string, unknown>;
    const id = typeof n.id === 'string' || typeof n.id === 'number' ? String(n.id) : '';
    const line = id ? lineOfId(id) : undefined;
    if (!id) errors.push({ file, message: `node ${i + 1} has no "id"` });
    else if (!nodeLines.has(id) && line) nodeLines.set(id, line);
    else if (nodeLines.has(id)) errors.push({ file, line, message: `duplicate node id "${id}" (first on line ${nodeLines.get(id)})` });
    const node: TopologyNode = { id, name: typeof n.name === 'string' ? n.name : id };
    for (const key of ['site', 'role'] as const) if (typeof n[key] === 'string') node[key] = n[key] as string;
    for (const key of ['lat', 'lon', 'x', 'y'] as const) if (n[key] !== undefined) node[key] = Number(n[key]);
    if (Array.isArray(n.addresses)) node.addresses = n.addresses.map(String);
    return node;
  });
  const linkLines = new Map<string, number>();
  const links = (d.links as unknown[]).map((raw, i): TopologyLink => {
    const l = (raw ?? {}) as Record<string, unknown>;
    const id = l.id !== undefined ? String(l.id) : `${String(l.a)}-${String(l.b)}#${i}`;
    const line = l.id !== undefined ? lineOfId(id) : undefined;
    if (line && !linkLines.has(id)) linkLines.set(id, line);
    const where = (m: string) => errors.push({ file, line, message: `link "${id}": ${m}` });
    const ab = readDirection(l.ab, l, where);
    const ba = l.oneWay === true || l.ba === null ? null : readDirection(l.ba, l, where);
    const link: TopologyLink = { id, a: String(l.a ?? ''), b: String(l.b ?? ''), ab, ba, srlgs: Array.isArray(l.srlgs) ? l.srlgs.map(String) : [] };
    if (typeof l.label === 'string') link.label = l.label;
    return link;
  });
  const topology: Topology = { name: typeof d.name === 'string' ? d.name : file.replace(/^.*\//, '').replace(/\.json$/, ''), nodes, links, source: file };
  errors.push(...validateTopology(topology, { file, node: nodeLines, link: linkLines }));
  const demands = Array.isArray(d.demands) ? readDemands(d.demands, file, errors) : undefined;
  if (errors.length) throw new TopologyError('json', errors);
  return { topology, ...(demands ? { demands } : {}), warnings: [] };
}

function readDirection(raw: unknown, link: Record<string, unknown>, fail: (m: string) => void): LinkDirection {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const pick = (key: string) => r[key] ?? link[key];
  const cap = pick('capacity');
  let capacity = 0;
  if (cap !== undefined) {
    const parsed = typeof cap === 'number' ? cap : parseLinkSpeed(String(cap));
    if (parsed === null) fail(`capacity "${String(cap)}" is not a speed (bit/s, or "10G", "400M")`);
    capacity = parsed ?? 0;
  }
  const num = (key: string, fallback: number) => (pick(key) === undefined ? fallback : Number(pick(key)));
  return linkDirection({ capacity, metric: num('metric', 1), latency: num('latency', 0), loss: num('loss', 0), interface: typeof r.interface === 'string' ? r.interface : undefined });
}

function readDemands(raw: unknown[], file: string, errors: TopologyIssue[]): Demand[] {
  return raw.map((x, i) => {
    const d = (x ?? {}) as Record<string, unknown>;
    const rate = typeof d.rate === 'number' ? d.rate : parseLinkSpeed(String(d.rate));
    if (rate === null || !(rate >= 0)) errors.push({ file, message: `demand ${i + 1} has rate "${String(d.rate)}"; write bit/s or "2G"` });
    const demand: Demand = { src: String(d.src), dst: String(d.dst), rate: rate ?? 0 };
    if (d.id !== undefined) demand.id = String(d.id);
    return demand;
  });
}

/** 1-based line of the k-th match of `pattern` (regex source when `regex`, else literal). */
function lineOfText(text: string, pattern: string, occurrence = 1, regex = false): number | undefined {
  const re = new RegExp(regex ? pattern : pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'g');
  let m: RegExpExecArray | null;
  let k = 0;
  while ((m = re.exec(text))) {
    if (++k === occurrence) return text.slice(0, m.index).split('\n').length;
  }
  return undefined;
}

function syntaxErrorLine(text: string, e: Error): number | undefined {
  const line = /line (\d+)/.exec(e.message);
  if (line) return Number(line[1]);
  const pos = /position (\d+)/.exec(e.message);
  if (pos) return text.slice(0, Number(pos[1])).split('\n').length;
  // Older V8 messages carry no position; the YAML parser (JSON is YAML) reports where it broke.
  return parseDocument(text).errors[0]?.linePos?.[0]?.line;
}
