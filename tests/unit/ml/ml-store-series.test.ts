// Series from stored flows: flows written into a real DuckDB file through the store's own flow
// writer; the link series the ML area reads must equal the volume computed here in plain JS from
// the same records, and a model trains and forecasts on it through the service.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAddress } from '../../../src-worker/flow/address.js';
import { createFlowBatch, type FlowBatch } from '../../../src-worker/flow/record.js';
import { seededRandom } from '../../../src-worker/ml/train.js';
import type { ApiClient } from '../../../src-main/api/contract.js';
import { loadFlowSeries } from '../../../src-main/api/handlers/ml-flow-series.js';
import { createInProcessClient } from '../../../src-main/api/in-process-transport.js';
import type { Service } from '../../../src-main/api/service.js';
import { NetWeaverHost } from '../../../src-main/host.js';
import { openFlowWriter } from '../../../src-main/store/flows/open-flow-writer.js';

const STEP_MS = 30 * 60_000;
const T0_MS = Date.UTC(2026, 10, 2);
const DAYS = 9;
const FLOWS_PER_STEP = 3;
/** A 30-minute burst on the link, late in the series (flow index). */
const SPIKE_AT = (DAYS - 1) * 48 * FLOWS_PER_STEP + 30;

/** A daily cycle on 192.0.2.1 out_if 3, sampled 1:10, and unrelated traffic on in_if 3 / other exporters. */
function linkFlows(): FlowBatch {
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
function expectedSeries(b: FlowBatch): Map<number, number> {
  const out = new Map<number, number>();
  for (let r = 0; r < b.length; r++) {
    if (b.out_if[r] !== 3 || b.exporter[r * 16 + 15] !== 1) continue;
    const bucket = Math.floor(b.time_received[r]! / 1000 / STEP_MS) * STEP_MS;
    out.set(bucket, (out.get(bucket) ?? 0) + (b.bytes[r]! * b.sampling_rate[r]! * 8) / (STEP_MS / 1000));
  }
  return out;
}

let host: NetWeaverHost;
let service: Service;
let api: ApiClient;
const flows = linkFlows();

beforeAll(async () => {
  host = new NetWeaverHost({ store: { db: join(mkdtempSync(join(tmpdir(), 'nw-ml-flows-')), 'flows.duckdb') }, workers: 1 });
  service = await host.start();
  api = createInProcessClient(service);
  const writer = openFlowWriter(service.context.store);
  await writer.append(flows);
  await writer.flush();
  await writer.close();
});
afterAll(async () => {
  api.close();
  await host.stop();
});

describe('series from stored flows', () => {
  it('aggregates a link (exporter + out_if) to bit/s per bucket, equal to the volume computed from the records', async () => {
    const s = await loadFlowSeries(service.context.store, { spec: 'link=192.0.2.1:3' }, STEP_MS);
    const expected = expectedSeries(flows);
    expect(s.name).toBe('link 192.0.2.1:3 bps');
    expect(s.values.length).toBe(DAYS * 48);
    expect(s.startMs).toBe(T0_MS);
    for (let i = 0; i < s.values.length; i++) expect(s.values[i]).toBeCloseTo(expected.get(s.startMs + i * STEP_MS)!, 3);
  });

  it('honours a time range and refuses specs that match nothing, or are malformed', async () => {
    const s = await loadFlowSeries(service.context.store, { spec: 'interface=192.0.2.1:3:out', from: '2d' }, STEP_MS);
    expect(s.values.length).toBe(2 * 48 + 1);
    await expect(loadFlowSeries(service.context.store, { spec: 'link=192.0.2.9:3' }, STEP_MS)).rejects.toMatchObject({ code: 'not_found' });
    await expect(loadFlowSeries(service.context.store, { spec: 'link=192.0.2.1' }, STEP_MS)).rejects.toMatchObject({ code: 'invalid_params' });
  });

  it('trains and forecasts a link series through the service', async () => {
    const r = await api.call('ml.train', { series: { spec: 'link=192.0.2.1:3' }, step: '30m', model: 'lstm', epochs: 2, lookback: 12 });
    expect(r).toMatchObject({ seriesKey: 'link=192.0.2.1:3', seriesName: 'link 192.0.2.1:3 bps' });
    const f = await api.call('ml.forecast', { series: { spec: 'link=192.0.2.1:3' }, step: '30m', horizon: '1h' });
    expect(f.points).toHaveLength(2);
    expect(f.points[0]!.timeMs).toBe(T0_MS + DAYS * 86_400_000);
  });

  it('detects a burst on the link and links the anomaly to the flows behind it', async () => {
    await api.call('ml.train', { series: { spec: 'link=192.0.2.1:3' }, step: '30m', model: 'autoencoder', epochs: 20, lookback: 12 });
    const d = await api.call('ml.detect', { series: { spec: 'link=192.0.2.1:3' }, step: '30m' });
    const burstMs = T0_MS + (SPIKE_AT / FLOWS_PER_STEP) * STEP_MS;
    const hit = d.anomalies.find((a) => a.startMs <= burstMs && a.endMs > burstMs);
    expect(hit).toBeDefined();
    expect(hit!.flows).toEqual({ filter: 'exporter = 192.0.2.1 and out_if = 3', fromMs: hit!.startMs, toMs: hit!.endMs });
    const listed = await api.call('ml.anomalies', { seriesKey: 'link=192.0.2.1:3' });
    expect(listed.find((a) => a.anomalyId === hit!.anomalyId)!.flows!.filter).toBe('exporter = 192.0.2.1 and out_if = 3');
  });
});
