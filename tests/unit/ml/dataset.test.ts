import { describe, expect, it } from 'vitest';
import { buildDataset, denormalise, fitNormalisation } from '../../../src-worker/ml/dataset.js';

function ramp(n: number): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => i);
}

describe('buildDataset', () => {
  it('fits normalisation on the training part only', () => {
    const v = ramp(100);
    const ds = buildDataset({ name: 'r', startMs: 0, stepMs: 1, values: v }, { lookback: 5, trainFraction: 0.5, valFraction: 0.25 });
    expect(ds.norm).toEqual(fitNormalisation(v, 50));
    expect(ds.norm.mean).toBeCloseTo(24.5);
  });

  it('splits chronologically with no target crossing a boundary and no overlap between splits', () => {
    const v = ramp(200);
    const ds = buildDataset({ name: 'r', startMs: 0, stepMs: 1, values: v }, { lookback: 10, horizons: [1, 4], trainFraction: 0.6, valFraction: 0.2 });
    const { trainEnd, valEnd } = ds.bounds;
    for (const a of ds.train.anchors) expect(a + 4).toBeLessThan(trainEnd);
    for (const a of ds.val.anchors) expect(a + 1 >= trainEnd && a + 4 < valEnd).toBe(true);
    for (const a of ds.test.anchors) expect(a + 1).toBeGreaterThanOrEqual(valEnd);
    expect(ds.dropped.straddle).toBe(6); // 3 anchors at each of the two boundaries
    // windows hold the right values
    const k = 7;
    const a = ds.test.anchors[k]!;
    expect(denormalise(ds.test.x[k * 10 + 9]!, ds.norm)).toBeCloseTo(a, 4);
    expect(denormalise(ds.test.y[k * 2 + 1]!, ds.norm)).toBeCloseTo(a + 4, 4);
  });

  it('leaves out and counts windows that touch a gap', () => {
    const v = ramp(100);
    v[30] = NaN;
    const ds = buildDataset({ name: 'r', startMs: 0, stepMs: 1, values: v }, { lookback: 5 });
    const all = [...ds.train.anchors, ...ds.val.anchors, ...ds.test.anchors];
    expect(all.some((a) => a >= 29 && a <= 34)).toBe(false);
    expect(ds.dropped.gap).toBe(6);
  });

  it('says why when there is nothing to train on', () => {
    expect(() => buildDataset({ name: 'short', startMs: 0, stepMs: 1, values: ramp(10) }, { lookback: 24 })).toThrow(/dataset: no training windows \(series short/);
  });
});
