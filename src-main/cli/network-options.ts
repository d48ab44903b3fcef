// The options every routing command shares — which network (a stored topology or a topology
// file) and which traffic matrix — and the number formats their reports use.
import { existsSync } from 'node:fs';
import type { NetworkRef } from '../api/contract/routing.js';
import { stringOption, type OptionsConfig, type ParsedArgs } from './command.js';

export const networkOptionsConfig: OptionsConfig = {
  topology: { type: 'string' },
  demands: { type: 'string' },
  gravity: { type: 'string' },
};

export const networkOptionsHelp = `  --topology FILE|NAME  a topology file (.graphml, REPETITA .graph, .clab.yml, .json) or a stored
                        topology's id or name (default: the newest stored one)
  --demands FILE        traffic matrix: REPETITA .demands, JSON or CSV src,dst,rate (default: the
                        topology's own; REPETITA NAME.0000.demands beside NAME.graph is found)
  --gravity RATE        use a gravity-model matrix of this total rate instead (e.g. 400G)`;

export function networkRefFrom(args: ParsedArgs): NetworkRef {
  const topology = stringOption(args, 'topology');
  const ref: NetworkRef = {};
  if (topology !== undefined) {
    if (existsSync(topology)) ref.file = topology;
    else ref.topology = topology;
  }
  const demands = stringOption(args, 'demands');
  if (demands !== undefined) ref.demandsFile = demands;
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
