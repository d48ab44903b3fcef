// The topology model: devices (nodes) with site, role and coordinates, and links between two
// devices with per-direction attributes (capacity, IGP metric, latency, loss, interface name) and
// shared-risk link groups (SRLGs). Plain JSON-serialisable objects: what the importers produce,
// the store persists, jobs receive and `topology-json.ts` exports. The routing engine never walks
// these objects; it compiles them into a CompactGraph (compact-graph.ts) first.
//
// Stable API (the simulator reuses it):
//   Topology, TopologyNode, TopologyLink, LinkDirection, Demand, TrafficMatrix
//   validateTopology(topology) → TopologyIssue[]      (empty when the topology is usable)
//   assertValidTopology(topology, module, file)        (throws TopologyError listing every issue)
//   linkDirection(partial) → LinkDirection             (defaults filled in)
//
// Units, everywhere in graph/ and routing/: capacity and demand rates in bit/s, latency in
// milliseconds (one way), loss as a fraction 0..1, IGP metric a positive number.

/** A device: router, switch, host. `id` is stable and unique; `name` is what engineers read. */
export interface TopologyNode {
  id: string;
  name: string;
  site?: string;
  /** core, edge, pe, p, ce, host, switch … free text; `edge` marks where traffic enters/leaves. */
  role?: string;
  /** Geographic position in degrees, when known. */
  lat?: number;
  lon?: number;
  /** Layout position (drawing units) when the source has a drawing but no geography. */
  x?: number;
  y?: number;
  /** Addresses the device owns (loopbacks, management): maps flow exporters to devices. */
  addresses?: string[];
}

/** One direction of a link: what a router's interface config says about it. */
export interface LinkDirection {
  /** bit/s; 0 means unknown (utilisation is then reported as NaN). */
  capacity: number;
  /** IGP metric (OSPF cost / IS-IS metric), > 0. */
  metric: number;
  /** One-way latency in milliseconds. */
  latency: number;
  /** Packet loss fraction 0..1. */
  loss: number;
  /** Interface name on the sending device (`ge-0/0/1`, `Ethernet1`). */
  interface?: string;
}

/** A link between devices `a` and `b`. `ba` is null for a one-way link. */
export interface TopologyLink {
  id: string;
  a: string;
  b: string;
  ab: LinkDirection;
  ba: LinkDirection | null;
  srlgs: string[];
  label?: string;
}

export interface Topology {
  name: string;
  nodes: TopologyNode[];
  links: TopologyLink[];
  /** Where it came from (file path, `sim`, `flows`), for provenance in reports. */
  source?: string;
}

/** Traffic from `src` to `dst` (node ids) at `rate` bit/s. */
export interface Demand {
  id?: string;
  src: string;
  dst: string;
  rate: number;
}

export interface TrafficMatrix {
  name?: string;
  demands: Demand[];
}

export const DEFAULT_LINK_DIRECTION: Readonly<LinkDirection> = { capacity: 0, metric: 1, latency: 0, loss: 0 };

export function linkDirection(partial: Partial<LinkDirection> = {}): LinkDirection {
  const out: LinkDirection = { ...DEFAULT_LINK_DIRECTION, ...partial };
  if (partial.interface === undefined) delete out.interface;
  return out;
}

/** A problem found in a topology or an input file; `line` is 1-based when the source has lines. */
export interface TopologyIssue {
  message: string;
  file?: string;
  line?: number;
}

/** Thrown by importers and validation; the message lists every issue, each with file and line. */
export class TopologyError extends Error {
  readonly issues: TopologyIssue[];
  constructor(module: string, issues: TopologyIssue[]) {
    const shown = issues.slice(0, 20).map((i) => `${module}: ${formatIssuePlace(i)}${i.message}`);
    if (issues.length > 20) shown.push(`${module}: … and ${issues.length - 20} more problems`);
    super(shown.join('\n'));
    this.name = 'TopologyError';
    this.issues = issues;
  }
}

export function formatIssuePlace(issue: TopologyIssue): string {
  if (!issue.file) return issue.line ? `line ${issue.line}: ` : '';
  return issue.line ? `${issue.file}:${issue.line}: ` : `${issue.file}: `;
}

/** Where each node and link was declared, so validation can name the line. */
export interface SourceLines {
  file?: string;
  node?: Map<string, number>;
  link?: Map<string, number>;
}

/** Every reason the topology cannot be routed on: duplicates, dangling ends, bad numbers. */
export function validateTopology(topology: Topology, lines: SourceLines = {}): TopologyIssue[] {
  const issues: TopologyIssue[] = [];
  const at = (kind: 'node' | 'link', id: string) => ({ file: lines.file, line: lines[kind]?.get(id) });
  const nodeIds = new Set<string>();
  for (const node of topology.nodes) {
    if (typeof node.id !== 'string' || node.id === '') issues.push({ ...at('node', node.id), message: 'a node has no id' });
    else if (nodeIds.has(node.id)) issues.push({ ...at('node', node.id), message: `duplicate node id "${node.id}"` });
    nodeIds.add(node.id);
    for (const key of ['lat', 'lon', 'x', 'y'] as const) {
      const v = node[key];
      if (v !== undefined && !Number.isFinite(v)) issues.push({ ...at('node', node.id), message: `node "${node.id}" has a non-numeric ${key}` });
    }
  }
  const linkIds = new Set<string>();
  for (const link of topology.links) {
    const where = at('link', link.id);
    if (linkIds.has(link.id)) issues.push({ ...where, message: `duplicate link id "${link.id}"` });
    linkIds.add(link.id);
    for (const end of [link.a, link.b]) {
      if (!nodeIds.has(end)) issues.push({ ...where, message: `link "${link.id}" refers to node "${end}", which is not declared` });
    }
    if (link.a === link.b) issues.push({ ...where, message: `link "${link.id}" connects node "${link.a}" to itself` });
    checkDirection(link.ab, `link "${link.id}" (${link.a}→${link.b})`, where, issues);
    if (link.ba) checkDirection(link.ba, `link "${link.id}" (${link.b}→${link.a})`, where, issues);
    if (!Array.isArray(link.srlgs)) issues.push({ ...where, message: `link "${link.id}" has no srlgs list` });
  }
  return issues;
}

function checkDirection(d: LinkDirection, what: string, where: { file?: string; line?: number }, issues: TopologyIssue[]): void {
  if (!d || typeof d !== 'object') {
    issues.push({ ...where, message: `${what} has no attributes` });
    return;
  }
  if (!(Number.isFinite(d.capacity) && d.capacity >= 0)) issues.push({ ...where, message: `${what} has capacity ${d.capacity}; it must be ≥ 0 bit/s` });
  if (!(Number.isFinite(d.metric) && d.metric > 0)) issues.push({ ...where, message: `${what} has metric ${d.metric}; it must be a positive number` });
  if (!(Number.isFinite(d.latency) && d.latency >= 0)) issues.push({ ...where, message: `${what} has latency ${d.latency}; it must be ≥ 0 ms` });
  if (!(Number.isFinite(d.loss) && d.loss >= 0 && d.loss <= 1)) issues.push({ ...where, message: `${what} has loss ${d.loss}; it must be between 0 and 1` });
}

export function assertValidTopology(topology: Topology, module: string, lines: SourceLines = {}): void {
  const issues = validateTopology(topology, lines);
  if (issues.length) throw new TopologyError(module, issues);
}

/** What every importer returns: the topology, any demands the file carried, and warnings
 *  (things it repaired or assumed, counted and named, never silently dropped). */
export interface ImportResult {
  topology: Topology;
  demands?: Demand[];
  warnings: TopologyIssue[];
}

/** Groups repeated warnings ("12 links have no speed") instead of printing one per link. */
export function summariseIssues(issues: readonly TopologyIssue[], module: string): string[] {
  const groups = new Map<string, TopologyIssue[]>();
  for (const i of issues) {
    const key = i.message.replace(/"[^"]*"/g, '"…"');
    groups.set(key, [...(groups.get(key) ?? []), i]);
  }
  return [...groups.values()].map((list) =>
    list.length === 1 ? `${module}: ${formatIssuePlace(list[0]!)}${list[0]!.message}` : `${module}: ${list.length}× ${formatIssuePlace(list[0]!)}${list[0]!.message} (and ${list.length - 1} more like it)`,
  );
}
