// Aggregates flow records into a regular traffic series for one link, interface, device or
// demand. A flow's bytes (times its sampling rate) are spread over the buckets its lifetime
// covers, in proportion to the overlap, so a long flow does not show up as a spike at its start.
import type { FlowBatch } from '../flow/record.js';
import { parseAddress } from '../flow/address.js';
import { prefixContains, describeSeriesSpec, type SeriesSpec } from './series-spec.js';
import { DEFAULT_STEP_MS, type TimeSeries } from './series.js';

export interface FlowSeriesOptions {
  stepMs?: number;
  /** Range to cover, ms since epoch; defaults to the flows' own span. */
  fromMs?: number;
  toMs?: number;
}

/** Accumulates batches (the store streams them) into per-bucket totals. */
export class FlowSeriesBuilder {
  private readonly stepMs: number;
  private readonly sums = new Map<number, number>();
  private readonly exporter: Uint8Array | null;
  private minBucket = Infinity;
  private maxBucket = -Infinity;
  matched = 0;
  scanned = 0;

  constructor(
    readonly spec: SeriesSpec,
    private readonly options: FlowSeriesOptions = {},
  ) {
    this.stepMs = options.stepMs ?? DEFAULT_STEP_MS;
    this.exporter = spec.kind === 'device' || spec.kind === 'interface' || spec.kind === 'link' ? parseAddress(spec.exporter) : null;
  }

  private matches(b: FlowBatch, row: number): boolean {
    const s = this.spec;
    if (this.exporter) {
      for (let i = 0; i < 16; i++) if (b.exporter[row * 16 + i] !== this.exporter[i]) return false;
    }
    switch (s.kind) {
      case 'total':
      case 'device':
        return true;
      case 'interface':
        return (s.direction === 'in' ? b.in_if[row] : b.out_if[row]) === s.ifIndex;
      case 'link':
        return b.out_if[row] === s.ifIndex;
      case 'demand':
        return prefixContains(s.src, b.src_addr, row) && prefixContains(s.dst, b.dst_addr, row);
    }
  }

  private amount(b: FlowBatch, row: number): number {
    const rate = b.sampling_rate[row] || 1;
    if (this.spec.metric === 'bps') return b.bytes[row]! * 8 * rate;
    if (this.spec.metric === 'pps') return b.packets[row]! * rate;
    return 1;
  }

  private add(bucket: number, value: number): void {
    this.sums.set(bucket, (this.sums.get(bucket) ?? 0) + value);
    if (bucket < this.minBucket) this.minBucket = bucket;
    if (bucket > this.maxBucket) this.maxBucket = bucket;
  }

  addBatch(b: FlowBatch): void {
    const step = this.stepMs;
    for (let row = 0; row < b.length; row++) {
      this.scanned++;
      if (!this.matches(b, row)) continue;
      this.matched++;
      const start = b.time_start[row]! / 1000;
      const end = Math.max(start, b.time_end[row]! / 1000);
      const total = this.amount(b, row);
      const first = Math.floor(start / step);
      const last = Math.floor(end / step);
      if (first === last || this.spec.metric === 'flows') {
        this.add(first, total);
        continue;
      }
      const span = end - start;
      for (let k = first; k <= last; k++) {
        const overlap = Math.min(end, (k + 1) * step) - Math.max(start, k * step);
        if (overlap > 0) this.add(k, (total * overlap) / span);
      }
    }
  }

  /** The series in per-second units (bps, pps, flows/s). Buckets without flows are zero, not gaps: no traffic was seen. */
  finish(): TimeSeries {
    const step = this.stepMs;
    const from = this.options.fromMs !== undefined ? Math.floor(this.options.fromMs / step) : this.minBucket;
    const to = this.options.toMs !== undefined ? Math.floor((this.options.toMs - 1) / step) : this.maxBucket;
    const n = Number.isFinite(from) && to >= from ? to - from + 1 : 0;
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) values[i] = (this.sums.get(from + i) ?? 0) / (step / 1000);
    return { name: describeSeriesSpec(this.spec), startMs: n ? from * step : 0, stepMs: step, values };
  }
}

export function seriesFromFlows(spec: SeriesSpec, batches: FlowBatch[], options: FlowSeriesOptions = {}): TimeSeries {
  const builder = new FlowSeriesBuilder(spec, options);
  for (const b of batches) builder.addBatch(b);
  return builder.finish();
}
