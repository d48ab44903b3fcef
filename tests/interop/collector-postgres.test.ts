// The collector into a real PostgreSQL 15 through a TCP relay the test can cut: while the server
// is unreachable, flows stay buffered (bounded, counted as queued), the store is retried with
// backoff, and once it is back every flow sent is stored — none dropped. A second collector with
// a tiny queue shows what happens beyond the bound: drops counted by reason, never silent.
import { createSocket } from 'node:dgram';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { Collector } from '../../src-main/collector/collector.js';
import { openStore } from '../../src-main/store/open-store.js';
import '../../src-main/store/postgres/register.js';
import type { Store } from '../../src-main/store/store.js';
import { netflowV5Packet, syntheticTotals } from '../support/export-writers.js';
import { freshDatabase } from '../support/postgres-db.js';

const url = process.env.NETWEAVER_TEST_POSTGRES_URL;

/** A TCP relay to PostgreSQL that can be cut (every connection reset) and restored. */
class Relay {
  private server: Server | null = null;
  private sockets = new Set<Socket>();
  port = 0;
  constructor(private readonly target: { host: string; port: number }) {}
  async up(): Promise<void> {
    this.server = createServer((client) => {
      const upstream = connect(this.target.port, this.target.host);
      for (const s of [client, upstream]) { this.sockets.add(s); s.on('close', () => this.sockets.delete(s)); s.on('error', () => undefined); }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', () => resolve()));
    this.port = (this.server!.address() as { port: number }).port;
  }
  async down(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = null;
  }
}

async function sendV5(port: number, first: number, packets: number): Promise<void> {
  const s = createSocket('udp4');
  for (let i = 0; i < packets; i++) await new Promise<void>((r) => s.send(netflowV5Packet(first + i * 30, first + i * 30, 30), port, '127.0.0.1', () => r()));
  s.close();
}

const until = async (what: () => boolean, ms = 15_000) => {
  const end = Date.now() + ms;
  while (!what() && Date.now() < end) await new Promise((r) => setTimeout(r, 25));
  return what();
};

describe.skipIf(!url)(url ? 'collector into PostgreSQL' : 'collector into PostgreSQL — skipped: NETWEAVER_TEST_POSTGRES_URL is not set (run `source .ci/start-postgres.sh`)', () => {
  const stores: Store[] = [];
  afterAll(async () => { for (const s of stores) await s.close(); });

  it('buffers while PostgreSQL is unreachable, retries with backoff, and stores every flow once it is back', async () => {
    const dbUrl = new URL(await freshDatabase(url!, 'nw_outage'));
    const relay = new Relay({ host: dbUrl.hostname, port: Number(dbUrl.port) });
    await relay.up();
    dbUrl.host = `127.0.0.1:${relay.port}`;
    const store = await openStore({ postgres: dbUrl.toString() });
    stores.push(store);
    const errors: string[] = [];
    const collector = new Collector({ netflow: [0], ipfix: [], sflow: [], bind: ['127.0.0.1'], flushIntervalMs: 100, retryMinMs: 100, retryMaxMs: 400, maintenanceIntervalMs: 0, inventoryIntervalMs: 60_000 }, { store, onError: (m) => errors.push(m) });
    await collector.start();
    const port = collector.ports('netflow')[0]!;

    await sendV5(port, 0, 20);
    expect(await until(() => collector.status().rowsStored === 600)).toBe(true);

    await relay.down();
    await sendV5(port, 600, 40);
    expect(await until(() => collector.status().store.state === 'retrying')).toBe(true);
    expect(await until(() => collector.status().store.errors >= 2)).toBe(true); // retried, with backoff
    const during = collector.status();
    expect(during.rowsStored).toBe(600);
    expect(during.rowsQueued).toBe(1200);
    expect(errors.some((e) => /retrying in \d+ ms with \d+ flows buffered/.test(e))).toBe(true);

    await relay.up();
    expect(await until(() => collector.status().rowsStored === 1800)).toBe(true);
    await collector.stop();
    const [row] = await store.all<{ n: number; p: number; b: number }>('SELECT count(*) AS n, sum(packets) AS p, sum(bytes) AS b FROM flows');
    const sent = syntheticTotals(0, 1800);
    expect({ n: Number(row!.n), p: Number(row!.p), b: Number(row!.b) }).toEqual({ n: sent.flows, p: sent.packets, b: sent.bytes });
    expect(collector.status().rowsDropped).toEqual({ queue_full: 0, store_error: 0, shutdown: 0 });
    await relay.down();
  });

  it('counts what does not fit in the bounded queue as dropped (queue_full), and what is left at shutdown', async () => {
    const dbUrl = new URL(await freshDatabase(url!, 'nw_bound'));
    const relay = new Relay({ host: dbUrl.hostname, port: Number(dbUrl.port) });
    await relay.up();
    dbUrl.host = `127.0.0.1:${relay.port}`;
    const store = await openStore({ postgres: dbUrl.toString() });
    stores.push(store);
    const collector = new Collector({ netflow: [0], ipfix: [], sflow: [], bind: ['127.0.0.1'], flushIntervalMs: 50, batchRows: 300, maxQueuedRows: 900, retryMinMs: 100, retryMaxMs: 200, maintenanceIntervalMs: 0, inventoryIntervalMs: 60_000 }, { store });
    await collector.start();
    await relay.down();
    const port = collector.ports('netflow')[0]!;
    for (let i = 0; i < 10; i++) { await sendV5(port, i * 300, 10); await new Promise((r) => setTimeout(r, 60)); }
    expect(await until(() => collector.status().packets === 100)).toBe(true);
    await new Promise((r) => setTimeout(r, 200));
    const s = collector.status();
    expect(s.rowsDecoded).toBe(3000);
    expect(s.rowsQueued).toBeLessThanOrEqual(900 + 300);
    expect(s.rowsDropped.queue_full).toBeGreaterThan(0);
    expect(s.rowsStored + s.rowsQueued + s.rowsDropped.queue_full).toBe(3000);
    await collector.stop();
    const end = collector.status();
    expect(end.rowsStored + end.rowsDropped.queue_full + end.rowsDropped.shutdown).toBe(3000);
  });
});
