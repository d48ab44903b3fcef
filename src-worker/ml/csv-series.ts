// Reads a traffic series from CSV in the Numenta Anomaly Benchmark layout (`timestamp,value`,
// timestamps as "YYYY-MM-DD HH:MM:SS" UTC or ISO 8601, or epoch seconds/ms). Bad rows are
// counted by reason and skipped, never silently dropped.
import { resample, type Aggregation, type TimeSeries, DEFAULT_STEP_MS } from './series.js';

export interface CsvReadReport {
  rows: number;
  accepted: number;
  rejected: Record<string, number>;
  /** First few rejected lines, "line 17: value 'abc' is not a number". */
  examples: string[];
}

export interface CsvSeries {
  series: TimeSeries;
  report: CsvReadReport;
  /** The raw timestamps and values as read, before resampling. */
  timesMs: Float64Array;
  values: Float64Array;
}

export function parseTimestamp(text: string): number {
  const s = text.trim().replace(/^"|"$/g, '');
  if (/^\d+(\.\d+)?$/.test(s)) {
    const n = Number(s);
    return n < 1e11 ? n * 1000 : n; // epoch seconds vs milliseconds
  }
  const iso = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(s) ? s.replace(' ', 'T') + 'Z' : s;
  return Date.parse(iso);
}

export function readCsvSeries(name: string, text: string, stepMs = DEFAULT_STEP_MS, aggregation: Aggregation = 'mean'): CsvSeries {
  const lines = text.split(/\r?\n/);
  const times: number[] = [];
  const vals: number[] = [];
  const report: CsvReadReport = { rows: 0, accepted: 0, rejected: {}, examples: [] };
  const reject = (reason: string, line: number, detail: string) => {
    report.rejected[reason] = (report.rejected[reason] ?? 0) + 1;
    if (report.examples.length < 5) report.examples.push(`line ${line}: ${detail}`);
  };
  let timeCol = 0;
  let valueCol = 1;
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    const cells = line.split(',');
    if (i === 0 && Number.isNaN(parseTimestamp(cells[0] ?? ''))) {
      const lower = cells.map((c) => c.trim().toLowerCase().replace(/"/g, ''));
      timeCol = Math.max(0, lower.findIndex((c) => c === 'timestamp' || c === 'time'));
      const vc = lower.findIndex((c) => c === 'value');
      valueCol = vc >= 0 ? vc : timeCol === 0 ? 1 : 0;
      return;
    }
    report.rows++;
    const t = parseTimestamp(cells[timeCol] ?? '');
    const v = Number((cells[valueCol] ?? '').trim());
    if (Number.isNaN(t)) return reject('bad timestamp', i + 1, `timestamp '${cells[timeCol] ?? ''}' is not a date`);
    if (cells[valueCol] === undefined || cells[valueCol]!.trim() === '' || !Number.isFinite(v)) {
      return reject('bad value', i + 1, `value '${cells[valueCol] ?? ''}' is not a number`);
    }
    times.push(t);
    vals.push(v);
    report.accepted++;
  });
  if (report.accepted === 0) throw new Error(`csv: ${name} has no usable rows (${JSON.stringify(report.rejected)})`);
  const timesMs = Float64Array.from(times);
  const values = Float64Array.from(vals);
  return { series: resample(name, timesMs, values, stepMs, aggregation), report, timesMs, values };
}
