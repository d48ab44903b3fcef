// The ML area on a real store, run on each backend (DuckDB here in ml-store-duckdb.test.ts,
// PostgreSQL 15 in tests/interop/ml-postgres.test.ts): flows written through the store's own flow
// writer; the link series must equal the volume computed in plain JS from the same records;
// models train, forecast and detect through the service, and what they produce reads back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../../../src-main/api/contract.js';
import { loadFlowSeries } from '../../../src-main/api/handlers/ml-flow-series.js';
import { createInProcessClient } from '../../../src-main/api/in-process-transport.js';
import type { Service } from '../../../src-main/api/service.js';
import { NetWeaverHost } from '../../../src-main/host.js';
import type { StoreOptions } from '../../../src-main/store/open-store.js';
import { openFlowWriter } from '../../../src-main/store/flows/open-flow-writer.js';
import { DAYS, expectedSeries, FLOWS_PER_STEP, linkFlows, SPIKE_AT, STEP_MS, T0_MS } from './link-flows.js';

export function mlStoreSuite(backend: string, storeOptions: () => Promise<StoreOptions>): void {
let host: NetWeaverHost;
let service: Service;
let api: ApiClient;
const flows = linkFlows();

beforeAll(async () => {
  host = new NetWeaverHost({ store: await storeOptions(), workers: 1 });
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

describe(`ML on a ${backend} store`, () => {
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
}
