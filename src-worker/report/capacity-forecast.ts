// Capacity planning per link, the way planners do it: each link's series (5-minute averages,
// say) becomes a series of daily peaks, and that is forecast — with the ML engine's Holt-Winters
// and a weekly season when there are at least three weeks of days, else a least-squares trend —
// to find the first day the expected peak crosses 80 % and 100 % of capacity, and the earliest day
// the forecast's upper band (one-sided 90 %, from the residuals, widened by √days) does.
import { fitHoltWinters, holtWintersForecast, holtWintersRun } from '../ml/holt-winters.js';
import { fillShortGaps, type TimeSeries } from '../ml/series.js';

export interface CapacityLinkInput {
  id: string;
  /** What the engineer reads ("r1 ge-0/0/1 → r2"). */
  name: string;
  /** bit/s. */
  capacity: number;
  /** bit/s per bucket; NaN where nothing was measured. */
  series: { name: string; startMs: number; stepMs: number; values: number[] };
}

export interface ThresholdCrossing {
  threshold: number;
  /** 'observed' = already crossed in the history; 'forecast' = expected; 'none' = not within the horizon. */
  status: 'observed' | 'forecast' | 'none';
  /** When (ms): first observed crossing, or first forecast crossing. */
  atMs: number | null;
  /** Earliest forecast crossing of the upper band (the pessimistic date). */
  earliestMs: number | null;
}

export interface CapacityLinkPlan {
  id: string;
  name: string;
  capacity: number;
  method: string;
  historyFromMs: number;
  historyToMs: number;
  stepMs: number;
  observedPeak: number;
  observedPeakMs: number;
  /** Peak of the last full day of history (bit/s). */
  recentPeak: number;
  /** Highest expected daily peak over the horizon (bit/s). */
  forecastPeak: number;
  /** Growth of the daily peak per 30 days, as a fraction of the mean daily peak (NaN when that is 0). */
  growthPer30Days: number;
  crossings: ThresholdCrossing[];
  /** The daily-peak series the forecast was made from, and the forecast (one value per day after the last). */
  daily: { dayMs: number[]; peak: (number | null)[] };
  forecast: { value: number[]; upper: number[] };
  /** Downsampled (peak per display bucket) for charts: history then forecast. */
  chart: { times: number[]; observed: (number | null)[]; forecast: (number | null)[]; upper: (number | null)[] };
  gaps: { interpolated: number; missing: number };
}

export interface CapacityPlanOptions {
  horizonDays?: number;
  thresholds?: number[];
  /** Points of measured history per chart (peaks kept). */
  chartPoints?: number;
}

const Z90 = 1.2816; // one-sided 90 % normal quantile
const DAY_MS = 86_400_000;
const WEEK = 7;

interface ForecastCurve {
  method: string;
  value: Float64Array;
  upper: Float64Array;
  /** Growth of the peak per day. */
  slopePerDay: number;
}

function quantileAbs(residuals: number[], q: number): number {
  if (residuals.length === 0) return 0;
  const s = residuals.map(Math.abs).sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}

/** Daily peaks over UTC days at least half covered by measurements. */
export function dailyPeaks(startMs: number, stepMs: number, values: ArrayLike<number>): { dayMs: number[]; peak: number[] } {
  const perDay = Math.max(1, Math.round(DAY_MS / stepMs));
  const byDay = new Map<number, { peak: number; count: number }>();
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) continue;
    const day = Math.floor((startMs + i * stepMs) / DAY_MS);
    const d = byDay.get(day);
    if (!d) byDay.set(day, { peak: v, count: 1 });
    else {
      d.peak = Math.max(d.peak, v);
      d.count++;
    }
  }
  const days = [...byDay.entries()].filter(([, d]) => d.count >= perDay / 2).sort((a, b) => a[0] - b[0]);
  if (days.length === 0) return { dayMs: [], peak: [] };
  // A regular daily grid from the first to the last kept day; missing days are NaN.
  const first = days[0]![0];
  const last = days[days.length - 1]![0];
  const kept = new Map(days);
  const dayMs: number[] = [];
  const peak: number[] = [];
  for (let d = first; d <= last; d++) {
    dayMs.push(d * DAY_MS);
    peak.push(kept.get(d)?.peak ?? NaN);
  }
  return { dayMs, peak };
}

function holtWintersCurve(values: Float64Array, horizon: number): ForecastCurve {
  const n = values.length;
  const params = fitHoltWinters(values, WEEK, n);
  const state = holtWintersRun(values, WEEK, params);
  const residuals: number[] = [];
  for (let t = 2 * WEEK; t < n; t++) if (Number.isFinite(values[t]!)) residuals.push(values[t]! - holtWintersForecast(state, t - 1, 1));
  // 80th percentile of |e| is ~1.28σ and robust to a spike or two.
  const sigma = quantileAbs(residuals, 0.8) / Z90;
  const value = new Float64Array(horizon);
  const upper = new Float64Array(horizon);
  for (let h = 1; h <= horizon; h++) {
    const v = Math.max(0, holtWintersForecast(state, n - 1, h));
    value[h - 1] = v;
    upper[h - 1] = v + Z90 * sigma * Math.sqrt(h);
  }
  const { alpha, beta, gamma } = params;
  return { method: `Holt-Winters additive on daily peaks, weekly season (α ${alpha}, β ${beta}, γ ${gamma})`, value, upper, slopePerDay: state.trend[n - 1]! };
}

function linearCurve(values: Float64Array, horizon: number): ForecastCurve {
  let sx = 0, sy = 0, sxx = 0, sxy = 0, c = 0;
  values.forEach((y, x) => {
    if (!Number.isFinite(y)) return;
    sx += x;
    sy += y;
    sxx += x * x;
    sxy += x * y;
    c++;
  });
  const slope = c > 1 && c * sxx - sx * sx !== 0 ? (c * sxy - sx * sy) / (c * sxx - sx * sx) : 0;
  const intercept = c ? (sy - slope * sx) / c : 0;
  const residuals: number[] = [];
  values.forEach((y, x) => Number.isFinite(y) && residuals.push(y - (intercept + slope * x)));
  const sigma = quantileAbs(residuals, 0.8) / Z90;
  const n = values.length;
  const value = new Float64Array(horizon);
  const upper = new Float64Array(horizon);
  for (let h = 1; h <= horizon; h++) {
    const v = Math.max(0, intercept + slope * (n - 1 + h));
    value[h - 1] = v;
    upper[h - 1] = v + Z90 * sigma * Math.sqrt(1 + h / Math.max(1, c));
  }
  return { method: `least-squares trend on daily peaks (${c} days of history; three weeks are needed for a weekly season)`, value, upper, slopePerDay: slope };
}

export function planLinkCapacity(link: CapacityLinkInput, options: CapacityPlanOptions = {}): CapacityLinkPlan {
  const thresholds = options.thresholds ?? [0.8, 1.0];
  const { stepMs, startMs } = link.series;
  if (!(stepMs > 0)) throw new Error(`capacity: ${link.name}: the series step must be positive`);
  if (!(link.capacity > 0)) throw new Error(`capacity: ${link.name}: capacity unknown; give the link's speed`);
  const input: TimeSeries = { name: link.series.name, startMs, stepMs, values: Float64Array.from(link.series.values, (v) => (v === null ? NaN : v)) };
  const { series, report } = fillShortGaps(input, 3);
  const values = series.values;
  const n = values.length;
  const daily = dailyPeaks(startMs, stepMs, values);
  if (daily.peak.length < 2) throw new Error(`capacity: ${link.name}: needs at least two days of measurements to see a trend, has ${daily.peak.length}`);
  const horizon = Math.max(1, Math.round(options.horizonDays ?? 90));
  const peaks = Float64Array.from(daily.peak);
  const curve = peaks.length >= 3 * WEEK ? holtWintersCurve(peaks, horizon) : linearCurve(peaks, horizon);
  const endMs = startMs + (n - 1) * stepMs;
  const lastDayMs = daily.dayMs[daily.dayMs.length - 1]!;
  let peak = -Infinity;
  let peakAt = startMs;
  values.forEach((v, i) => Number.isFinite(v) && v > peak && ((peak = v), (peakAt = startMs + i * stepMs)));
  const crossings = thresholds.map((t): ThresholdCrossing => {
    const level = t * link.capacity;
    const observed = values.findIndex((v) => Number.isFinite(v) && v >= level);
    if (observed >= 0) return { threshold: t, status: 'observed', atMs: startMs + observed * stepMs, earliestMs: null };
    const ahead = curve.value.findIndex((v) => v >= level);
    const early = curve.upper.findIndex((v) => v >= level);
    return {
      threshold: t,
      status: ahead >= 0 ? 'forecast' : 'none',
      atMs: ahead >= 0 ? lastDayMs + (ahead + 1) * DAY_MS : null,
      earliestMs: early >= 0 ? lastDayMs + (early + 1) * DAY_MS : null,
    };
  });
  const recentPeak = daily.peak.slice(-1)[0]!;
  const measuredPeaks = daily.peak.filter(Number.isFinite);
  const meanPeak = measuredPeaks.reduce((a, b) => a + b, 0) / measuredPeaks.length;
  // Chart: the measured series (peaks per display bucket), then the daily-peak forecast.
  const bucketSteps = Math.max(1, Math.ceil(n / (options.chartPoints ?? 300)));
  const times: number[] = [];
  const observed: (number | null)[] = [];
  for (let i = 0; i < n; i += bucketSteps) {
    let p = -Infinity;
    for (let k = i; k < Math.min(n, i + bucketSteps); k++) if (Number.isFinite(values[k]!) && values[k]! > p) p = values[k]!;
    times.push(startMs + i * stepMs);
    observed.push(p === -Infinity ? null : p);
  }
  const histLen = times.length;
  for (let h = 0; h < horizon; h++) times.push(lastDayMs + (h + 1) * DAY_MS);
  let forecastPeak = 0;
  for (const v of curve.value) if (v > forecastPeak) forecastPeak = v;
  return {
    id: link.id,
    name: link.name,
    capacity: link.capacity,
    method: curve.method,
    historyFromMs: startMs,
    historyToMs: endMs,
    stepMs,
    observedPeak: peak,
    observedPeakMs: peakAt,
    recentPeak,
    forecastPeak,
    growthPer30Days: meanPeak > 0 ? (curve.slopePerDay * 30) / meanPeak : NaN,
    crossings,
    daily: { dayMs: daily.dayMs, peak: daily.peak.map((v) => (Number.isFinite(v) ? v : null)) },
    forecast: { value: Array.from(curve.value), upper: Array.from(curve.upper) },
    chart: {
      times,
      observed: [...observed, ...new Array<null>(horizon).fill(null)],
      forecast: [...new Array<null>(histLen).fill(null), ...curve.value],
      upper: [...new Array<null>(histLen).fill(null), ...curve.upper],
    },
    gaps: { interpolated: report.interpolated, missing: report.missing },
  };
}
