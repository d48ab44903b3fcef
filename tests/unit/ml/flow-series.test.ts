import { describe, expect, it } from 'vitest';
import { parseAddress } from '../../../src-worker/flow/address.js';
import { createFlowBatch, type FlowBatch } from '../../../src-worker/flow/record.js';
import { seriesFromFlows } from '../../../src-worker/ml/flow-series.js';
import { parseSeriesSpec, seriesSpecFilter } from '../../../src-worker/ml/series-spec.js';

const T0 = Date.UTC(2026, 0, 1) * 1000; // µs
const MIN = 60_000_000; // µs

function flows(rows: Array<{ start: number; end: number; bytes: number; rate?: number; exporter?: string; src?: string; dst?: string; inIf?: number; outIf?: number }>): FlowBatch {
  const b = createFlowBatch(rows.length);
  rows.forEach((r, i) => {
    b.time_start[i] = T0 + r.start;
    b.time_end[i] = T0 + r.end;
    b.bytes[i] = r.bytes;
    b.packets[i] = 1;
    b.sampling_rate[i] = r.rate ?? 1;
    b.exporter.set(parseAddress(r.exporter ?? '192.0.2.1'), i * 16);
    b.src_addr.set(parseAddress(r.src ?? '10.1.0.1'), i * 16);
    b.dst_addr.set(parseAddress(r.dst ?? '10.2.0.1'), i * 16);
    b.in_if[i] = r.inIf ?? NaN;
    b.out_if[i] = r.outIf ?? NaN;
  });
  b.length = rows.length;
  return b;
}

describe('series specs', () => {
  it('parses every kind and rejects bad ones with the module prefix', () => {
    expect(parseSeriesSpec('interface=192.0.2.1:3:out')).toMatchObject({ kind: 'interface', exporter: '192.0.2.1', ifIndex: 3, direction: 'out', metric: 'bps' });
    expect(parseSeriesSpec('link=[2001:db8::1]:7,metric=pps')).toMatchObject({ kind: 'link', exporter: '2001:db8::1', ifIndex: 7, metric: 'pps' });
    expect(parseSeriesSpec('demand=10.1.0.0/16->10.2.0.0/16')).toMatchObject({ kind: 'demand' });
    expect(parseSeriesSpec('device=192.0.2.1')).toMatchObject({ kind: 'device' });
    expect(() => parseSeriesSpec('router=1')).toThrow(/^series: /);
    expect(() => parseSeriesSpec('interface=192.0.2.1')).toThrow(/EXPORTER:IFINDEX/);
    expect(() => parseSeriesSpec('demand=10.0.0.0/33->10.0.0.0/8')).toThrow(/prefix length/);
  });

  it('translates to the store filter language', () => {
    expect(seriesSpecFilter(parseSeriesSpec('total'))).toBe('');
    expect(seriesSpecFilter(parseSeriesSpec('interface=192.0.2.1:3:out'))).toBe('exporter = 192.0.2.1 and out_if = 3');
    expect(seriesSpecFilter(parseSeriesSpec('link=[2001:db8::1]:7'))).toBe('exporter = 2001:db8::1 and out_if = 7');
    expect(seriesSpecFilter(parseSeriesSpec('demand=10.1.0.0/16->10.2.0.0/16'))).toBe('src_addr << 10.1.0.0/16 and dst_addr << 10.2.0.0/16');
  });
});

describe('seriesFromFlows', () => {
  it('spreads a flow over the buckets it spans, times the sampling rate, as bits per second', () => {
    // 10 min flow starting at 2.5 min, 6000 bytes at 1:10 sampling → 480 kbit over 600 s
    const s = seriesFromFlows(parseSeriesSpec('total'), [flows([{ start: 2.5 * MIN, end: 12.5 * MIN, bytes: 6000, rate: 10 }])]);
    expect(s.stepMs).toBe(300_000);
    expect(s.values.length).toBe(3);
    const bits = Array.from(s.values).map((v) => v * 300);
    expect(bits[0]).toBeCloseTo(120_000);
    expect(bits[1]).toBeCloseTo(240_000);
    expect(bits[2]).toBeCloseTo(120_000);
  });

  it('selects by interface direction, link egress, device and demand prefixes', () => {
    const b = flows([
      { start: 0, end: 0, bytes: 100, inIf: 3, outIf: 4 },
      { start: 0, end: 0, bytes: 200, inIf: 4, outIf: 3 },
      { start: 0, end: 0, bytes: 400, exporter: '192.0.2.2', inIf: 3 },
      { start: 0, end: 0, bytes: 800, src: '10.9.0.1', inIf: 3 },
    ]);
    const total = (spec: string) => seriesFromFlows(parseSeriesSpec(spec), [b]).values[0]! * 300 / 8;
    expect(total('interface=192.0.2.1:3:in')).toBe(900);
    expect(total('interface=192.0.2.1:3:out')).toBe(200);
    expect(total('link=192.0.2.1:4')).toBe(100);
    expect(total('device=192.0.2.2')).toBe(400);
    expect(total('demand=10.1.0.0/16->10.2.0.0/16')).toBe(700);
    expect(seriesFromFlows(parseSeriesSpec('total,metric=flows'), [b]).values[0]! * 300).toBe(4);
  });
});
