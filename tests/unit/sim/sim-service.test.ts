// The sim area through the real service (DuckDB file, worker threads): a run streams `sim.step`
// events, is stored as a named dataset (run, labelled events, per-step link state), a paused run
// resumes into the same dataset, and injected failures show in the stored link state.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient, SimStartedEvent, SimStepEvent } from '../../../src-main/api/contract.js';
import { createInProcessClient } from '../../../src-main/api/in-process-transport.js';
import type { Service } from '../../../src-main/api/service.js';
import { NetWeaverHost } from '../../../src-main/host.js';
import { parseFilter } from '../../../src-main/store/filter/filter-parser.js';
import { FLOW_SOURCES } from '../../../src-worker/flow/record.js';

let host: NetWeaverHost;
let service: Service;
let api: ApiClient;

beforeAll(async () => {
  host = new NetWeaverHost({ store: { db: join(mkdtempSync(join(tmpdir(), 'nw-sim-')), 'sim.duckdb') }, workers: 1 });
  service = await host.start();
  api = createInProcessClient(service);
});
afterAll(async () => {
  api.close();
  await host.stop();
});

const store = () => service.context.store;

describe('sim service', () => {
  it('runs, streams steps and stores the dataset with its labelled events', async () => {
    const steps: SimStepEvent[] = [];
    const started: SimStartedEvent[] = [];
    const off = api.on('sim.step', (s) => steps.push(s));
    const offStarted = api.on('sim.started', (s) => started.push(s));
    const result = await api.call('sim.run', { topology: 'waxman', nodes: 30, steps: 24, seed: 3, name: 'wan-day', start: '2026-01-05T00:00:00Z', eventsPerDay: { ddos: 24, linkFailure: 36 } });
    off();
    offStarted();
    expect(result.completed).toBe(true);
    expect(started).toHaveLength(1);
    expect((started[0]!.topology as { links: unknown[] }).links).toHaveLength(result.network.links);
    expect(started[0]!.jobId).toBe(result.jobId);
    expect(steps.map((s) => s.step)).toEqual([...Array(24).keys()]);
    expect(steps[0]!.linkUtilisation).toHaveLength(result.network.links);
    expect(result.events.length).toBeGreaterThan(0);
    const runs = await store().all<{ name: string; completed_steps: number; start_ms: number }>('SELECT name, completed_steps, start_ms FROM sim_runs');
    expect(runs).toEqual([{ name: 'wan-day', completed_steps: 24, start_ms: Date.parse('2026-01-05T00:00:00Z') }]);
    const stored = await store().all<{ n: number; offered: number }>("SELECT count(*)::INTEGER AS n, sum(offered_bps) AS offered FROM sim_steps WHERE run = 'wan-day'");
    expect(stored[0]!.n).toBe(24);
    expect(stored[0]!.offered * 300).toBeCloseTo(result.totals.offeredBits, -6);
    const labels = await store().all<{ event_id: string; kind: string; start_ms: number }>("SELECT event_id, kind, start_ms FROM sim_events WHERE run = 'wan-day' ORDER BY event_id");
    expect(labels.map((l) => l.event_id).sort()).toEqual(result.events.map((e) => e.id).sort());
    // A link failure label matches the steps where that link is reported down.
    const failure = result.events.find((e) => e.kind === 'link-failure')!;
    expect(failure).toBeDefined();
    const during = steps.filter((s) => s.step >= failure.startStep && s.step < failure.endStep);
    expect(during.length).toBeGreaterThan(0);
    expect(during.every((s) => s.linkDown.some((d) => d === 1))).toBe(true);
  });

  it('pause and resume continue one dataset; an injected failure appears from its step', async () => {
    const first = await api.call('sim.run', { topology: 'ring', nodes: 8, steps: 12, seed: 2, name: 'ring', untilStep: 5, start: '2026-01-05T00:00:00Z' });
    expect(first).toMatchObject({ completed: true, nextStep: 5 });
    const second = await api.call('sim.run', {
      topology: 'ring', nodes: 8, steps: 12, seed: 2, name: 'ring', fromStep: 5, start: '2026-01-05T00:00:00Z',
      inject: [{ kind: 'link-failure', link: 0, startStep: 6, endStep: 12 }],
    });
    expect(second).toMatchObject({ fromStep: 5, nextStep: 12 });
    const rows = await store().all<{ step: number; arcs: string }>("SELECT step, arcs::VARCHAR AS arcs FROM sim_steps WHERE run = 'ring' ORDER BY step");
    expect(rows.map((r) => r.step)).toEqual([...Array(12).keys()]);
    const down = rows.map((r) => (JSON.parse(r.arcs) as { down: number[] }).down.some((d) => d === 1));
    expect(down).toEqual([false, false, false, false, false, false, true, true, true, true, true, true]);
    const label = await store().all<{ origin: string; kind: string }>("SELECT origin, kind FROM sim_events WHERE run = 'ring' AND origin = 'injected'");
    expect(label).toEqual([{ origin: 'injected', kind: 'link-failure' }]);
  });

  it('refuses a topology file that does not exist, naming it', async () => {
    await expect(api.call('sim.run', { topology: 'file', file: '/nope/net.graphml', steps: 1 })).rejects.toThrow(/sim: cannot read the topology file "\/nope\/net.graphml"/);
  });
});

describe('sim dataset in the flow store', () => {
  it('flows, devices, interfaces and counters land in the collector tables, consistent with the run', async () => {
    const result = await api.call('sim.run', { topology: 'leaf-spine', nodes: 12, steps: 6, seed: 8, name: 'fabric', start: '2026-02-02T10:00:00Z', flowsPerStep: 300, eventsPerDay: { burst: 0, hotSpot: 0, flashCrowd: 0, ddos: 0, linkFailure: 0, nodeFailure: 0 } });
    expect(result.stored!.flows).toBe(result.totals.flows);
    // The network and its mean traffic matrix are a topology the what-if view can open.
    const [topo] = await store().all<{ name: string; device_count: number; demand_count: number }>('SELECT name, device_count, demand_count FROM topologies WHERE topology_id = $1', [result.stored!.topologyId]);
    const [leaves] = await store().all<{ n: number }>("SELECT count(*)::INTEGER AS n FROM topo_devices WHERE topology_id = $1 AND role = 'leaf'", [result.stored!.topologyId]);
    expect(leaves!.n).toBeGreaterThan(2);
    expect(topo).toEqual({ name: 'fabric', device_count: 12, demand_count: leaves!.n * (leaves!.n - 1) });
    expect(() => parseFilter(result.stored!.flowsFilter)).not.toThrow();
    const flows = await store().all<{ n: number; est: number; first: string; last: string }>(
      "SELECT count(*)::INTEGER AS n, sum(bytes * sampling_rate)::DOUBLE AS est, min(time_start)::VARCHAR AS first, max(time_end)::VARCHAR AS last FROM flows WHERE source = $1 AND time_start >= $2::TIMESTAMP AND time_start < $3::TIMESTAMP",
      [FLOW_SOURCES.indexOf('sim'), '2026-02-02 10:00:00', '2026-02-02 10:30:00'],
    );
    expect(flows[0]!.n).toBe(result.totals.flows);
    // Σ bytes × sampling rate of the stored flows is the offered volume (within rounding).
    expect(flows[0]!.est / (result.totals.offeredBits / 8)).toBeCloseTo(1, 3);
    expect(Date.parse(flows[0]!.first + 'Z')).toBeGreaterThanOrEqual(Date.parse(result.start));
    expect(Date.parse(flows[0]!.last + 'Z')).toBeLessThanOrEqual(Date.parse(result.end));
    const devices = await store().all<{ n: number }>("SELECT count(*)::INTEGER AS n FROM devices WHERE kind = 'sim' AND address LIKE '172.16.%'");
    expect(devices[0]!.n).toBeGreaterThanOrEqual(12);
    const ifaces = await store().all<{ speed: number }>("SELECT speed::DOUBLE AS speed FROM interfaces WHERE device = '172.16.0.1' ORDER BY if_index");
    expect(ifaces.length).toBe(10); // spine0 faces every leaf
    expect(ifaces.every((i) => i.speed === 100e9)).toBe(true);
    // Counters are cumulative: the last sample's out_octets across all interfaces equals what
    // the run transmitted (delivered + dropped beyond the first hop, within float rounding).
    const counters = await store().all<{ t: string; out: number }>(
      "SELECT time::VARCHAR AS t, sum(out_octets)::DOUBLE AS out FROM interface_metrics WHERE device LIKE '172.16.%' AND time > '2026-02-02 10:00:00'::TIMESTAMP AND time <= '2026-02-02 10:30:00'::TIMESTAMP GROUP BY time ORDER BY time",
    );
    expect(counters.length).toBe(6);
    for (let i = 1; i < counters.length; i++) expect(counters[i]!.out).toBeGreaterThan(counters[i - 1]!.out);
  });
});

describe('sim pause from the UI', () => {
  it('jobs.cancel pauses a run: it resolves with nextStep, the dataset holds those steps, resume completes it', async () => {
    let paused = false;
    const off = api.on('sim.step', (s) => {
      if (s.name === 'pausable' && s.step >= 3 && !paused) {
        paused = true;
        void api.call('jobs.cancel', { jobId: s.jobId });
      }
    });
    const params = { topology: 'ba' as const, nodes: 80, steps: 400, seed: 6, name: 'pausable', start: '2026-04-06T00:00:00Z', flowsPerStep: 50 };
    const first = await api.call('sim.run', params);
    off();
    expect(first.completed).toBe(false);
    expect(first.nextStep).toBeGreaterThan(3);
    expect(first.nextStep).toBeLessThan(400);
    const [row] = await store().all<{ completed_steps: number }>("SELECT completed_steps FROM sim_runs WHERE name = 'pausable'");
    expect(row!.completed_steps).toBe(first.nextStep);
    const [stored] = await store().all<{ n: number }>("SELECT count(*)::INTEGER AS n FROM sim_steps WHERE run = 'pausable'");
    expect(stored!.n).toBe(first.nextStep);
    const second = await api.call('sim.run', { ...params, fromStep: first.nextStep, untilStep: first.nextStep + 5 });
    expect(second).toMatchObject({ completed: true, fromStep: first.nextStep, nextStep: first.nextStep + 5 });
    const [after] = await store().all<{ n: number }>("SELECT count(*)::INTEGER AS n FROM sim_steps WHERE run = 'pausable'");
    expect(after!.n).toBe(first.nextStep + 5);
  });
});
