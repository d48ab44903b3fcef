// The simulator's jobs through the job interface: streaming, pause (cancel) and exact resume,
// failure injection between runs, and generating from an imported topology.
import { describe, expect, it } from 'vitest';
import { jobHandlers } from '../../../src-worker/jobs/registry.js';
import type { JobContext } from '../../../src-worker/jobs/job.js';
import type { SimRunParams, SimRunResult, SimStepChunk } from '../../../src-worker/sim/sim-jobs.js';
import { networkToTopology } from '../../../src-worker/sim/topology-adapter.js';
import { generateNetwork } from '../../../src-worker/sim/generate.js';
import { udpCounter } from './udp-counter.js';

function context(cancelAfterChunks = Infinity) {
  const chunks: SimStepChunk[] = [];
  const progress: unknown[] = [];
  const ctx: JobContext = {
    jobId: 'test',
    progress: (p) => progress.push(p),
    cancelled: () => chunks.length >= cancelAfterChunks,
    throwIfCancelled: () => undefined,
    emit: (chunk) => chunks.push(chunk as SimStepChunk),
  };
  return { ctx, chunks, progress };
}

const base: SimRunParams = { generator: { kind: 'ba', nodes: 40 }, seed: 12, steps: 10, stepSeconds: 300 };

describe('sim jobs', () => {
  it('sim.generate summarises a connected network', async () => {
    const { ctx } = context();
    const out = await jobHandlers['sim.generate']!({ generator: { kind: 'leaf-spine', nodes: 20, spines: 4 }, seed: 1 }, ctx);
    expect(out.summary).toMatchObject({ nodes: 20, links: 64, connected: true, minDegree: 4, maxDegree: 16 });
    expect(out.topology.nodes[0].addresses).toEqual(['172.16.0.1', '127.16.0.1']);
  });

  it('sim.run streams every step; pause by cancel, resume at nextStep gives the same steps', async () => {
    const straight = context();
    const full = (await jobHandlers['sim.run']!(base, straight.ctx)) as SimRunResult;
    expect(full.completed).toBe(true);
    expect(straight.chunks.map((c) => c.summary.step)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(straight.chunks[3]!.flows!.length).toBeGreaterThan(0);
    expect(straight.chunks[3]!.arcs!.utilisation.length).toBe(full.topology.links.length * 2);

    const first = context(4);
    const paused = (await jobHandlers['sim.run']!(base, first.ctx)) as SimRunResult;
    expect(paused.completed).toBe(false);
    expect(paused.nextStep).toBe(4);
    const second = context();
    const resumed = (await jobHandlers['sim.run']!({ ...base, fromStep: paused.nextStep, counters: paused.counters }, second.ctx)) as SimRunResult;
    expect(resumed.completed).toBe(true);
    const joined = [...first.chunks, ...second.chunks];
    expect(joined.map((c) => c.summary.deliveredBps)).toEqual(straight.chunks.map((c) => c.summary.deliveredBps));
    expect(Array.from(resumed.counters.outOctets)).toEqual(Array.from(full.counters.outOctets));
  });

  it('injecting a failure on resume changes only the steps from then on', async () => {
    const straight = context();
    await jobHandlers['sim.run']!({ ...base, options: { events: { burst: 0, hotSpot: 0, flashCrowd: 0, ddos: 0, linkFailure: 0, nodeFailure: 0 } } }, straight.ctx);
    const busiest = straight.chunks[5]!.summary.mluArc;
    const link = straight.chunks[5]!.arcs!.arcLink[busiest]!;
    const withFailure = context();
    const result = (await jobHandlers['sim.run']!(
      { ...base, options: { events: { burst: 0, hotSpot: 0, flashCrowd: 0, ddos: 0, linkFailure: 0, nodeFailure: 0 } }, fromStep: 5, inject: [{ kind: 'link-failure', link, startStep: 5, endStep: 10 }] },
      withFailure.ctx,
    )) as SimRunResult;
    expect(result.events.filter((e) => e.origin === 'injected')).toHaveLength(1);
    expect(withFailure.chunks[0]!.summary.failedLinks).toEqual([link]);
    expect(withFailure.chunks[0]!.summary.mlu).not.toBe(straight.chunks[5]!.summary.mlu);
    expect(withFailure.chunks[0]!.arcs!.carriedBps[busiest]).toBe(0);
  });

  it('sim.run exports its flows to a collector on loopback, and the counts match', async () => {
    const receiver = await udpCounter();
    const port = receiver.port;
    const { ctx } = context();
    const result = (await jobHandlers['sim.run']!({ ...base, steps: 3, export: { host: '127.0.0.1', port, format: 'ipfix', rate: 100_000, loopbackOnly: true } }, ctx)) as SimRunResult;
    const datagrams = await receiver.close(result.export!.datagrams);
    expect(result.export!.flows).toBe(result.totals.flows);
    expect(datagrams).toBe(result.export!.datagrams);
  });

  it('runs on an imported topology (round trip through the routing model)', async () => {
    const topology = networkToTopology(generateNetwork({ kind: 'ring', nodes: 12 }, { seed: 3 }));
    const { ctx, chunks } = context();
    const result = (await jobHandlers['sim.run']!({ topology, seed: 3, steps: 2, stepSeconds: 300 }, ctx)) as SimRunResult;
    expect(result.summary).toMatchObject({ nodes: 12, links: 12, connected: true });
    expect(chunks).toHaveLength(2);
    expect(chunks[1]!.summary.deliveredBps).toBeGreaterThan(0);
  });

  it('rejects an ambiguous network source', async () => {
    const { ctx } = context();
    await expect(async () => jobHandlers['sim.generate']!({ seed: 1 }, ctx)).rejects.toThrow(/^sim: give exactly one/);
  });
});

describe('sim.load', () => {
  it('sends the requested number of flows at the requested rate, all received', async () => {
    const receiver = await udpCounter();
    const { ctx, progress } = context();
    const started = performance.now();
    const stats = (await jobHandlers['sim.load']!({ host: '127.0.0.1', port: receiver.port, format: 'netflow5', rate: 50_000, flows: 20_000, seed: 2, poolFlows: 5000, loopbackOnly: true }, ctx)) as { flows: number; datagrams: number; sendErrors: number };
    const elapsed = performance.now() - started;
    expect(stats.flows).toBe(20_000);
    expect(stats.sendErrors).toBe(0);
    expect(await receiver.close(stats.datagrams)).toBe(stats.datagrams);
    // 20k flows at 50k/s: at least ~0.35 s once the initial burst is spent.
    expect(elapsed).toBeGreaterThan(300);
    expect(progress.length).toBeGreaterThan(0);
  });
});
