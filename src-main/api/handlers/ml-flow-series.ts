// Builds a traffic series for a series spec from the flows in the store: the spec becomes a flow
// filter (`exporter = 192.0.2.1 and out_if = 3`), the store aggregates bytes/packets/flows per
// bucket of time_received (from its rollups when the range is long), and the result is a rate
// (bit/s, packet/s, flow/s) per bucket. Buckets with no flows are zero: no traffic was seen.
import { describeSeriesSpec, parseSeriesSpec, seriesSpecFilter, type SeriesSpec } from '../../../src-worker/ml/series-spec.js';
import { parseDuration, type TimeSeries } from '../../../src-worker/ml/series.js';
import { filterToSql } from '../../store/filter/filter-sql.js';
import { flowTimeSeries, type FlowMetric } from '../../store/query/flow-query.js';
import { dialectFor, SqlParams } from '../../store/query/sql-dialect.js';
import type { Store } from '../../store/store.js';
import { ApiError } from '../contract/errors.js';
import type { SeriesSource } from '../contract/ml.js';

const METRIC: Record<SeriesSpec['metric'], { column: FlowMetric; factor: number }> = {
  bps: { column: 'bytes', factor: 8 },
  pps: { column: 'packets', factor: 1 },
  flows: { column: 'flows', factor: 1 },
};

function parseSpec(text: string): SeriesSpec {
  try {
    return parseSeriesSpec(text);
  } catch (error) {
    throw new ApiError('invalid_params', (error as Error).message);
  }
}

/** ISO time, or a duration ("7d") counted back from `latestMs`. */
function timeBound(text: string | undefined, latestMs: number, fallback: number): number {
  if (!text) return fallback;
  if (/^\d+(\.\d+)?\s*(ms|s|m|min|h|d|w)$/.test(text)) return latestMs - parseDuration(text);
  const t = Date.parse(text);
  if (Number.isNaN(t)) throw new ApiError('invalid_params', `ml: "${text}" is neither a time (2026-11-20T10:00Z) nor a duration (7d)`);
  return t;
}

export async function loadFlowSeries(store: Store, source: Extract<SeriesSource, { spec: string }>, stepMs: number): Promise<TimeSeries> {
  const spec = parseSpec(source.spec);
  const filter = seriesSpecFilter(spec);
  const d = dialectFor(store.kind);
  const p = new SqlParams();
  const where = filterToSql(filter, d, p);
  const span = await store.all<{ a: number | string | null; b: number | string | null; n: number | string }>(
    `SELECT ${d.epochMs('min(time_received)')} AS a, ${d.epochMs('max(time_received)')} AS b, count(*) AS n FROM flows WHERE ${where}`,
    p.values,
  );
  const row = span[0];
  if (!row || Number(row.n) === 0 || row.a === null || row.b === null) {
    throw new ApiError('not_found', `ml: no stored flows match series "${source.spec}"${filter ? ` (filter: ${filter})` : ''}`);
  }
  const latest = Number(row.b);
  const fromMs = Math.floor(timeBound(source.from, latest, Number(row.a)) / stepMs) * stepMs;
  const toMs = (Math.floor(timeBound(source.to, latest, latest) / stepMs) + 1) * stepMs;
  if (toMs <= fromMs) throw new ApiError('invalid_params', `ml: the range ${new Date(fromMs).toISOString()} – ${new Date(toMs).toISOString()} is empty`);
  const metric = METRIC[spec.metric];
  const ts = await flowTimeSeries(store, { fromUs: fromMs * 1000, toUs: toMs * 1000, filter, groupBy: [], top: 1, metric: metric.column, stepSeconds: stepMs / 1000 });
  const totals = ts.series[0]?.values ?? new Array<number>(ts.times.length).fill(0);
  const values = Float64Array.from(totals, (v) => (v * metric.factor) / (stepMs / 1000));
  return { name: describeSeriesSpec(spec), startMs: ts.times[0] ?? fromMs, stepMs, values };
}
