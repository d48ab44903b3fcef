// REPETITA importer (traffic-engineering instances): NAME.graph and NAME.XXXX.demands.
//   NODES n / label x y / n lines ("0_Timisoara 21.2 45.7": x = longitude, y = latitude)
//   EDGES m / label src dest weight bw delay / m lines (directed; bw kbit/s, delay µs)
//   DEMANDS k / label src dest bw / k lines (bw kbit/s)
// Opposite directed edges are paired into one two-way link (first unpaired match, in file order);
// an edge without a partner stays a one-way link. Node ids are the labels; demands' node numbers
// are mapped to them. Errors: `repetita: FILE:LINE: what is wrong`.
import { assertValidTopology, linkDirection, TopologyError, type Demand, type ImportResult, type TopologyIssue, type TopologyLink, type TopologyNode } from './topology.js';

interface Line {
  no: number;
  fields: string[];
}

/** Non-empty lines split on whitespace, with their 1-based line numbers. */
function linesOf(text: string): Line[] {
  const out: Line[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const t = raw.trim();
    if (t !== '' && !t.startsWith('#')) out.push({ no: i + 1, fields: t.split(/\s+/) });
  });
  return out;
}

/** Reads "SECTION count" then its column-header line, then `count` rows. */
function section(lines: Line[], at: number, name: string, columns: number, file: string, errors: TopologyIssue[]): { rows: Line[]; next: number } | null {
  const head = lines[at];
  if (!head || head.fields[0] !== name) {
    errors.push({ file, line: head?.no, message: `expected a "${name} <count>" line${head ? `, found "${head.fields.join(' ')}"` : ' but the file ended'}` });
    return null;
  }
  const count = Number(head.fields[1]);
  if (!Number.isInteger(count) || count < 0) {
    errors.push({ file, line: head.no, message: `"${name}" must be followed by a count, found "${head.fields[1] ?? ''}"` });
    return null;
  }
  let i = at + 1;
  if (lines[i] && lines[i]!.fields[0] === 'label') i++; // column header
  const rows: Line[] = [];
  while (rows.length < count && i < lines.length && !/^[A-Z]+$/.test(lines[i]!.fields[0]!)) rows.push(lines[i++]!);
  if (rows.length < count) errors.push({ file, line: head.no, message: `${name} declares ${count} rows but ${rows.length} follow` });
  for (const r of rows) if (r.fields.length < columns) errors.push({ file, line: r.no, message: `expected ${columns} columns, found ${r.fields.length}: "${r.fields.join(' ')}"` });
  return { rows, next: i };
}

export function importRepetitaGraph(text: string, file = 'input.graph'): ImportResult {
  const errors: TopologyIssue[] = [];
  const lines = linesOf(text);
  const nodeSec = section(lines, 0, 'NODES', 3, file, errors);
  if (!nodeSec) throw new TopologyError('repetita', errors);
  const edgeSec = section(lines, nodeSec.next, 'EDGES', 6, file, errors);
  if (!edgeSec) throw new TopologyError('repetita', errors);
  const nodeLines = new Map<string, number>();
  const nodes: TopologyNode[] = nodeSec.rows.map((r) => {
    const [label = '', x, y] = r.fields;
    if (nodeLines.has(label)) errors.push({ file, line: r.no, message: `duplicate node label "${label}" (first on line ${nodeLines.get(label)})` });
    nodeLines.set(label, r.no);
    const node: TopologyNode = { id: label, name: label.replace(/^\d+_/, '') || label };
    const lon = Number(x);
    const lat = Number(y);
    if (Number.isFinite(lon) && Number.isFinite(lat)) { node.lon = lon; node.lat = lat; }
    else errors.push({ file, line: r.no, message: `node "${label}" has coordinates "${x} ${y}", which are not numbers` });
    return node;
  });
  const n = nodes.length;
  interface Arc {
    label: string;
    src: number;
    dst: number;
    weight: number;
    bw: number;
    delay: number;
    line: number;
  }
  const arcs: Arc[] = [];
  const warnings: TopologyIssue[] = [];
  for (const r of edgeSec.rows) {
    if (r.fields.length < 6) continue;
    const [label, s, d, w, bw, delay] = r.fields as [string, string, string, string, string, string];
    const arc = { label, src: Number(s), dst: Number(d), weight: Number(w), bw: Number(bw), delay: Number(delay), line: r.no };
    const bad = checkArc(arc, n);
    if (bad === 'self-loop') warnings.push({ file, line: r.no, message: `edge "${label}" loops from node ${arc.src} to itself; skipped (it carries no traffic)` });
    else if (bad) errors.push({ file, line: r.no, message: `edge "${label}" ${bad}` });
    else arcs.push(arc);
  }
  if (errors.length) throw new TopologyError('repetita', errors);
  const links = pairArcs(arcs, nodes);
  const linkLines = new Map(links.map((l) => [l.link.id, l.line]));
  const topology = { name: file.replace(/^.*\//, '').replace(/\.graph$/, ''), nodes, links: links.map((l) => l.link), source: file };
  assertValidTopology(topology, 'repetita', { file, node: nodeLines, link: linkLines });
  const oneWay = links.filter((l) => !l.link.ba).length;
  if (oneWay) warnings.push({ file, message: `${oneWay} edges have no opposite edge; kept as one-way links` });
  return { topology, warnings };
}

function checkArc(a: { src: number; dst: number; weight: number; bw: number; delay: number }, n: number): string | null {
  for (const [name, v] of [['source', a.src], ['destination', a.dst]] as const) {
    if (!Number.isInteger(v) || v < 0 || v >= n) return `has ${name} node ${v}, but the file declares ${n} nodes (0–${n - 1})`;
  }
  if (a.src === a.dst) return 'self-loop';
  if (!(a.weight > 0)) return `has weight ${a.weight}; IGP weights must be positive`;
  if (!(a.bw >= 0)) return `has capacity ${a.bw} kbit/s; it must be ≥ 0`;
  if (!(a.delay >= 0)) return `has delay ${a.delay} µs; it must be ≥ 0`;
  return null;
}

function pairArcs(
  arcs: { label: string; src: number; dst: number; weight: number; bw: number; delay: number; line: number }[],
  nodes: TopologyNode[],
): { link: TopologyLink; line: number }[] {
  const open = new Map<string, number[]>();
  const out: { link: TopologyLink; line: number }[] = [];
  const dir = (a: (typeof arcs)[number]) => linkDirection({ metric: a.weight, capacity: a.bw * 1000, latency: a.delay / 1000 });
  for (const a of arcs) {
    const waiting = open.get(`${a.dst}>${a.src}`);
    if (waiting && waiting.length) {
      const at = waiting.shift()!;
      const link = out[at]!.link;
      link.ba = dir(a);
      link.label = `${link.label}/${a.label}`;
      continue;
    }
    const key = `${a.src}>${a.dst}`;
    open.set(key, [...(open.get(key) ?? []), out.length]);
    out.push({ link: { id: a.label, a: nodes[a.src]!.id, b: nodes[a.dst]!.id, ab: dir(a), ba: null, srlgs: [], label: a.label }, line: a.line });
  }
  return out;
}

/** Demands file; node numbers refer to the graph's node order. */
export function importRepetitaDemands(text: string, nodeIds: readonly string[], file = 'input.demands'): Demand[] {
  const errors: TopologyIssue[] = [];
  const lines = linesOf(text);
  const sec = section(lines, 0, 'DEMANDS', 4, file, errors);
  if (!sec) throw new TopologyError('repetita', errors);
  const n = nodeIds.length;
  const demands: Demand[] = [];
  for (const r of sec.rows) {
    if (r.fields.length < 4) continue;
    const [label, s, d, bw] = r.fields as [string, string, string, string];
    const src = Number(s);
    const dst = Number(d);
    const rate = Number(bw);
    if (!Number.isInteger(src) || src < 0 || src >= n) errors.push({ file, line: r.no, message: `demand "${label}" starts at node ${s}, but the graph has ${n} nodes (0–${n - 1})` });
    else if (!Number.isInteger(dst) || dst < 0 || dst >= n) errors.push({ file, line: r.no, message: `demand "${label}" ends at node ${d}, but the graph has ${n} nodes (0–${n - 1})` });
    else if (!(rate >= 0)) errors.push({ file, line: r.no, message: `demand "${label}" has rate ${bw} kbit/s; it must be ≥ 0` });
    else demands.push({ id: label, src: nodeIds[src]!, dst: nodeIds[dst]!, rate: rate * 1000 });
  }
  if (errors.length) throw new TopologyError('repetita', errors);
  return demands;
}
