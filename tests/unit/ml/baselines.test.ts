import { describe, expect, it } from 'vitest';
import { computeBaselines, seasonalNaive } from '../../../src-worker/ml/baselines.js';
import { fitHoltWinters, holtWintersForecast, holtWintersRun } from '../../../src-worker/ml/holt-winters.js';
import { errorMetrics } from '../../../src-worker/ml/metrics.js';

const HOUR = 3_600_000;

describe('seasonal naive', () => {
  it('repeats the value one period earlier, also for horizons beyond one period', () => {
    const v = Float64Array.from({ length: 100 }, (_, i) => i);
    expect(seasonalNaive(v, 50, 1, 24)).toBe(27);
    expect(seasonalNaive(v, 50, 30, 24)).toBe(32); // 80 − 2·24
    expect(seasonalNaive(v, 10, 1, 24)).toBeNaN();
  });
});

describe('Holt-Winters additive', () => {
  it('tracks a trending seasonal series much better than the seasonal naive forecast', () => {
    const m = 24;
    const v = Float64Array.from({ length: 24 * 20 }, (_, i) => 100 + 0.5 * i + 20 * Math.sin((2 * Math.PI * i) / m) + 3 * Math.sin(i * 1.7));
    const trainEnd = 24 * 14;
    const params = fitHoltWinters(v, m, trainEnd);
    const st = holtWintersRun(v, m, params);
    const anchors = Array.from({ length: 24 * 6 - 1 }, (_, k) => trainEnd + k);
    const hw = errorMetrics(anchors.map((a) => v[a + 1]!), anchors.map((a) => holtWintersForecast(st, a, 1)));
    const naive = errorMetrics(anchors.map((a) => v[a + 1]!), anchors.map((a) => seasonalNaive(v, a, 1, m)));
    expect(hw.mae).toBeLessThan(naive.mae / 2);
  });
});

describe('computeBaselines', () => {
  it('reports each baseline on the same targets and says why one is unavailable', () => {
    const step = HOUR;
    const n = 24 * 10; // ten days: daily and Holt-Winters possible, weekly needs 7 days before the first target
    const v = Float64Array.from({ length: n }, (_, i) => 50 + 10 * Math.sin((2 * Math.PI * i) / 24));
    const anchors = [24 * 5, 24 * 5 + 1];
    const r = computeBaselines(v, step, anchors, [1], 24 * 7);
    const daily = r.find((b) => b.name === 'seasonal-naive-daily')!;
    expect(daily.metrics![0]!.mae).toBeLessThan(1e-9); // a pure daily cycle is repeated exactly
    const weekly = r.find((b) => b.name === 'seasonal-naive-weekly')!;
    expect(weekly.unavailable).toMatch(/needs 168 buckets of history/);
    expect(r.find((b) => b.name === 'holt-winters')!.metrics![0]!.count).toBe(2);
  });
});

describe('errorMetrics', () => {
  it('computes MAE, RMSE and MAPE and skips near-zero actuals for MAPE', () => {
    const m = errorMetrics([0, 10, 20], [1, 12, 17]);
    expect(m.mae).toBeCloseTo(2);
    expect(m.rmse).toBeCloseTo(Math.sqrt((1 + 4 + 9) / 3));
    expect(m.mape).toBeCloseTo(((2 / 10 + 3 / 20) / 2) * 100);
    expect(m.mapeSkipped).toBe(1);
  });
});
