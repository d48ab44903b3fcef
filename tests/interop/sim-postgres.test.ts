// A simulation dataset on PostgreSQL 15 (`source .ci/start-postgres.sh` sets
// NETWEAVER_TEST_POSTGRES_URL): the same run, events, link state, flows and counters as on DuckDB,
// through the real service with a fresh database.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../../src-main/api/contract.js';
import { createInProcessClient } from '../../src-main/api/in-process-transport.js';
import type { Service } from '../../src-main/api/service.js';
import { NetWeaverHost } from '../../src-main/host.js';
import '../../src-main/store/postgres/register.js';
import { FLOW_SOURCES } from '../../src-worker/flow/record.js';

const url = process.env.NETWEAVER_TEST_POSTGRES_URL;

/** A database of its own for this run (importing the store suite's helper would rerun its tests). */
async function simDatabase(base: string): Promise<string> {
  const name = `nw_sim_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return Object.assign(new URL(base), { pathname: `/${name}` }).toString();
}

describe.skipIf(!url)('sim dataset on PostgreSQL 15 (skipped: NETWEAVER_TEST_POSTGRES_URL is not set — run `source .ci/start-postgres.sh`)', () => {
  let host: NetWeaverHost;
  let service: Service;
  let api: ApiClient;
  beforeAll(async () => {
    host = new NetWeaverHost({ store: { postgres: await simDatabase(url!) }, workers: 1 });
    service = await host.start();
    api = createInProcessClient(service);
  });
  afterAll(async () => {
    api.close();
    await host?.stop();
  });

  it('stores the run, labelled events, link state, flows, devices and counters', async () => {
    const result = await api.call('sim.run', { topology: 'waxman', nodes: 20, steps: 12, seed: 5, name: "o'brien lab", start: '2026-03-02T08:00:00Z', flowsPerStep: 200, eventsPerDay: { ddos: 48, linkFailure: 48 } });
    const store = service.context.store;
    const [run] = await store.all<{ completed_steps: number; kind: string }>('SELECT completed_steps, kind FROM sim_runs WHERE name = $1', ["o'brien lab"]);
    expect(run).toEqual({ completed_steps: 12, kind: result.network.kind });
    const [steps] = await store.all<{ n: string }>('SELECT count(*) AS n FROM sim_steps WHERE run = $1', ["o'brien lab"]);
    expect(Number(steps!.n)).toBe(12);
    const events = await store.all<{ event_id: string }>('SELECT event_id FROM sim_events WHERE run = $1', ["o'brien lab"]);
    expect(events.map((e) => e.event_id).sort()).toEqual(result.events.map((e) => e.id).sort());
    const [flows] = await store.all<{ n: string; est: string }>(`SELECT count(*) AS n, sum(bytes * sampling_rate) AS est FROM flows WHERE source = ${FLOW_SOURCES.indexOf('sim')}`);
    expect(Number(flows!.n)).toBe(result.totals.flows);
    expect(Number(flows!.est) / (result.totals.offeredBits / 8)).toBeCloseTo(1, 3);
    const [devices] = await store.all<{ n: string }>("SELECT count(*) AS n FROM devices WHERE kind = 'sim'");
    expect(Number(devices!.n)).toBe(20);
    const [samples] = await store.all<{ n: string }>('SELECT count(*) AS n FROM interface_metrics');
    expect(Number(samples!.n)).toBe(result.stored!.interfaceSamples);
  });
});
