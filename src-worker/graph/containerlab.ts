// containerlab topology importer (`*.clab.yml`): nodes under topology.nodes, links under
// topology.links in the brief form (`endpoints: ["r1:eth1", "r2:eth1"]`) or the extended form
// (`type: veth`, `endpoints: [{node, interface}, …]`). containerlab has no capacities or metrics,
// so NetWeaver reads them from link `vars` (capacity "10G", metric, metric-ab/metric-ba,
// latency ms, loss, srlgs) and node `labels` (role, site, graph-geoCoordinateLat/Lng,
// graph-posX/Y). Links to the host, mgmt-net or macvlan are not device links: skipped with a
// warning. Errors: `containerlab: FILE:LINE: what is wrong`.
import { isMap, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import { parseLinkSpeed } from './link-speed.js';
import { assertValidTopology, linkDirection, TopologyError, type ImportResult, type TopologyIssue, type TopologyLink, type TopologyNode } from './topology.js';

export interface ContainerlabOptions {
  file?: string;
  /** bit/s for links without a capacity var; 0 = unknown (default). */
  defaultCapacity?: number;
}

const SPECIAL_ENDPOINTS = new Set(['host', 'mgmt-net', 'macvlan']);

export function importContainerlab(text: string, options: ContainerlabOptions = {}): ImportResult {
  const file = options.file ?? 'topology.clab.yml';
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false });
  const lineOf = (node: YamlNode | null | undefined) => (node?.range ? counter.linePos(node.range[0]).line : undefined);
  if (doc.errors.length) {
    throw new TopologyError('containerlab', doc.errors.map((e) => ({ file, line: counter.linePos(e.pos[0]).line, message: `YAML: ${e.message.split('\n')[0]}` })));
  }
  const errors: TopologyIssue[] = [];
  const warnings: TopologyIssue[] = [];
  const root = doc.contents;
  const topo = isMap(root) ? root.get('topology', true) : undefined;
  if (!isMap(topo)) throw new TopologyError('containerlab', [{ file, line: lineOf(root as YamlNode), message: 'no "topology:" section; is this a containerlab file?' }]);
  const nodesMap = topo.get('nodes', true);
  if (!isMap(nodesMap)) throw new TopologyError('containerlab', [{ file, line: lineOf(topo), message: 'no "topology.nodes" map' }]);
  const nodes: TopologyNode[] = [];
  const nodeLines = new Map<string, number>();
  for (const pair of nodesMap.items) {
    const name = String((pair.key as { value?: unknown })?.value ?? pair.key);
    const line = lineOf(pair.key as YamlNode);
    if (nodeLines.has(name)) errors.push({ file, line, message: `duplicate node "${name}" (first on line ${nodeLines.get(name)})` });
    nodeLines.set(name, line ?? 0);
    const spec = (isMap(pair.value) ? pair.value.toJSON() : {}) as Record<string, unknown>;
    nodes.push(readNode(name, spec));
  }
  const linksSeq = topo.get('links', true);
  const links: TopologyLink[] = [];
  const linkLines = new Map<string, number>();
  if (linksSeq !== undefined && !isSeq(linksSeq)) errors.push({ file, line: lineOf(linksSeq as YamlNode), message: '"topology.links" must be a list' });
  const items = isSeq(linksSeq) ? linksSeq.items : [];
  items.forEach((item, i) => {
    const line = lineOf(item as YamlNode);
    const spec = (isMap(item) ? item.toJSON() : null) as Record<string, unknown> | null;
    if (!spec) return errors.push({ file, line, message: `link ${i + 1} is not a map` });
    const ends = endpointsOf(spec);
    if (typeof ends === 'string') return errors.push({ file, line, message: `link ${i + 1}: ${ends}` });
    if (ends.some((e) => SPECIAL_ENDPOINTS.has(e.node)) || ends.length === 1) {
      return warnings.push({ file, line, message: `link ${i + 1} (${ends.map((e) => `${e.node}:${e.interface}`).join(' — ')}) leaves the lab (host, mgmt-net or macvlan); not a device link, skipped` });
    }
    for (const e of ends) if (!nodeLines.has(e.node)) errors.push({ file, line, message: `link ${i + 1} refers to node "${e.node}", which is not under topology.nodes` });
    const [a, b] = ends as [Endpoint, Endpoint];
    if (a.node === b.node) return warnings.push({ file, line, message: `link ${i + 1} connects "${a.node}" to itself; skipped` });
    const id = `${a.node}:${a.interface}--${b.node}:${b.interface}`;
    if (linkLines.has(id)) return errors.push({ file, line, message: `duplicate link ${id} (first on line ${linkLines.get(id)})` });
    linkLines.set(id, line ?? 0);
    const link = readLinkVars(spec.vars, id, a, b, options, (message) => errors.push({ file, line, message: `link ${i + 1}: ${message}` }));
    if (link) links.push(link);
  });
  if (errors.length) throw new TopologyError('containerlab', errors);
  const name = String((isMap(root) && root.get('name')) || file.replace(/^.*\//, '').replace(/\.clab\.ya?ml$|\.ya?ml$/, ''));
  const topology = { name, nodes, links, source: file };
  assertValidTopology(topology, 'containerlab', { file, node: nodeLines, link: linkLines });
  return { topology, warnings };
}

interface Endpoint {
  node: string;
  interface: string;
}

function endpointsOf(spec: Record<string, unknown>): Endpoint[] | string {
  const raw = spec.endpoints ?? (spec.endpoint ? [spec.endpoint] : undefined);
  if (!Array.isArray(raw) || raw.length === 0) return 'has no "endpoints" list';
  if (raw.length > 2) return `has ${raw.length} endpoints; a link joins two`;
  const out: Endpoint[] = [];
  for (const e of raw) {
    if (typeof e === 'string') {
      const at = e.indexOf(':');
      if (at <= 0 || at === e.length - 1) return `endpoint "${e}" must be written NODE:INTERFACE`;
      out.push({ node: e.slice(0, at), interface: e.slice(at + 1) });
    } else if (e && typeof e === 'object' && typeof (e as Endpoint).node === 'string') {
      out.push({ node: (e as Endpoint).node, interface: String((e as Endpoint).interface ?? '') });
    } else return `endpoint ${JSON.stringify(e)} must be "NODE:INTERFACE" or {node, interface}`;
  }
  if (spec.type === 'host' || spec.type === 'mgmt-net' || spec.type === 'macvlan') out.push({ node: String(spec.type), interface: String(spec['host-interface'] ?? '') });
  return out;
}

function readNode(name: string, spec: Record<string, unknown>): TopologyNode {
  const labels = (spec.labels ?? {}) as Record<string, unknown>;
  const node: TopologyNode = { id: name, name };
  const kind = typeof spec.kind === 'string' ? spec.kind : '';
  const role = labels.role ?? labels['netweaver-role'] ?? (kind.includes('bridge') ? 'switch' : kind === 'linux' ? 'host' : undefined);
  if (role) node.role = String(role);
  if (labels.site ?? spec.group) node.site = String(labels.site ?? spec.group);
  const lat = Number(labels['graph-geoCoordinateLat']);
  const lon = Number(labels['graph-geoCoordinateLng']);
  if (labels['graph-geoCoordinateLat'] !== undefined && Number.isFinite(lat) && Number.isFinite(lon)) { node.lat = lat; node.lon = lon; }
  const x = Number(labels['graph-posX']);
  const y = Number(labels['graph-posY']);
  if (labels['graph-posX'] !== undefined && Number.isFinite(x) && Number.isFinite(y)) { node.x = x; node.y = y; }
  const addresses = [spec['mgmt-ipv4'], spec['mgmt-ipv6']].filter((a): a is string => typeof a === 'string');
  if (addresses.length) node.addresses = addresses;
  return node;
}

function readLinkVars(vars: unknown, id: string, a: Endpoint, b: Endpoint, options: ContainerlabOptions, fail: (m: string) => void): TopologyLink | null {
  const v = (vars && typeof vars === 'object' ? vars : {}) as Record<string, unknown>;
  let capacity = options.defaultCapacity ?? 0;
  if (v.capacity !== undefined || v.bandwidth !== undefined) {
    const parsed = parseLinkSpeed(v.capacity as string ?? v.bandwidth as string);
    if (parsed === null) return fail(`capacity "${String(v.capacity ?? v.bandwidth)}" is not a speed (write 10G, 400M or bit/s)`), null;
    capacity = parsed;
  }
  const num = (key: string, fallback: number): number => {
    if (v[key] === undefined) return fallback;
    const x = Number(v[key]);
    if (!Number.isFinite(x)) fail(`${key} "${String(v[key])}" is not a number`);
    return x;
  };
  const metric = num('metric', 1);
  const common = { capacity, latency: num('latency', 0), loss: num('loss', 0) };
  const srlgs = Array.isArray(v.srlgs) ? v.srlgs.map(String) : typeof v.srlg === 'string' ? [v.srlg] : [];
  return {
    id,
    a: a.node,
    b: b.node,
    ab: linkDirection({ ...common, metric: num('metric-ab', metric), interface: a.interface }),
    ba: linkDirection({ ...common, metric: num('metric-ba', metric), interface: b.interface }),
    srlgs,
  };
}
