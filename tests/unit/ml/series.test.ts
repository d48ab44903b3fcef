import { describe, expect, it } from 'vitest';
import { readCsvSeries } from '../../../src-worker/ml/csv-series.js';
import { fillShortGaps, findGaps, parseDuration, resample, seasonalPeriods } from '../../../src-worker/ml/series.js';

const T0 = Date.UTC(2026, 0, 1);
const MIN = 60_000;

describe('resample', () => {
  it('buckets irregular samples on a grid aligned to the step, leaving empty buckets as gaps', () => {
    const s = resample('x', [T0 + 1 * MIN, T0 + 3 * MIN, T0 + 6 * MIN, T0 + 21 * MIN], [10, 20, 30, 40], 5 * MIN);
    expect(s.startMs).toBe(T0);
    expect(Array.from(s.values)).toEqual([15, 30, NaN, NaN, 40]);
    expect(findGaps(s.values)).toEqual([[2, 2]]);
  });

  it('sums or takes the maximum when asked', () => {
    expect(Array.from(resample('x', [T0, T0 + MIN], [1, 2], 5 * MIN, 'sum').values)).toEqual([3]);
    expect(Array.from(resample('x', [T0, T0 + MIN], [1, 2], 5 * MIN, 'max').values)).toEqual([2]);
  });
});

describe('fillShortGaps', () => {
  it('interpolates gaps up to the limit and keeps longer ones and edge gaps as NaN, counting each', () => {
    const v = Float64Array.from([NaN, 1, NaN, 3, 4, NaN, NaN, NaN, NaN, 9, NaN]);
    const { series, report } = fillShortGaps({ name: 'x', startMs: 0, stepMs: 1, values: v }, 3);
    expect(series.values[2]).toBe(2);
    expect(Number.isNaN(series.values[0]!)).toBe(true);
    expect(Number.isNaN(series.values[6]!)).toBe(true);
    expect(Number.isNaN(series.values[10]!)).toBe(true);
    expect(report).toMatchObject({ buckets: 11, interpolated: 1, missing: 6, observed: 4 });
    expect(v[2]).toBeNaN(); // the input is not modified
  });
});

describe('readCsvSeries', () => {
  it('reads NAB layout and counts bad rows by reason instead of dropping them silently', () => {
    const text = 'timestamp,value\n2014-04-10 00:04:00,1.5\n2014-04-10 00:09:00,abc\nnot a date,3\n2014-04-10 00:14:00,\n2014-04-10 00:19:00,4\n';
    const r = readCsvSeries('t.csv', text);
    expect(r.report.accepted).toBe(2);
    expect(r.report.rejected).toEqual({ 'bad value': 2, 'bad timestamp': 1 });
    expect(r.report.examples[0]).toMatch(/line 3: value 'abc' is not a number/);
    expect(r.series.startMs).toBe(Date.UTC(2014, 3, 10, 0, 0));
    expect(Array.from(r.series.values)).toEqual([1.5, NaN, NaN, 4]);
  });

  it('refuses a file with no usable rows, saying why', () => {
    expect(() => readCsvSeries('e.csv', 'timestamp,value\nx,y\n')).toThrow(/csv: e.csv has no usable rows/);
  });

  it('accepts epoch seconds', () => {
    const r = readCsvSeries('e.csv', '1700000000,1\n1700000300,2\n');
    expect(r.series.values.length).toBe(2);
  });
});

describe('durations and periods', () => {
  it('parses engineer durations', () => {
    expect(parseDuration('5m')).toBe(300_000);
    expect(parseDuration('24h')).toBe(86_400_000);
    expect(() => parseDuration('soon')).toThrow(/series: cannot read duration/);
    expect(seasonalPeriods(300_000)).toEqual({ daily: 288, weekly: 2016 });
  });
});
