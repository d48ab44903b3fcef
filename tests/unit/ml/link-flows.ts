// Flows on one link with a known daily cycle and one burst, plus unrelated traffic, for the ML
// tests that read series from a real store; and the link's bit/s per bucket computed from them.
import { parseAddress } from '../../../src-worker/flow/address.js';
import { createFlowBatch, type FlowBatch } from '../../../src-worker/flow/record.js';
import { seededRandom } from '../../../src-worker/ml/train.js';

export const STEP_MS = 30 * 60_000;
export const T0_MS = Date.UTC(2026, 10, 2);
export const DAYS = 9;
export const FLOWS_PER_STEP = 3;
/** A 30-minute burst on the link, late in the series (flow index). */
export const SPIKE_AT = (DAYS - 1) * 48 * FLOWS_PER_STEP + 30;

/** A daily cycle on 192.0.2.1 out_if 3, sampled 1:10, and unrelated traffic on in_if 3 / other exporters. */
export function linkFlows(): FlowBatch {
  const n = DAYS * 48 * FLOWS_PER_STEP * 2;
  const b = createFlowBatch(n);
  const rand = seededRandom(4);
  let i = 0;
  for (let k = 0; k < DAYS * 48 * FLOWS_PER_STEP; k++) {
    const tMs = T0_MS + k * (STEP_MS / FLOWS_PER_STEP) + 1000;
    const hour = ((tMs - T0_MS) / 3_600_000) % 24;
    for (const other of [false, true]) {
      b.time_start[i] = (tMs - 20_000) * 1000;
      b.time_end[i] = tMs * 1000;
      b.time_received[i] = tMs * 1000;
      b.exporter.set(parseAddress(other && k % 2 ? '192.0.2.2' : '192.0.2.1'), i * 16);
      b.src_addr.set(parseAddress('10.1.0.5'), i * 16);
      b.dst_addr.set(parseAddress('10.2.0.9'), i * 16);
      b.protocol[i] = 6;
      b.bytes[i] = Math.round(1e6 * (2 + Math.sin((2 * Math.PI * hour) / 24)) * (0.9 + 0.2 * rand()) * (!other && k >= SPIKE_AT && k < SPIKE_AT + 3 ? 12 : 1));
      b.packets[i] = 1000;
      b.sampling_rate[i] = 10;
      if (other) b.in_if[i] = 3;
      else b.out_if[i] = 3;
      i++;
    }
  }
  b.length = i;
  return b;
}

/** bit/s per 30-minute bucket of time_received for the flows on 192.0.2.1 out_if 3, computed here. */
export function expectedSeries(b: FlowBatch): Map<number, number> {
  const out = new Map<number, number>();
  for (let r = 0; r < b.length; r++) {
    if (b.out_if[r] !== 3 || b.exporter[r * 16 + 15] !== 1) continue;
    const bucket = Math.floor(b.time_received[r]! / 1000 / STEP_MS) * STEP_MS;
    out.set(bucket, (out.get(bucket) ?? 0) + (b.bytes[r]! * b.sampling_rate[r]! * 8) / (STEP_MS / 1000));
  }
  return out;
}
