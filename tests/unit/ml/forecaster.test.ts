// Training end to end on a simulated link with known daily and weekly seasonality: the LSTM must
// beat the seasonal naive baselines on MAE on the same test split; seeds reproduce runs; early
// stopping and cancel work; forecasts carry a band and the baselines.
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { trainDetector } from '../../../src-worker/ml/anomaly-detector.js';
import { forecastSeries } from '../../../src-worker/ml/forecast.js';
import { trainForecaster } from '../../../src-worker/ml/forecaster.js';
import { seededRandom } from '../../../src-worker/ml/train.js';
import { seasonalSeries } from './seasonal-series.js';

const QUARTER = 15 * 60_000;

describe('LSTM forecaster on a seasonal series', async () => {
  const series = seasonalSeries(21, QUARTER);
  const artefact = await trainForecaster(series, { kind: 'lstm', epochs: 6, units: 12, lookback: 24, patience: 3, seed: 7 });

  it('beats seasonal naive (daily and weekly) on test MAE, and reports Holt-Winters beside it', () => {
    const m = artefact.metrics[0]!;
    const base = Object.fromEntries(m.baselines.map((b) => [b.name, b.metrics?.mae]));
    console.log(
      `lstm (${artefact.backend!.name}) test MAE ${m.model.mae.toExponential(3)}; seasonal-naive daily ${base['seasonal-naive-daily']!.toExponential(3)}, weekly ${base['seasonal-naive-weekly']!.toExponential(3)}, holt-winters ${base['holt-winters']!.toExponential(3)}; ${artefact.training!.epochsRun} epochs in ${artefact.training!.seconds.toFixed(1)} s`,
    );
    expect(m.model.count).toBe(artefact.training!.samples.test);
    expect(m.model.mae).toBeLessThan(base['seasonal-naive-daily']!);
    expect(m.model.mae).toBeLessThan(base['seasonal-naive-weekly']!);
    expect(m.skillVsBaseline['seasonal-naive-daily']!).toBeGreaterThan(0);
    expect(Number.isFinite(base['holt-winters']!)).toBe(true);
    expect(m.model.rmse).toBeGreaterThanOrEqual(m.model.mae);
    expect(m.model.mape).toBeGreaterThan(0);
  });

  it('records per-epoch losses, the backend and a loadable ONNX model', () => {
    const h = artefact.training!.history;
    expect(h.length).toBe(artefact.training!.epochsRun);
    expect(h.every((e) => Number.isFinite(e.trainLoss) && Number.isFinite(e.valLoss))).toBe(true);
    expect(['tensorflow', 'wasm', 'cpu']).toContain(artefact.backend!.name);
    expect(artefact.onnx.byteLength).toBeGreaterThan(1000);
    expect(new Uint8Array(artefact.tfjs!.weightData).byteLength).toBeGreaterThan(1000);
    expect(structuredClone(artefact).metrics).toEqual(artefact.metrics); // plain data the host can store
  });

  it('forecasts an hour ahead with a band and the baselines beside each point', async () => {
    const f = await forecastSeries(artefact, series, 4);
    expect(f.points.map((p) => p.step)).toEqual([1, 2, 3, 4]);
    const last = series.startMs + (series.values.length - 1) * QUARTER;
    expect(f.fromMs).toBe(last);
    expect(f.points[0]!.timeMs).toBe(last + QUARTER);
    for (const p of f.points) {
      expect(p.lower).toBeLessThan(p.upper);
      expect(p.value).toBeGreaterThan(p.lower - (p.upper - p.lower)); // the band is about the forecast, not elsewhere
      expect(p.baselines.seasonalNaiveDaily).toBe(series.values[series.values.length - 1 + p.step - 96]);
      expect(p.baselines.holtWinters).not.toBeNull();
    }
    // the band widens with the step for iterated forecasts
    expect(f.points[3]!.upper - f.points[3]!.lower).toBeGreaterThan(f.points[0]!.upper - f.points[0]!.lower);
    // the actuals to draw it against: the last day (96 quarters; longer than 3 horizons) up to the anchor
    expect(f.actual.stepMs).toBe(QUARTER);
    expect(f.actual.fromMs).toBe(last - 95 * QUARTER);
    expect(f.actual.values).toEqual(Array.from(series.values.subarray(series.values.length - 96)));
  });
});

describe('training mechanics', () => {
  const small = seasonalSeries(6, 30 * 60_000, 3);

  it('reproduces a run exactly with the same seed, and differs with another', async () => {
    const opts = { kind: 'lstm' as const, epochs: 2, units: 6, lookback: 12 };
    const a = await trainForecaster(small, { ...opts, seed: 1 });
    const b = await trainForecaster(small, { ...opts, seed: 1 });
    const c = await trainForecaster(small, { ...opts, seed: 2 });
    expect(b.training!.history.map((e) => e.valLoss)).toEqual(a.training!.history.map((e) => e.valLoss));
    expect(Buffer.from(b.onnx).equals(Buffer.from(a.onnx))).toBe(true);
    expect(c.training!.history.map((e) => e.valLoss)).not.toEqual(a.training!.history.map((e) => e.valLoss));
  });

  it('stops early when validation loss stops improving and keeps the best epoch', async () => {
    const rand = seededRandom(9);
    const noise = { name: 'noise', startMs: 0, stepMs: 30 * 60_000, values: Float64Array.from({ length: 600 }, () => rand()) };
    const a = await trainForecaster(noise, { kind: 'lstm', epochs: 40, patience: 2, units: 6, lookback: 12, learningRate: 0.02 });
    expect(a.training!.stoppedEarly).toBe(true);
    expect(a.training!.epochsRun).toBe(a.training!.bestEpoch + 2);
    expect(a.training!.epochsRun).toBeLessThan(40);
  });

  it('frees every tensor and variable it made (a worker trains many models)', async () => {
    await trainForecaster(small, { kind: 'transformer', epochs: 1, units: 8, lookback: 12 });
    const before = tf.memory().numTensors;
    await trainForecaster(small, { kind: 'lstm', epochs: 1, units: 6, lookback: 12 });
    await trainDetector(small, { window: 12, epochs: 1 });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('stops when cancelled and says so', async () => {
    let epochs = 0;
    const a = await trainForecaster(small, { kind: 'lstm', epochs: 50, units: 6, lookback: 12, onEpoch: () => epochs++, cancelled: () => epochs >= 1 });
    expect(a.training!.cancelled).toBe(true);
    expect(a.training!.epochsRun).toBe(1);
  });
});

describe('multi-horizon and transformer', () => {
  it('the multi-horizon model answers 15 min, 1 h and 24 h on a 15-minute series, each against the baselines', async () => {
    const s = seasonalSeries(12, QUARTER, 4);
    const a = await trainForecaster(s, { kind: 'multi', epochs: 2, units: 8, lookback: 16 });
    expect(a.metrics.map((m) => m.label)).toEqual(['15m', '1h', '24h']); // 5 min is finer than the step
    for (const m of a.metrics) expect(m.baselines.find((b) => b.name === 'seasonal-naive-daily')!.metrics!.count).toBe(m.model.count);
    const f = await forecastSeries(a, s, 96);
    expect(f.points.map((p) => p.step)).toEqual([1, 4, 96]);
  });

  it('the Transformer encoder trains and is scored like the others', async () => {
    const s = seasonalSeries(6, 30 * 60_000, 6);
    const a = await trainForecaster(s, { kind: 'transformer', epochs: 2, units: 8, heads: 2, lookback: 12 });
    expect(a.kind).toBe('transformer');
    expect(a.training!.history[1]!.trainLoss).toBeLessThan(a.training!.history[0]!.trainLoss * 1.5);
    expect(a.metrics[0]!.model.count).toBeGreaterThan(0);
  });
});
