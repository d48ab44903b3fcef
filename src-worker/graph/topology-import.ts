// One entry for every topology and traffic-matrix format: picks the importer from the file name
// (or, failing that, the content). Pure: the host reads the file and passes its text.
//   importTopologyText(text, file, options?) → ImportResult
//   importDemandsText(text, file, topology) → Demand[]   (REPETITA .demands, JSON list, CSV src,dst,rate)
import { importContainerlab } from './containerlab.js';
import { importGraphml, type GraphmlOptions } from './graphml.js';
import { parseLinkSpeed } from './link-speed.js';
import { importRepetitaDemands, importRepetitaGraph } from './repetita.js';
import { importTopologyJson } from './topology-json.js';
import { TopologyError, type Demand, type ImportResult, type Topology, type TopologyIssue } from './topology.js';

export type TopologyFormat = 'graphml' | 'repetita' | 'containerlab' | 'json';

export interface TopologyImportOptions {
  format?: TopologyFormat;
  graphml?: Omit<GraphmlOptions, 'file'>;
  defaultCapacity?: number;
}

export function detectTopologyFormat(text: string, file: string): TopologyFormat | null {
  const lower = file.toLowerCase();
  if (lower.endsWith('.graphml') || lower.endsWith('.xml')) return 'graphml';
  if (lower.endsWith('.graph')) return 'repetita';
  if (lower.endsWith('.clab.yml') || lower.endsWith('.clab.yaml') || lower.endsWith('.yml') || lower.endsWith('.yaml')) return 'containerlab';
  if (lower.endsWith('.json')) return 'json';
  const head = text.trimStart().slice(0, 200);
  if (head.startsWith('<')) return 'graphml';
  if (head.startsWith('{')) return 'json';
  if (/^NODES\s+\d+/.test(head)) return 'repetita';
  if (/^(name|topology)\s*:/m.test(head)) return 'containerlab';
  return null;
}

export function importTopologyText(text: string, file: string, options: TopologyImportOptions = {}): ImportResult {
  const format = options.format ?? detectTopologyFormat(text, file);
  switch (format) {
    case 'graphml':
      return importGraphml(text, { defaultCapacity: options.defaultCapacity, ...options.graphml, file });
    case 'repetita':
      return importRepetitaGraph(text, file);
    case 'containerlab':
      return importContainerlab(text, { file, defaultCapacity: options.defaultCapacity });
    case 'json':
      return importTopologyJson(text, file);
    default:
      throw new TopologyError('topology', [{ file, message: 'cannot tell the format; name the file .graphml, .graph (REPETITA), .clab.yml (containerlab) or .json (NetWeaver)' }]);
  }
}

/** Traffic matrix for a topology: REPETITA `.demands` (node numbers), JSON list, or CSV. */
export function importDemandsText(text: string, file: string, topology: Topology): Demand[] {
  const head = text.trimStart();
  if (/^DEMANDS\s+\d+/.test(head)) return importRepetitaDemands(text, topology.nodes.map((n) => n.id), file);
  if (head.startsWith('[') || head.startsWith('{')) {
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (e) {
      throw new TopologyError('demands', [{ file, message: `not valid JSON: ${(e as Error).message}` }]);
    }
    const list = Array.isArray(doc) ? doc : (doc as { demands?: unknown }).demands;
    if (!Array.isArray(list)) throw new TopologyError('demands', [{ file, message: 'expected a list of {src, dst, rate} or an object with "demands"' }]);
    return list.map((d, i) => rowToDemand(d as Record<string, unknown>, file, undefined, i));
  }
  return importDemandsCsv(text, file);
}

function importDemandsCsv(text: string, file: string): Demand[] {
  const errors: TopologyIssue[] = [];
  const lines = text.split(/\r?\n/);
  const header = (lines[0] ?? '').split(',').map((h) => h.trim().toLowerCase());
  const col = (names: string[]) => header.findIndex((h) => names.includes(h));
  const [s, d, r] = [col(['src', 'source', 'from']), col(['dst', 'destination', 'to']), col(['rate', 'bps', 'bw', 'bandwidth'])];
  if (s < 0 || d < 0 || r < 0) throw new TopologyError('demands', [{ file, line: 1, message: `CSV header must name src, dst and rate columns; found "${lines[0] ?? ''}"` }]);
  const out: Demand[] = [];
  lines.slice(1).forEach((line, i) => {
    if (line.trim() === '' || line.startsWith('#')) return;
    const f = line.split(',').map((x) => x.trim());
    try {
      out.push(rowToDemand({ src: f[s], dst: f[d], rate: f[r] }, file, i + 2, i));
    } catch (e) {
      errors.push(...(e as TopologyError).issues);
    }
  });
  if (errors.length) throw new TopologyError('demands', errors);
  return out;
}

function rowToDemand(d: Record<string, unknown>, file: string, line: number | undefined, i: number): Demand {
  const rate = typeof d.rate === 'number' ? d.rate : parseLinkSpeed(String(d.rate ?? ''));
  if (!d.src || !d.dst) throw new TopologyError('demands', [{ file, line, message: `demand ${i + 1} needs src and dst` }]);
  if (rate === null || !(rate >= 0)) throw new TopologyError('demands', [{ file, line, message: `demand ${i + 1} has rate "${String(d.rate)}"; write bit/s or "2G"` }]);
  return { ...(d.id !== undefined ? { id: String(d.id) } : {}), src: String(d.src), dst: String(d.dst), rate };
}
