// Capacity planning per link: forecasts each link's traffic series with the ML engine's
// Holt-Winters (daily season, smoothing constants fitted on the history) — or a least-squares
// trend when there is less than two days of history — and finds the first date the forecast
// crosses 80 % and 100 % of the link's capacity, plus the earliest date the upper band (90 %
// one-sided, from the one-step residuals widened by √h) crosses them.
import { fitHoltWinters, holtWintersForecast, holtWintersRun } from '../ml/holt-winters.js';
import { fillShortGaps, seasonalPeriods, type TimeSeries } from '../ml/series.js';

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
  /** Mean of the last day of history (bit/s). */
  recentMean: number;
  /** Peak of the forecast over the horizon (bit/s). */
  forecastPeak: number;
  /** Growth of the level per 30 days, as a fraction of the recent mean (NaN when the mean is 0). */
  growthPer30Days: number;
  crossings: ThresholdCrossing[];
  /** Downsampled (peak per display bucket) for charts: history then forecast. */
  chart: { times: number[]; observed: (number | null)[]; forecast: (number | null)[]; upper: (number | null)[] };
  gaps: { interpolated: number; missing: number };
}

export interface CapacityPlanOptions {
  horizonDays?: number;
  thresholds?: number[];
  /** Points per chart (peaks kept). */
  chartPoints?: number;
}

const Z90 = 1.2816; // one-sided 90 % normal quantile

interface ForecastCurve {
  method: string;
  value: Float64Array;
  upper: Float64Array;
  levelGrowthPerStep: number;
}

function quantileAbs(residuals: number[], q: number): number {
  if (residuals.length === 0) return 0;
  const s = residuals.map(Math.abs).sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}

function holtWintersCurve(values: Float64Array, period: number, horizon: number): ForecastCurve {
  const n = values.length;
  const params = fitHoltWinters(values, period, n);
  const state = holtWintersRun(values, period, params);
  const residuals: number[] = [];
  for (let t = 2 * period; t < n; t++) if (Number.isFinite(values[t]!)) residuals.push(values[t]! - holtWintersForecast(state, t - 1, 1));
  // Residual spread from their 80th percentile of |e| (robust to spikes) as ~1.28σ.
  const sigma = quantileAbs(residuals, 0.8) / Z90;
  const value = new Float64Array(horizon);
  const upper = new Float64Array(horizon);
  for (let h = 1; h <= horizon; h++) {
    const v = Math.max(0, holtWintersForecast(state, n - 1, h));
    value[h - 1] = v;
    upper[h - 1] = v + Z90 * sigma * Math.sqrt(h);
  }
  const { alpha, beta, gamma } = params;
  return { method: `Holt-Winters additive, daily season of ${period} steps (α ${alpha}, β ${beta}, γ ${gamma})`, value, upper, levelGrowthPerStep: state.trend[n - 1]! };
}

function linearCurve(values: Float64Array, horizon: number): ForecastCurve {
  let sx = 0, sy = 0, sxx = 0, sxy = 0, c = 0;
  values.forEach((y, x) => {
    if (!Number.isFinite(y)) return;
    (sx += x), (sy += y), (sxx += x * x), (sxy += x * y), c++;
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
    upper[h - 1] = v + Z90 * sigma;
  }
  return { method: 'least-squares linear trend (less than two days of history: no daily season)', value, upper, levelGrowthPerStep: slope };
}

function peakDownsample(startMs: number, stepMs: number, values: ArrayLike<number>, bucketSteps: number): { times: number[]; values: (number | null)[] } {
  const times: number[] = [];
  const out: (number | null)[] = [];
  for (let i = 0; i < values.length; i += bucketSteps) {
    let peak = -Infinity;
    for (let k = i; k < Math.min(values.length, i + bucketSteps); k++) if (Number.isFinite(values[k]!) && values[k]! > peak) peak = values[k]!;
    times.push(startMs + i * stepMs);
    out.push(peak === -Infinity ? null : peak);
  }
  return { times, values: out };
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
  if (n < 3) throw new Error(`capacity: ${link.name}: needs at least 3 measurements, has ${n}`);
  const horizon = Math.max(1, Math.round(((options.horizonDays ?? 90) * 86_400_000) / stepMs));
  const period = seasonalPeriods(stepMs).daily;
  const curve = period >= 2 && n >= 2 * period + 2 ? holtWintersCurve(values, period, horizon) : linearCurve(values, horizon);
  const endMs = startMs + (n - 1) * stepMs;
  let peak = -Infinity;
  let peakAt = startMs;
  values.forEach((v, i) => Number.isFinite(v) && v > peak && ((peak = v), (peakAt = startMs + i * stepMs)));
  const crossings = thresholds.map((t): ThresholdCrossing => {
    const level = t * link.capacity;
    const observed = values.findIndex((v) => Number.isFinite(v) && v >= level);
    const ahead = curve.value.findIndex((v) => v >= level);
    const early = curve.upper.findIndex((v) => v >= level);
    if (observed >= 0) return { threshold: t, status: 'observed', atMs: startMs + observed * stepMs, earliestMs: null };
    return {
      threshold: t,
      status: ahead >= 0 ? 'forecast' : 'none',
      atMs: ahead >= 0 ? endMs + (ahead + 1) * stepMs : null,
      earliestMs: early >= 0 ? endMs + (early + 1) * stepMs : null,
    };
  });
  const dayLen = Math.max(1, Math.round(86_400_000 / stepMs));
  let recentSum = 0;
  let recentCount = 0;
  for (let i = Math.max(0, n - dayLen); i < n; i++) if (Number.isFinite(values[i]!)) (recentSum += values[i]!), recentCount++;
  const recentMean = recentCount ? recentSum / recentCount : 0;
  const totalSteps = n + horizon;
  const bucketSteps = Math.max(1, Math.ceil(totalSteps / (options.chartPoints ?? 360)));
  const hist = peakDownsample(startMs, stepMs, values, bucketSteps);
  const fc = peakDownsample(endMs + stepMs, stepMs, curve.value, bucketSteps);
  const up = peakDownsample(endMs + stepMs, stepMs, curve.upper, bucketSteps);
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
    recentMean,
    forecastPeak,
    growthPer30Days: recentMean > 0 ? (curve.levelGrowthPerStep * (30 * 86_400_000)) / stepMs / recentMean : NaN,
    crossings,
    chart: {
      times: [...hist.times, ...fc.times],
      observed: [...hist.values, ...fc.values.map(() => null)],
      forecast: [...hist.values.map(() => null), ...fc.values],
      upper: [...hist.values.map(() => null), ...up.values],
    },
    gaps: { interpolated: report.interpolated, missing: report.missing },
  };
}
