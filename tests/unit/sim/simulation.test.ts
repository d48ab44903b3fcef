// The time-stepped simulation: conservation per step, determinism, exact resume, reaction to
// failures, labelled events, and flows that add up to the traffic they sample.
import { describe, expect, it } from 'vitest';
import { flowRecords } from '../../../src-worker/flow/record.js';
import { dijkstra } from '../../../src-worker/routing/dijkstra.js';
import { generateNetwork } from '../../../src-worker/sim/generate.js';
import { Simulation, type SimStepResult } from '../../../src-worker/sim/simulation.js';
import { NO_EVENTS } from '../../../src-worker/sim/traffic/events.js';
import { seasonalFactor } from '../../../src-worker/sim/traffic/seasonality.js';
import { CUSTOMER_IFINDEX, formatIPv4, loopbackIPv4 } from '../../../src-worker/sim/addressing.js';

function run(sim: Simulation, steps = sim.config.steps - sim.cursor): SimStepResult[] {
  const out: SimStepResult[] = [];
  for (let i = 0; i < steps; i++) out.push(sim.step());
  return out;
}

function balance(r: SimStepResult): number {
  return Math.abs(r.offeredBps - r.deliveredBps - r.droppedCongestionBps - r.droppedBackgroundBps - r.unroutableBps) / r.offeredBps;
}

describe('sim: time-stepped simulation', () => {
  const network = generateNetwork({ kind: 'waxman', nodes: 60 }, { seed: 21 });

  it('conserves traffic every step: offered = delivered + dropped + unroutable', () => {
    // Rates high enough that every kind of event, congestion included, happens in two days.
    const sim = new Simulation({ network, seed: 5, steps: 576, stepSeconds: 300, events: { ddos: 4, linkFailure: 4, nodeFailure: 2, flashCrowd: 2 } });
    const results = run(sim);
    for (const r of results) {
      expect(balance(r)).toBeLessThan(1e-9);
      // Per arc: carried = transmitted + congestion drops; nothing negative.
      for (let a = 0; a < r.arcs.carriedBps.length; a++) {
        expect(r.arcs.carriedBps[a]!).toBeGreaterThanOrEqual(0);
        expect(r.arcs.droppedBps[a]!).toBeLessThanOrEqual(r.arcs.carriedBps[a]! + 1e-6);
      }
    }
    expect(results.some((r) => r.droppedCongestionBps > 0)).toBe(true);
    expect(results.some((r) => r.unroutableBps > 0)).toBe(true);
    expect(results.every((r) => r.droppedBackgroundBps > 0)).toBe(true);
  });

  it('is deterministic for a seed, and differs for another', () => {
    const a = run(new Simulation({ network, seed: 9, steps: 12, stepSeconds: 300 }));
    const b = run(new Simulation({ network, seed: 9, steps: 12, stepSeconds: 300 }));
    const c = run(new Simulation({ network, seed: 10, steps: 12, stepSeconds: 300 }));
    expect(b.map((r) => r.deliveredBps)).toEqual(a.map((r) => r.deliveredBps));
    expect(flowRecords(b[7]!.flows!)).toEqual(flowRecords(a[7]!.flows!));
    expect(c.map((r) => r.deliveredBps)).not.toEqual(a.map((r) => r.deliveredBps));
  });

  it('resumes exactly: step k after seek(k) equals step k of a straight run', () => {
    const straight = run(new Simulation({ network, seed: 3, steps: 30, stepSeconds: 300 }));
    const resumed = new Simulation({ network, seed: 3, steps: 30, stepSeconds: 300 });
    resumed.seek(17);
    const r17 = resumed.step();
    expect(r17.deliveredBps).toBe(straight[17]!.deliveredBps);
    expect(Array.from(r17.arcs.offeredBps)).toEqual(Array.from(straight[17]!.arcs.offeredBps));
    expect(flowRecords(r17.flows!)).toEqual(flowRecords(straight[17]!.flows!));
  });

  it('routes around an injected link failure and labels it', () => {
    const sim = new Simulation({ network, seed: 4, steps: 6, stepSeconds: 300, events: NO_EVENTS });
    const before = sim.step();
    // Fail the busiest link for steps 2..3.
    const arc = before.mluArc;
    const link = sim.graph.linkOf[arc]!;
    const event = sim.inject({ kind: 'link-failure', link, startStep: 2, endStep: 4 });
    expect(event.id).toMatch(/^i/);
    expect(event.description).toMatch(/^link .+–.+ down$/);
    sim.step();
    const during = sim.step();
    expect(during.failedLinks).toEqual([link]);
    expect(during.activeEvents).toContain(event.id);
    expect(during.arcs.carriedBps[arc]).toBe(0);
    expect(during.arcs.down[arc]).toBe(1);
    // Traffic went elsewhere (unless the link was a bridge, then it is unroutable).
    expect(during.deliveredBps + during.unroutableBps).toBeGreaterThan(0.99 * during.offeredBps);
    sim.step();
    const after = sim.step();
    expect(after.failedLinks).toEqual([]);
    expect(after.arcs.carriedBps[arc]).toBeGreaterThan(0);
    expect(sim.events.map((e) => e.id)).toContain(event.id);
  });

  it('a failed node neither sends nor receives: its traffic is unroutable', () => {
    const sim = new Simulation({ network, seed: 4, steps: 2, stepSeconds: 300, events: NO_EVENTS });
    sim.inject({ kind: 'node-failure', node: 0, startStep: 1, endStep: 2 });
    const [ok, down] = run(sim);
    expect(ok!.unroutableBps).toBe(0);
    expect(down!.unroutableBps).toBeGreaterThan(0);
    expect(balance(down!)).toBeLessThan(1e-9);
    const exporters = new Set(flowRecords(down!.flows!).map((f) => f.exporter));
    expect(exporters.has(formatIPv4(loopbackIPv4(0)))).toBe(false);
  });

  it('an injected DDoS adds labelled attack traffic and attack flows toward the victim', () => {
    const sim = new Simulation({ network, seed: 8, steps: 3, stepSeconds: 300, events: NO_EVENTS });
    const victim = 5;
    sim.inject({ kind: 'ddos', victim, sources: [1, 2, 3, 4, 6, 7, 8, 9], rateBps: 200e9, vector: 'ntp-reflection', startStep: 1, endStep: 2 });
    const [calm, attack] = run(sim, 2);
    expect(attack!.attackBps).toBeCloseTo(200e9, -3);
    expect(attack!.offeredBps - calm!.offeredBps).toBeGreaterThan(150e9);
    const victimHost = `10.0.${victim}.8`;
    const isAttackFlow = (f: { protocol: number; src_port: number; dst_addr: string }) => f.protocol === 17 && f.src_port === 123 && f.dst_addr === victimHost;
    const attackFlows = flowRecords(attack!.flows!).filter(isAttackFlow);
    expect(attackFlows.length).toBeGreaterThan(10);
    // The attack's share of the sampled volume matches its share of the offered traffic.
    const estimated = attackFlows.reduce((s, f) => s + f.bytes * f.sampling_rate, 0);
    const expected = (attack!.attackBps * attack!.stepSeconds) / 8;
    expect(estimated / expected).toBeGreaterThan(0.6);
    expect(estimated / expected).toBeLessThan(1.6);
    expect(flowRecords(calm!.flows!).filter(isAttackFlow).length).toBeLessThan(3);
  });

  it('flows: Σ bytes × sampling rate equals the offered volume; fields look like a router export', () => {
    const sim = new Simulation({ network, seed: 6, steps: 4, stepSeconds: 300, flows: { recordsPerStep: 500 } });
    for (const r of run(sim)) {
      const flows = flowRecords(r.flows!);
      expect(flows.length).toBeLessThanOrEqual(500);
      expect(flows.length).toBeGreaterThan(400);
      const estimated = flows.reduce((s, f) => s + f.bytes * f.sampling_rate, 0);
      const volume = (r.offeredBps * r.stepSeconds) / 8;
      expect(Math.abs(estimated - volume) / volume).toBeLessThan(1e-3);
      for (const f of flows) {
        expect(f.source).toBe('sim');
        expect(f.time_start).toBeGreaterThanOrEqual(r.timeUs);
        expect(f.time_end).toBeLessThanOrEqual(r.timeUs + r.stepSeconds * 1e6);
        expect(f.time_end).toBeGreaterThanOrEqual(f.time_start);
        expect(f.in_if).toBe(CUSTOMER_IFINDEX);
        expect(f.packets).toBeGreaterThanOrEqual(1);
        expect(f.exporter).toMatch(/^172\.1[6-9]\./);
      }
      // The out interface and next hop agree with the routing engine: the next hop is one hop
      // closer to the destination's router along a shortest path.
      const g = sim.graph;
      for (const f of flows.slice(0, 50)) {
        if (f.out_if === 0) continue;
        const s = Number(f.exporter.split('.').slice(2).reduce((acc, x) => acc * 256 + Number(x), 0)) - 1;
        const dstNode = Number(f.dst_addr.split('.')[1]) * 256 + Number(f.dst_addr.split('.')[2]);
        const arc = g.offsets[s]! + f.out_if! - 1;
        const spf = dijkstra(g, dstNode, { direction: 'in' });
        expect(spf.dist[s]).toBeCloseTo(g.metric[arc]! + spf.dist[g.head[arc]!]!, 6);
        expect(f.next_hop).toBe(formatIPv4(loopbackIPv4(g.head[arc]!)));
      }
    }
  });

  it('follows the daily cycle: night traffic is well below the evening peak', () => {
    const sim = new Simulation({ network, seed: 2, steps: 288, stepSeconds: 300, events: NO_EVENTS });
    const results = run(sim);
    const offered = results.map((r) => r.offeredBps);
    const europeNight = offered[4 * 12]!; // 04:00 UTC
    const europeEvening = offered[20 * 12]!; // 20:00 UTC
    expect(europeEvening / europeNight).toBeGreaterThan(1.5);
    expect(seasonalFactor(Date.UTC(2026, 0, 5, 21), 0)).toBeGreaterThan(seasonalFactor(Date.UTC(2026, 0, 5, 5), 0));
    // Counters are cumulative and consistent with per-step transmitted rates.
    const c = sim.counters;
    const arc = results[0]!.mluArc;
    const sum = results.reduce((s, r) => s + (r.arcs.transmittedBps[arc]! * r.stepSeconds) / 8, 0);
    expect(c.outOctets[arc]).toBeCloseTo(sum, -3);
    expect(c.inOctets[arc]!).toBeLessThanOrEqual(c.outOctets[arc]!);
  });

  it('queueing: delay grows with utilisation and congested links lose the excess', () => {
    const sim = new Simulation({ network, seed: 7, steps: 1, stepSeconds: 300, events: NO_EVENTS, busiestLinkUtilisation: 1.6 });
    const r = sim.step();
    expect(r.mlu).toBeGreaterThan(1);
    const a = r.mluArc;
    expect(r.arcs.queueDelayMs[a]).toBe(sim.options.queue.bufferMs);
    expect(r.droppedCongestionBps).toBeGreaterThan(0);
    const expectedDrop = r.arcs.offeredBps[a]! - sim.graph.capacity[a]!;
    // What arrives in pass B may be a little less than pass A's offer (upstream drops).
    expect(r.arcs.droppedBps[a]!).toBeGreaterThan(0.5 * expectedDrop);
    expect(r.arcs.transmittedBps[a]!).toBeLessThanOrEqual(sim.graph.capacity[a]! * 1.000001);
    expect(balance(r)).toBeLessThan(1e-9);
  });

  it('rejects bad injections with a clear error', () => {
    const sim = new Simulation({ network, seed: 1, steps: 10, stepSeconds: 300 });
    expect(() => sim.inject({ kind: 'link-failure', link: 10_000, startStep: 1, endStep: 2 })).toThrow(/^sim: cannot inject link-failure: there is no link/);
    expect(() => sim.inject({ kind: 'burst', node: 1, factor: 2, startStep: 5, endStep: 3 })).toThrow(/not a valid range/);
  });
});
