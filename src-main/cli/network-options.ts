// The options every routing command shares — which network (a stored topology or a topology
// file) and which traffic matrix (its own, a file, a gravity model or the stored flows) — and the number formats their reports use.
import { existsSync } from 'node:fs';
import type { FlowMatrixSummary, NetworkRef } from '../api/contract/routing.js';
import { stringOption, UsageError, type OptionsConfig, type ParsedArgs } from './command.js';
import { parseTimeArgument } from './time-argument.js';

export const networkOptionsConfig: OptionsConfig = {
  topology: { type: 'string' },
  demands: { type: 'string' },
  gravity: { type: 'string' },
  'flows-from': { type: 'string' },
  'flows-to': { type: 'string' },
  'flows-filter': { type: 'string' },
};

export const networkOptionsHelp = `  --topology FILE|NAME  a topology file (.graphml, REPETITA .graph, .clab.yml, .json) or a stored
                        topology's id or name (default: the newest stored one)
  --demands FILE        traffic matrix: REPETITA .demands, JSON or CSV src,dst,rate (default: the
                        topology's own; REPETITA NAME.0000.demands beside NAME.graph is found)
  --gravity RATE        use a gravity-model matrix of this total rate instead (e.g. 400G)
  --demands flows       build the matrix from the stored flows between edge devices (needs a stored
                        topology whose devices are the exporters): bytes × sampling rate entering at
                        one device and leaving at another, averaged into bit/s over the range
    --flows-from T, --flows-to T  the range (now, 15m, 1h, 7d ago, ISO, Unix s; default: the span
                        of the matching flows)
    --flows-filter EXPR flow filter (as in netweaver query), e.g. "proto = tcp and dport = 443"`;

export function networkRefFrom(args: ParsedArgs): NetworkRef {
  const topology = stringOption(args, 'topology');
  const ref: NetworkRef = {};
  if (topology !== undefined) {
    if (existsSync(topology)) ref.file = topology;
    else ref.topology = topology;
  }
  const demands = stringOption(args, 'demands');
  const flowOptions = ['flows-from', 'flows-to', 'flows-filter'].filter((o) => stringOption(args, o) !== undefined);
  if (demands === 'flows') {
    const from = stringOption(args, 'flows-from');
    const to = stringOption(args, 'flows-to');
    const filter = stringOption(args, 'flows-filter');
    ref.flows = {
      ...(from !== undefined ? { from: parseTimeArgument(from, 'flows-from') } : {}),
      ...(to !== undefined ? { to: parseTimeArgument(to, 'flows-to') } : {}),
      ...(filter !== undefined ? { filter } : {}),
    };
  } else if (flowOptions.length) {
    throw new UsageError(`--${flowOptions[0]} goes with --demands flows`);
  } else if (demands !== undefined) ref.demandsFile = demands;
  const gravity = stringOption(args, 'gravity');
  if (gravity !== undefined) ref.gravity = gravity;
  return ref;
}

export function pct(u: number | null | undefined): string {
  return u === null || u === undefined || !Number.isFinite(u) ? '—' : `${(u * 100).toFixed(1)}%`;
}

export function rate(bps: number | null | undefined): string {
  if (bps === null || bps === undefined || !Number.isFinite(bps)) return '—';
  for (const [unit, f] of [['Tb/s', 1e12], ['Gb/s', 1e9], ['Mb/s', 1e6], ['kb/s', 1e3]] as const) if (Math.abs(bps) >= f) return `${+(bps / f).toFixed(2)} ${unit}`;
  return `${+bps.toFixed(2)} b/s`;
}

/** What a matrix built from stored flows covered, and the traffic it could not place. */
export function flowMatrixLines(m: FlowMatrixSummary | undefined): string[] {
  if (!m) return [];
  const share = (b: number) => (m.total.bytes > 0 ? ` (${((b / m.total.bytes) * 100).toFixed(1)}%)` : '');
  const lines = [
    `traffic matrix from stored flows ${new Date(m.fromUs / 1000).toISOString()} – ${new Date(m.toUs / 1000).toISOString()} (${m.seconds.toFixed(0)} s): ${m.demands} demands, ${rate(m.totalRate)}`,
    `  ${m.total.flows} flow records, ${m.total.bytes} bytes: ${m.mapped.bytes} into demands${share(m.mapped.bytes)}, ${m.transit.bytes} seen again in transit${share(m.transit.bytes)}`,
  ];
  for (const u of m.unmapped) {
    lines.push(`  not in the matrix: ${u.bytes} bytes${share(u.bytes)}, ${u.flows} records — ${u.why}${u.examples.length ? ` (e.g. ${u.examples.slice(0, 3).map((e) => e.what).join(', ')})` : ''}`);
  }
  return lines;
}
