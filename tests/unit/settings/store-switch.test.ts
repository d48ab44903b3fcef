// settings.* and store.* through the service (in-process client, real DuckDB files, the real
// PostgreSQL server when NETWEAVER_TEST_POSTGRES_URL is set): candidate stores tested for real,
// and the running service switched to another store while the collector receives a stream of
// NetFlow over loopback — every decoded row must be in the old store or the new one.
import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../../../src-main/api/contract.js';
import { createInProcessClient } from '../../../src-main/api/in-process-transport.js';
import { NetWeaverHost } from '../../../src-main/host.js';
import { openStore } from '../../../src-main/store/open-store.js';
import '../../../src-main/store/postgres/register.js';
import { LATEST_SCHEMA_VERSION } from '../../../src-main/settings/store-probe.js';
import { netflowV5Packet } from '../../support/export-writers.js';
import { freshDatabase } from '../../support/postgres-db.js';
import { projectRoot } from '../../support/shared-data.js';

const pgBase = process.env.NETWEAVER_TEST_POSTGRES_URL;
const work = mkdtempSync(join(tmpdir(), 'nw-switch-'));
const children: ChildProcess[] = [];
afterAll(() => { for (const c of children) c.kill(); });

async function startHost(db: string | undefined, config: string): Promise<{ host: NetWeaverHost; api: ApiClient }> {
  const host = new NetWeaverHost({ store: { db, config }, workers: 1, onSettingsProblem: () => undefined });
  const service = await host.start();
  return { host, api: createInProcessClient(service, 'test') };
}

async function countRows(target: { db?: string; postgres?: string }): Promise<number> {
  const store = await openStore(target);
  try {
    return Number((await store.all<{ n: number }>('SELECT count(*) AS n FROM flows'))[0]!.n);
  } finally {
    await store.close();
  }
}

/** Sends `packets` v5 datagrams of 30 flows each, pausing every few packets so the switch lands mid-stream. */
async function stream(sender: Socket, port: number, packets: number, from: number): Promise<void> {
  for (let i = 0; i < packets; i++) {
    await new Promise<void>((r) => sender.send(netflowV5Packet(from + i, (from + i) * 30, 30), port, '127.0.0.1', () => r()));
    if (i % 5 === 4) await new Promise((r) => setTimeout(r, 2));
  }
}

async function udp(): Promise<Socket> {
  const s = createSocket('udp4');
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()));
  return s;
}

async function waitFor(check: () => Promise<boolean>, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Streams flows, switches the store in the middle, and checks no row was lost between the two stores. */
async function switchUnderLoad(api: ApiClient, target: string, persist = true) {
  const started = await api.call('collector.start', { netflow: [0], ipfix: [], sflow: [], bind: ['127.0.0.1'] });
  const port = started.listeners[0]!.port;
  const sender = await udp();
  const healthEvents: string[] = [];
  const off = api.on('system.health', (h) => healthEvents.push(h.store.location));
  const before = stream(sender, port, 300, 0);
  await new Promise((r) => setTimeout(r, 60));
  const switched = await api.call('store.switch', { target, persist });
  await before;
  await stream(sender, port, 100, 300);
  await waitFor(async () => (await api.call('collector.status', {})).packets >= 400);
  const stopped = await api.call('collector.stop', {});
  sender.close();
  off();
  return { switched, stopped, healthEvents };
}

describe('settings and store API', () => {
  it('reads and updates the settings file, refusing bad values with the field named, and announces changes', async () => {
    const config = join(work, 'cfg-update');
    const { host, api } = await startHost(join(work, 'update.duckdb'), config);
    try {
      const s0 = await api.call('settings.get', {});
      expect(s0.path).toBe(join(config, 'settings.json'));
      expect(s0.settings.listeners.netflow).toEqual([2055]);
      expect(s0.store).toEqual({ kind: 'duckdb', location: join(work, 'update.duckdb'), chosenBy: 'option' });
      const changed: number[][] = [];
      api.on('settings.changed', (s) => changed.push(s.settings.listeners.netflow));
      const s1 = await api.call('settings.update', { listeners: { netflow: [9995, 800], ipfix: [4739], sflow: [6343], bind: ['127.0.0.1'] } });
      expect(s1.warnings).toEqual([expect.stringMatching(/NetFlow port 800 is privileged/)]);
      await expect(api.call('settings.update', { listeners: { netflow: [9995], ipfix: [9995], sflow: [], bind: ['::'] } })).rejects.toMatchObject({ code: 'invalid_params', message: expect.stringMatching(/listeners\.ipfix\.0: port 9995 is already used for NetFlow/) });
      await expect(api.call('settings.update', { sampling: [{ exporter: 'router1', rate: 100 }] })).rejects.toMatchObject({ code: 'invalid_params', message: expect.stringMatching(/sampling\.0\.exporter: the exporter must be an IPv4 or IPv6 address/) });
      expect(changed).toEqual([[9995, 800]]);
      // collector.start without ports uses the saved listeners.
      const probe = await udp(); // a free high port, released for the collector
      const free = probe.address().port;
      probe.close();
      await api.call('settings.update', { listeners: { netflow: [free], ipfix: [], sflow: [], bind: ['127.0.0.1'] } });
      const st = await api.call('collector.start', {});
      expect(st.listeners.map((l) => [l.protocol, l.bind, l.port])).toEqual([['netflow', '127.0.0.1', free]]);
      await api.call('collector.stop', {});
    } finally {
      api.close();
      await host.stop();
    }
    const again = await startHost(join(work, 'update.duckdb'), config);
    expect((await again.api.call('settings.get', {})).settings.listeners.bind).toEqual(['127.0.0.1']);
    again.api.close();
    await again.host.stop();
  });

  it('tests candidate DuckDB files for real: in use, absent (not created), not DuckDB, a folder, an empty DuckDB from another program, locked by another process', async () => {
    const { host, api } = await startHost(join(work, 'probe.duckdb'), join(work, 'cfg-probe'));
    try {
      const inUse = await api.call('store.test', { target: join(work, 'probe.duckdb') });
      expect(inUse).toMatchObject({ ok: true, inUse: true, schemaVersion: LATEST_SCHEMA_VERSION, serverVersion: expect.stringMatching(/^DuckDB v\d/) });

      const absent = join(work, 'not-yet', 'new.duckdb');
      const fresh = await api.call('store.test', { target: absent });
      expect(fresh).toMatchObject({ ok: true, inUse: false, schemaVersion: 0, summary: expect.stringMatching(/will create it/) });
      expect(existsSync(absent)).toBe(false);

      writeFileSync(join(work, 'notes.duckdb'), 'these are my notes, not a database\n'.repeat(10));
      const garbage = await api.call('store.test', { target: join(work, 'notes.duckdb') });
      expect(garbage).toMatchObject({ ok: false, error: expect.stringMatching(/^store: .*notes\.duckdb is not a DuckDB database file/) });

      mkdirSync(join(work, 'a-folder'));
      expect(await api.call('store.test', { target: join(work, 'a-folder') })).toMatchObject({ ok: false, error: expect.stringMatching(/is a folder/) });

      // An empty DuckDB file made by another program: empty, the schema will be created.
      const other = join(work, 'other.duckdb');
      const s = await openStore({ db: join(work, 'seed.duckdb') });
      await s.close();
      const { DuckDBInstance } = await import('@duckdb/node-api');
      const inst = await DuckDBInstance.create(other);
      const c = await inst.connect();
      await c.run('CREATE TABLE t (x INTEGER)');
      c.closeSync();
      inst.closeSync();
      expect(await api.call('store.test', { target: other })).toMatchObject({ ok: true, schemaVersion: 0, summary: expect.stringMatching(/empty/) });

      // Locked: another process holds the file open.
      const child = spawn(process.execPath, ['--input-type=module', '-e', "import { DuckDBInstance } from '@duckdb/node-api'; const i = await DuckDBInstance.create(process.argv[1]); await i.connect(); console.log('ready'); setInterval(() => {}, 1000);", other], { cwd: projectRoot, stdio: ['ignore', 'pipe', 'inherit'] });
      children.push(child);
      await new Promise<void>((resolve) => child.stdout!.on('data', (d: Buffer) => { if (String(d).includes('ready')) resolve(); }));
      const locked = await api.call('store.test', { target: other });
      expect(locked).toMatchObject({ ok: false, error: expect.stringMatching(new RegExp(`in use by another NetWeaver or DuckDB program \\(process ${child.pid}\\)`)) });
      // Switching to it fails and leaves the service on its store.
      await expect(api.call('store.switch', { target: other })).rejects.toMatchObject({ code: 'unavailable', message: expect.stringMatching(/in use by another .* — still using .*probe\.duckdb/) });
      expect((await api.call('system.health', {})).store.location).toBe(join(work, 'probe.duckdb'));
      child.kill();
    } finally {
      api.close();
      await host.stop();
    }
  });

  it('switches DuckDB → DuckDB while the collector receives flows: no row lost, the new store persisted for the next start', async () => {
    const a = join(work, 'a.duckdb');
    const b = join(work, 'b.duckdb');
    const config = join(work, 'cfg-dd');
    const { host, api } = await startHost(a, config);
    let result;
    let flowsQueried = -1;
    try {
      result = await switchUnderLoad(api, b);
      expect((await api.call('system.health', {})).store).toMatchObject({ kind: 'duckdb', location: b, ok: true, schemaVersion: LATEST_SCHEMA_VERSION });
      expect((await api.call('settings.get', {})).store).toEqual({ kind: 'duckdb', location: b, chosenBy: 'switch' });
      // Queries go to the new store (compared with its row count below).
      flowsQueried = (await api.call('flows.topN', { fromMs: Date.now() - 3600e3, toMs: Date.now() + 60e3, groupBy: ['protocol'] })).total.flows;
    } finally {
      api.close();
      await host.stop();
    }
    const { switched, stopped, healthEvents } = result;
    expect(stopped.packets).toBe(400);
    expect(stopped.rowsDecoded).toBe(12_000);
    expect(stopped.rowsDropped).toEqual({ queue_full: 0, store_error: 0, shutdown: 0 });
    expect(switched).toMatchObject({ from: { location: a }, to: { location: b, schemaVersion: LATEST_SCHEMA_VERSION }, collector: { running: true, rowsLost: 0 }, persisted: true });
    expect(healthEvents).toContain(b);
    const inA = await countRows({ db: a });
    const inB = await countRows({ db: b });
    expect(inA).toBeGreaterThan(0); // rows decoded before the switch went to the old store…
    expect(inB).toBeGreaterThan(0); // …and the rest to the new one
    expect(inA + inB).toBe(12_000);
    expect(inA).toBeGreaterThanOrEqual(switched.from.rowsFlushed);
    expect(flowsQueried).toBe(inB);

    // The next start without --db opens the store saved by the switch.
    const next = await startHost(undefined, config);
    expect((await next.api.call('settings.get', {})).store).toEqual({ kind: 'duckdb', location: b, chosenBy: 'settings' });
    next.api.close();
    await next.host.stop();
  });

  it('waits for a query running on the old store before closing it', async () => {
    const { host, api } = await startHost(join(work, 'busy-from.duckdb'), join(work, 'cfg-busy'));
    try {
      const oldStore = (host as unknown as { service: { context: { store: { all(sql: string): Promise<Array<{ s: unknown }>> } } } }).service.context.store;
      const t0 = Date.now();
      const long = oldStore.all('SELECT sum(hash(range)) AS s FROM range(60000000)');
      await new Promise((r) => setTimeout(r, 30));
      const switched = await api.call('store.switch', { target: join(work, 'busy-to.duckdb'), persist: false });
      const [row] = await long;
      expect(row!.s).not.toBeNull(); // the query finished on the old store instead of hanging or failing
      expect(switched).toMatchObject({ to: { location: join(work, 'busy-to.duckdb') }, persisted: false, warnings: [] });
      expect(Date.now() - t0).toBeLessThan(30_000);
      expect((await api.call('system.health', {})).store.location).toBe(join(work, 'busy-to.duckdb'));
    } finally {
      api.close();
      await host.stop();
    }
  });

  it.skipIf(!pgBase)('switches DuckDB → PostgreSQL while the collector receives flows (needs NETWEAVER_TEST_POSTGRES_URL: source .ci/start-postgres.sh)', async () => {
    const url = await freshDatabase(pgBase!, 'nw_switch');
    const a = join(work, 'pg-from.duckdb');
    const { host, api } = await startHost(a, join(work, 'cfg-pg'));
    let result;
    try {
      const probe = await api.call('store.test', { target: url });
      expect(probe).toMatchObject({ ok: true, kind: 'postgres', schemaVersion: 0, serverVersion: expect.stringMatching(/^PostgreSQL \d+/), timescaledb: { available: expect.any(Boolean) }, summary: expect.stringMatching(/empty: NetWeaver will create its schema/) });
      expect(probe.latencyMs).toBeGreaterThan(0);
      const missing = new URL(url);
      missing.pathname = '/nw_no_such_database';
      expect(await api.call('store.test', { target: missing.toString() })).toMatchObject({ ok: false, error: 'store: database "nw_no_such_database" does not exist on 127.0.0.1:' + missing.port + ' (create it: createdb nw_no_such_database)' });
      const refused = new URL(url);
      refused.port = '1';
      expect(await api.call('store.test', { target: refused.toString() })).toMatchObject({ ok: false, error: 'store: connection refused by 127.0.0.1:1: nothing listens there (is PostgreSQL running, on this port?)' });
      await expect(api.call('store.switch', { target: refused.toString() })).rejects.toMatchObject({ code: 'unavailable', message: expect.stringMatching(/still using .*pg-from\.duckdb/) });

      result = await switchUnderLoad(api, url);
      expect((await api.call('system.health', {})).store).toMatchObject({ kind: 'postgres', ok: true, schemaVersion: LATEST_SCHEMA_VERSION });
      expect(await api.call('store.test', { target: url })).toMatchObject({ ok: true, inUse: true, schemaVersion: LATEST_SCHEMA_VERSION });
    } finally {
      api.close();
      await host.stop();
    }
    expect(result.stopped.rowsDecoded).toBe(12_000);
    expect(result.stopped.rowsDropped).toEqual({ queue_full: 0, store_error: 0, shutdown: 0 });
    const inA = await countRows({ db: a });
    const inPg = await countRows({ postgres: url });
    expect(inA).toBeGreaterThan(0);
    expect(inPg).toBeGreaterThan(0);
    expect(inA + inPg).toBe(12_000);
  });
});
