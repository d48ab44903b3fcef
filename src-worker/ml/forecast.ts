// Forecasting with a trained or imported model through onnxruntime: from the end of a series
// out to a horizon, with a band from the model's own test residuals and the baselines beside it
// (same time yesterday, same time last week, Holt-Winters) so every forecast can be judged.
// Single-output models are iterated (each prediction fed back); the multi-horizon model answers
// its horizons directly.
import type { HorizonMetrics, ModelArtefact } from './artefact.js';
import { seasonalNaive } from './baselines.js';
import { inputWindows } from './dataset.js';
import { fitHoltWinters, holtWintersForecast, holtWintersRun } from './holt-winters.js';
import { OnnxRunner } from './onnx-model.js';
import { fillShortGaps, seasonalPeriods, type TimeSeries } from './series.js';

export interface ForecastPoint {
  timeMs: number;
  /** Steps after the last observed bucket. */
  step: number;
  value: number;
  lower: number;
  upper: number;
  baselines: { seasonalNaiveDaily: number | null; seasonalNaiveWeekly: number | null; holtWinters: number | null };
}

export interface Forecast {
  series: string;
  model: string;
  /** Last observed bucket the forecast starts from. */
  fromMs: number;
  stepMs: number;
  points: ForecastPoint[];
  /** How the band was made, in words. */
  band: string;
  /** The observed buckets before the forecast (a day, or three horizons if longer), to draw it against; null = gap. */
  actual: { fromMs: number; stepMs: number; values: (number | null)[] };
}

function recentActuals(series: TimeSeries, anchor: number, keep: number): Forecast['actual'] {
  const first = Math.max(0, anchor + 1 - keep);
  const values = Array.from(series.values.subarray(first, anchor + 1), (v) => (Number.isFinite(v) ? v : null));
  return { fromMs: series.startMs + first * series.stepMs, stepMs: series.stepMs, values };
}

function lastCompleteAnchor(values: Float64Array, lookback: number): number {
  for (let a = values.length - 1; a >= lookback - 1; a--) {
    let ok = true;
    for (let i = a - lookback + 1; i <= a && ok; i++) ok = Number.isFinite(values[i]!);
    if (ok) return a;
  }
  throw new Error(`forecast: no ${lookback} consecutive observed buckets to start from`);
}

function residualFor(metrics: HorizonMetrics[], step: number): HorizonMetrics['residual'] | null {
  const exact = metrics.find((m) => m.steps === step);
  if (exact) return exact.residual;
  const one = metrics.find((m) => m.steps === 1);
  if (!one) return null;
  // Iterated forecasts: widen the one-step band about its median like a random walk (√step);
  // an approximation, said so in `band`.
  const k = Math.sqrt(step);
  const r = one.residual;
  return { p05: r.p50 + (r.p05 - r.p50) * k, p50: r.p50, p95: r.p50 + (r.p95 - r.p50) * k };
}

export async function forecastSeries(artefact: ModelArtefact, input: TimeSeries, horizonSteps: number): Promise<Forecast> {
  if (artefact.detector) throw new Error(`forecast: ${artefact.series.name} model is an anomaly detector, not a forecaster`);
  if (input.stepMs !== artefact.series.stepMs) throw new Error(`forecast: series step ${input.stepMs / 1000}s differs from the model's ${artefact.series.stepMs / 1000}s`);
  if (!(horizonSteps >= 1)) throw new Error('forecast: the horizon must be at least one step');
  const { series } = fillShortGaps(input, 3);
  const L = artefact.lookback;
  const norm = artefact.normalisation;
  const anchor = lastCompleteAnchor(series.values, L);
  const runner = await OnnxRunner.load(artefact.onnx, artefact.signature);
  const predictions = new Map<number, number>();
  try {
    if (artefact.horizons.length === 1 && artefact.horizons[0] === 1) {
      const ext = Array.from(series.values.subarray(0, anchor + 1));
      for (let s = 1; s <= horizonSteps; s++) {
        const x = inputWindows(Float64Array.from(ext.slice(-L)), [L - 1], L, norm);
        const y = (await runner.run(x, 1))[0]! * norm.std + norm.mean;
        predictions.set(s, y);
        ext.push(y);
      }
    } else {
      const out = await runner.run(inputWindows(series.values, [anchor], L, norm), 1);
      artefact.horizons.forEach((h, i) => {
        if (h <= horizonSteps) predictions.set(h, out[i]! * norm.std + norm.mean);
      });
      if (!predictions.size) throw new Error(`forecast: the model's shortest horizon is ${Math.min(...artefact.horizons)} steps, beyond the ${horizonSteps} asked for`);
    }
  } finally {
    await runner.release();
  }
  const { daily, weekly } = seasonalPeriods(series.stepMs);
  const values = series.values;
  let hw: ReturnType<typeof holtWintersRun> | null = null;
  if (anchor + 1 >= 2 * daily + 1) hw = holtWintersRun(values.subarray(0, anchor + 1), daily, fitHoltWinters(values, daily, anchor + 1));
  const known = (v: number) => (Number.isFinite(v) ? v : null);
  const points: ForecastPoint[] = [...predictions.entries()].map(([step, value]) => {
    const r = residualFor(artefact.metrics, step);
    return {
      timeMs: series.startMs + (anchor + step) * series.stepMs,
      step,
      value,
      lower: r ? value + r.p05 : NaN,
      upper: r ? value + r.p95 : NaN,
      baselines: {
        seasonalNaiveDaily: known(seasonalNaive(values, anchor, step, daily)),
        seasonalNaiveWeekly: known(seasonalNaive(values, anchor, step, weekly)),
        holtWinters: hw ? holtWintersForecast(hw, anchor, step) : null,
      },
    };
  });
  return {
    series: series.name,
    model: artefact.kind,
    fromMs: series.startMs + anchor * series.stepMs,
    stepMs: series.stepMs,
    points,
    actual: recentActuals(series, anchor, Math.max(daily, 3 * horizonSteps)),
    band:
      artefact.horizons.length === 1
        ? '90% band from the 5th/95th percentile of one-step test residuals, widened by √step for iterated steps'
        : '90% band from the 5th/95th percentile of test residuals at each horizon',
  };
}
