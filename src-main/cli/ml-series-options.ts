// The options `train`, `forecast` and `detect` share: which series (--series SPEC from the
// store's flows, or --csv FILE), its step, and following a worker job's progress on stderr.
import type { ApiClient } from '../api/contract.js';
import type { SeriesSource } from '../api/contract/ml.js';
import { stringOption, UsageError, type CommandIO, type OptionsConfig, type ParsedArgs } from './command.js';
import { ProgressBar } from './progress-bar.js';

export const seriesOptionsConfig: OptionsConfig = {
  series: { type: 'string' },
  csv: { type: 'string' },
  step: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
};

export const seriesOptionsHelp = `  --series SPEC     a series from the stored flows: total | device=IP | interface=IP:IF[:in|out]
                    | link=IP:IF | demand=PREFIX->PREFIX, optionally ,metric=bps|pps|flows
  --csv FILE        a series from a CSV file (timestamp,value — NAB layout) instead
  --step DURATION   resampling step (default 5m)
  --from, --to      time range of stored flows (ISO time)`;

export function seriesSourceFrom(args: ParsedArgs): SeriesSource {
  const spec = stringOption(args, 'series');
  const csv = stringOption(args, 'csv');
  if (spec && csv) throw new UsageError('give either --series SPEC or --csv FILE, not both');
  if (csv) {
    if (stringOption(args, 'from') || stringOption(args, 'to')) throw new UsageError('--from/--to select stored flows; with --csv the whole file is the series');
    return { csv };
  }
  if (!spec) throw new UsageError('which series? give --series SPEC (from stored flows) or --csv FILE');
  const from = stringOption(args, 'from');
  const to = stringOption(args, 'to');
  return { spec, ...(from ? { from } : {}), ...(to ? { to } : {}) };
}

/** Shows progress of the caller's jobs of `kind` on stderr until the returned function is called. */
export function followJobs(api: ApiClient, io: CommandIO, kind: string, label: string): (summary?: string) => void {
  const bar = new ProgressBar({ label, stream: process.stderr, intervalMs: 200 });
  const off = api.on('job.updated', (info) => {
    if (info.kind !== kind || !info.progress) return;
    bar.update(info.progress.fraction, info.progress.message ?? '');
  });
  return (summary) => {
    off();
    bar.done(io.json ? undefined : summary);
  };
}

export const fmt = (v: number | null | undefined, digits = 4) => (v === null || v === undefined || !Number.isFinite(v) ? '—' : Number(v).toPrecision(digits));
