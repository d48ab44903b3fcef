// A growable FlowBatch that decoders append rows to. Rows of a fresh batch already hold the
// defaults (NULL numerics, sampling rate 1, zero addresses), so a decoder writes only what the
// record carries; a row abandoned half-way is reset with `discardRow`. `take()` hands the batch
// over (for the store or a transfer list) and starts a new one.
import { createFlowBatch, type FlowBatch } from './record.js';

export class FlowBatchBuilder {
  batch: FlowBatch;
  private readonly initialCapacity: number;

  constructor(initialCapacity = 1024) {
    this.initialCapacity = Math.max(16, initialCapacity);
    this.batch = createFlowBatch(this.initialCapacity);
  }

  get length(): number {
    return this.batch.length;
  }

  /** Ensures room for `n` more rows; may replace `this.batch` (re-read it after calling). */
  reserve(n: number): FlowBatch {
    const b = this.batch;
    const capacity = b.time_start.length;
    if (b.length + n <= capacity) return b;
    let next = capacity * 2;
    while (next < b.length + n) next *= 2;
    const grown = createFlowBatch(next);
    for (const [name, column] of Object.entries(b)) {
      if (ArrayBuffer.isView(column)) (grown as unknown as Record<string, Uint8Array>)[name]!.set(column as Uint8Array);
    }
    grown.length = b.length;
    this.batch = grown;
    return grown;
  }

  /** Puts row `row` back to its defaults (used when a record turns out to be unusable). */
  discardRow(row: number): void {
    resetRow(this.batch, row);
  }

  /** Returns the rows built so far and starts an empty batch. */
  take(): FlowBatch {
    const out = this.batch;
    this.batch = createFlowBatch(this.initialCapacity);
    return out;
  }
}

export function resetRow(b: FlowBatch, row: number): void {
  b.time_start[row] = 0;
  b.time_end[row] = 0;
  b.time_received[row] = 0;
  b.source[row] = 0;
  b.src_port[row] = 0;
  b.dst_port[row] = 0;
  b.protocol[row] = 0;
  b.bytes[row] = 0;
  b.packets[row] = 0;
  b.sampling_rate[row] = 1;
  b.in_if[row] = NaN;
  b.out_if[row] = NaN;
  b.direction[row] = NaN;
  b.tcp_flags[row] = NaN;
  b.tos[row] = NaN;
  b.vlan[row] = NaN;
  b.src_as[row] = NaN;
  b.dst_as[row] = NaN;
  const o = row * 16;
  b.exporter.fill(0, o, o + 16);
  b.src_addr.fill(0, o, o + 16);
  b.dst_addr.fill(0, o, o + 16);
  b.next_hop.fill(0, o, o + 16);
}
