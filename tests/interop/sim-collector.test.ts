// The digital twin against NetWeaver's own collector: a simulated network exports NetFlow v9,
// IPFIX and sFlow over loopback to a live Collector writing a real DuckDB file, and what the
// collector stores equals what the simulator reports sending — flows, bytes, one exporter per
// simulated router, no decode errors.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Collector } from '../../src-main/collector/collector.js';
import { openStore } from '../../src-main/store/open-store.js';
import type { Store } from '../../src-main/store/store.js';
import { FLOW_SOURCES } from '../../src-worker/flow/record.js';
import type { ExportFormat } from '../../src-worker/sim/export/encoder.js';
import { runSimulation } from '../../src-worker/sim/sim-jobs.js';

describe('sim → NetWeaver collector over loopback', () => {
  let store: Store;
  let collector: Collector;

  beforeAll(async () => {
    store = await openStore({ db: join(mkdtempSync(join(tmpdir(), 'nw-sim-collector-')), 'live.duckdb') });
    collector = new Collector({ netflow: [0], ipfix: [0], sflow: [0], bind: ['127.0.0.1'], flushIntervalMs: 100, maintenanceIntervalMs: 0 }, { store });
    await collector.start();
  });
  afterAll(async () => {
    await collector.stop();
    await store.close();
  });

  const ctx = { progress: () => undefined, cancelled: () => false, emit: () => undefined };

  async function simulateInto(format: ExportFormat, port: number, seed: number) {
    const before = collector.status().packets;
    const result = await runSimulation(
      { generator: { kind: 'waxman', nodes: 25 }, seed, steps: 3, stepSeconds: 300, options: { flows: { recordsPerStep: 500 } }, export: { host: '127.0.0.1', port, format, rate: 200_000 } },
      ctx,
    );
    const until = Date.now() + 10_000;
    while (collector.status().packets - before < result.export!.datagrams && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    // Let the collector's flush interval pass so every decoded row is written.
    const flushUntil = Date.now() + 10_000;
    while (collector.status().rowsQueued > 0 && Date.now() < flushUntil) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 300));
    return result;
  }

  for (const [format, protocol, seed] of [['netflow9', 'netflow', 1], ['ipfix', 'ipfix', 2]] as const) {
    it(`${format}: flows, bytes and exporters stored equal what the simulator sent`, async () => {
      const result = await simulateInto(format, collector.ports(protocol)[0]!, seed);
      const [row] = await store.all<{ n: number; bytes: number; exporters: number }>(
        `SELECT count(*)::INTEGER AS n, sum(bytes)::DOUBLE AS bytes, count(DISTINCT exporter)::INTEGER AS exporters FROM flows WHERE source = ${FLOW_SOURCES.indexOf(format)}`,
      );
      expect(row!.n).toBe(result.export!.flows);
      expect(row!.bytes).toBe(result.export!.octets);
      // One exporter per simulated router that sent flows.
      expect(row!.exporters).toBe(result.export!.exporters);
      expect(row!.exporters).toBeGreaterThan(10);
      expect(Object.values(collector.status().decode.errors).reduce((a, b) => a + b, 0)).toBe(0);
    });
  }

  it('sflow: samples stored, rate-weighted bytes equal the exporter\'s estimate', async () => {
    const result = await simulateInto('sflow', collector.ports('sflow')[0]!, 3);
    const [row] = await store.all<{ n: number; est: number; agents: number }>(
      `SELECT count(*)::INTEGER AS n, sum(bytes * sampling_rate)::DOUBLE AS est, count(DISTINCT exporter)::INTEGER AS agents FROM flows WHERE source = ${FLOW_SOURCES.indexOf('sflow')}`,
    );
    expect(row!.n).toBe(result.export!.flows);
    expect(row!.est).toBe(result.export!.estimatedBytes);
    expect(row!.agents).toBe(result.export!.exporters);
    expect(Object.values(collector.status().decode.errors).reduce((a, b) => a + b, 0)).toBe(0);
  });
});
