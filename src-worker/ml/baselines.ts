// The baselines every forecast is shown beside: seasonal naive (same time yesterday, same time
// last week) and Holt-Winters additive. Each predicts exactly the test targets the models
// predict, so their errors are comparable; a baseline that cannot (series too short) says why.
import type { Normalisation } from './dataset.js';
import { fitHoltWinters, holtWintersForecast, holtWintersRun } from './holt-winters.js';
import { errorMetrics, type ErrorMetrics } from './metrics.js';
import { seasonalPeriods } from './series.js';

export type BaselineName = 'seasonal-naive-daily' | 'seasonal-naive-weekly' | 'holt-winters';

export interface BaselineResult {
  name: BaselineName;
  /** Per horizon: predictions in the series' units, aligned with the target list. */
  predictions: Float64Array[] | null;
  metrics: ErrorMetrics[] | null;
  /** Why the baseline could not be computed, when it could not. */
  unavailable?: string;
  detail?: Record<string, number>;
}

/** The prediction of `values[anchor + h]` by repeating the value `period` buckets earlier. */
export function seasonalNaive(values: ArrayLike<number>, anchor: number, h: number, period: number): number {
  const idx = anchor + h - period * Math.ceil(h / period);
  return idx >= 0 ? values[idx]! : NaN;
}

function actualsFor(values: ArrayLike<number>, anchors: ArrayLike<number>, h: number): Float64Array {
  const out = new Float64Array(anchors.length);
  for (let k = 0; k < anchors.length; k++) out[k] = values[anchors[k]! + h]!;
  return out;
}

function naiveBaseline(name: BaselineName, values: ArrayLike<number>, anchors: ArrayLike<number>, horizons: number[], period: number): BaselineResult {
  const predictions: Float64Array[] = [];
  for (const h of horizons) {
    const p = new Float64Array(anchors.length);
    for (let k = 0; k < anchors.length; k++) {
      p[k] = seasonalNaive(values, anchors[k]!, h, period);
      if (anchors[k]! + h - period * Math.ceil(h / period) < 0) {
        return { name, predictions: null, metrics: null, unavailable: `needs ${period} buckets of history before the first test target` };
      }
    }
    predictions.push(p);
  }
  const metrics = horizons.map((h, i) => errorMetrics(actualsFor(values, anchors, h), predictions[i]!));
  return { name, predictions, metrics, detail: { period } };
}

function holtWintersBaseline(values: ArrayLike<number>, anchors: ArrayLike<number>, horizons: number[], period: number, trainEnd: number): BaselineResult {
  if (trainEnd < 2 * period + 1) {
    return { name: 'holt-winters', predictions: null, metrics: null, unavailable: `needs two seasons (${2 * period} buckets) in the training part, has ${trainEnd}` };
  }
  const params = fitHoltWinters(values, period, trainEnd);
  const state = holtWintersRun(values, period, params);
  const predictions = horizons.map((h) => {
    const p = new Float64Array(anchors.length);
    for (let k = 0; k < anchors.length; k++) p[k] = holtWintersForecast(state, anchors[k]!, h);
    return p;
  });
  const metrics = horizons.map((h, i) => errorMetrics(actualsFor(values, anchors, h), predictions[i]!));
  return { name: 'holt-winters', predictions, metrics, detail: { period, ...params } };
}

/** All baselines on the same targets (anchor + h for each anchor and horizon). */
export function computeBaselines(values: Float64Array, stepMs: number, anchors: ArrayLike<number>, horizons: number[], trainEnd: number): BaselineResult[] {
  const { daily, weekly } = seasonalPeriods(stepMs);
  return [
    naiveBaseline('seasonal-naive-daily', values, anchors, horizons, daily),
    naiveBaseline('seasonal-naive-weekly', values, anchors, horizons, weekly),
    holtWintersBaseline(values, anchors, horizons, daily, trainEnd),
  ];
}

/** Model predictions (normalised, row-major [count, horizons]) back to series units per horizon. */
export function denormaliseOutputs(y: Float32Array, count: number, horizons: number, norm: Normalisation): Float64Array[] {
  const out = Array.from({ length: horizons }, () => new Float64Array(count));
  for (let k = 0; k < count; k++) for (let h = 0; h < horizons; h++) out[h]![k] = y[k * horizons + h]! * norm.std + norm.mean;
  return out;
}

export { actualsFor };
