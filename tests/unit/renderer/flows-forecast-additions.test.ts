// Logic added to the flows and forecast views: zooming out a time range, click-to-filter on a
// multi-dimension key, the sankey's two distinct columns, the forecast view's series
// suggestions, the window an anomaly is zoomed to, and slicing a series to a window.
import { describe, expect, it } from 'vitest';
import { addConditions } from '../../../src-renderer/flows/filter-autocomplete.js';
import { sankeyDimensions } from '../../../src-renderer/flows/sankey-layout.js';
import { sortRows } from '../../../src-renderer/flows/table-data.js';
import { resolveRange, zoomOutRange } from '../../../src-renderer/flows/time-range.js';
import { anomalyWindow, seriesSuggestions, sliceSeries } from '../../../src-renderer/forecast/forecast-series.js';

const NOW = Date.parse('2026-11-24T12:00:00Z');

describe('flows view additions', () => {
  it('zooms out around the middle of a past window, and keeps a window reaching now live', () => {
    const past = { from: '2026-11-24T08:00:00Z', to: '2026-11-24T09:00:00Z' };
    expect(zoomOutRange(past, 2, NOW)).toEqual({ from: '2026-11-24T07:30:00Z', to: '2026-11-24T09:30:00Z' });
    expect(zoomOutRange({ from: 'now-1h', to: 'now' }, 2, NOW)).toEqual({ from: 'now-2h', to: 'now' });
    // A window whose doubled half would pass now becomes live, twice as wide.
    const recent = { from: '2026-11-24T11:30:00Z', to: '2026-11-24T11:50:00Z' };
    expect(zoomOutRange(recent, 2, NOW)).toEqual({ from: 'now-40m', to: 'now' });
    const r = resolveRange(zoomOutRange(past, 3, NOW), NOW);
    expect(r.toMs - r.fromMs).toBe(3 * 3_600_000);
  });

  it('adds every dimension of a picked series or band to the filter, skipping nulls', () => {
    expect(addConditions('', { dst_port: 443, protocol: 'tcp' })).toBe('dst_port = 443 and protocol = tcp');
    expect(addConditions('exporter = 192.0.2.1', { src_addr: '10.0.0.1', vlan: null })).toBe('exporter = 192.0.2.1 and src_addr = 10.0.0.1');
    expect(addConditions('a = 1 or b = 2', { dst_port: 53 })).toBe('(a = 1 or b = 2) and dst_port = 53');
  });

  it('gives the sankey two distinct columns when one dimension (or a repeat) is picked', () => {
    expect(sankeyDimensions(['dst_port'])).toEqual(['dst_port', 'protocol']);
    expect(sankeyDimensions(['protocol'])).toEqual(['protocol', 'dst_port']);
    expect(sankeyDimensions(['src_addr', 'src_addr'])).toEqual(['src_addr', 'protocol']);
    expect(sankeyDimensions(['exporter', 'protocol', 'dst_port'])).toEqual(['exporter', 'protocol', 'dst_port']);
    expect(sankeyDimensions(['a', 'b', 'c', 'd', 'e'])).toHaveLength(4);
  });
});

describe('sortable result tables', () => {
  const rows = [
    ['10.0.0.10', 5, null],
    ['10.0.0.9', 50, 3],
    ['Other', 99, 1],
    ['192.168.0.1', 5, 7],
  ] as const;
  const other = (r: readonly unknown[]) => r[0] === 'Other';
  it('sorts numbers numerically and addresses naturally, keeps ties in order and "Other" last', () => {
    expect(sortRows(rows, 1, 'desc', other).map((r) => r[0])).toEqual(['10.0.0.9', '10.0.0.10', '192.168.0.1', 'Other']);
    expect(sortRows(rows, 1, 'asc', other).map((r) => r[0])).toEqual(['10.0.0.10', '192.168.0.1', '10.0.0.9', 'Other']);
    expect(sortRows(rows, 0, 'asc', other).map((r) => r[0])).toEqual(['10.0.0.9', '10.0.0.10', '192.168.0.1', 'Other']);
  });
  it('puts empty cells last in both directions', () => {
    expect(sortRows(rows, 2, 'asc').map((r) => r[2])).toEqual([1, 3, 7, null]);
    expect(sortRows(rows, 2, 'desc').map((r) => r[2])).toEqual([7, 3, 1, null]);
  });
});

describe('forecast view additions', () => {
  it('suggests the total, each device seen and trained flow series, once each; not CSV or ONNX keys', () => {
    const got = seriesSuggestions(['192.0.2.1', '192.0.2.1', '198.51.100.7'], [
      { seriesKey: 'device=192.0.2.1', seriesName: 'device 192.0.2.1' },
      { seriesKey: 'link=192.0.2.1:3', seriesName: 'link 192.0.2.1:3' },
      { seriesKey: 'csv:nab.csv', seriesName: 'nab.csv' },
      { seriesKey: 'onnx:model', seriesName: 'model' },
    ]);
    expect(got.map((o) => o.value)).toEqual(['total', 'total,metric=pps', 'device=192.0.2.1', 'device=198.51.100.7', 'link=192.0.2.1:3']);
  });

  it('zooms to an anomaly with context on both sides: at least 6 h, or half its length', () => {
    const short = { startMs: NOW, endMs: NOW + 600_000 };
    expect(anomalyWindow(short)).toEqual({ fromMs: NOW - 6 * 3_600_000, toMs: NOW + 600_000 + 6 * 3_600_000 });
    const long = { startMs: NOW, endMs: NOW + 48 * 3_600_000 };
    expect(anomalyWindow(long)).toEqual({ fromMs: NOW - 24 * 3_600_000, toMs: NOW + 72 * 3_600_000 });
  });

  it('slices a regular series to a window (gaps become NaN), or returns all of it', () => {
    const s = { fromMs: 1000, stepMs: 100, values: [1, 2, null, 4, 5, 6] };
    expect(sliceSeries(s, null)).toEqual({ times: [1000, 1100, 1200, 1300, 1400, 1500], values: [1, 2, NaN, 4, 5, 6] });
    expect(sliceSeries(s, { fromMs: 1150, toMs: 1420 })).toEqual({ times: [1200, 1300, 1400], values: [NaN, 4, 5] });
    expect(sliceSeries(s, { fromMs: 0, toMs: 99_999 }).times).toHaveLength(6);
    expect(sliceSeries(s, { fromMs: 5000, toMs: 6000 })).toEqual({ times: [], values: [] });
  });
});

describe('remembered view parameters', () => {
  it('restores what was left only when the view opens bare, and survives a storage that throws', async () => {
    const { paramsToRestore, rememberParams } = await import('../../../src-renderer/flows/remembered-params.js');
    const store = new Map<string, string>();
    const storage = { setItem: (k: string, v: string) => void store.set(k, v), getItem: (k: string) => store.get(k) ?? null };
    expect(paramsToRestore('flows', new URLSearchParams(), storage)).toBeNull();
    rememberParams('flows', new URLSearchParams({ filter: 'protocol = tcp', from: 'now-6h', to: 'now' }), storage);
    expect(paramsToRestore('flows', new URLSearchParams(), storage)?.get('filter')).toBe('protocol = tcp');
    expect(paramsToRestore('forecast', new URLSearchParams(), storage)).toBeNull();
    // A link with its own parameters wins over what was remembered.
    expect(paramsToRestore('flows', new URLSearchParams({ from: 'now-1h' }), storage)).toBeNull();
    const broken = { setItem: () => { throw new Error('quota'); }, getItem: () => { throw new Error('denied'); } };
    expect(() => rememberParams('flows', new URLSearchParams({ a: '1' }), broken)).not.toThrow();
    expect(paramsToRestore('flows', new URLSearchParams(), broken)).toBeNull();
  });
});

describe('time series step', () => {
  it('uses about 120 buckets on auto, the picked step otherwise, widened past 3000 buckets', async () => {
    const { seriesStepMs } = await import('../../../src-renderer/flows/time-range.js');
    const hour = { fromMs: NOW - 3_600_000, toMs: NOW };
    expect(seriesStepMs(hour, 'auto')).toBe(30_000);
    expect(seriesStepMs(hour, '1m')).toBe(60_000);
    expect(seriesStepMs(hour, '1s')).toBe(2_000); // 3600 one-second buckets would be too many
    expect(seriesStepMs({ fromMs: NOW - 7 * 86_400_000, toMs: NOW }, '1m')).toBe(202_000);
    expect(seriesStepMs(hour, 'bogus')).toBe(30_000);
  });
});
