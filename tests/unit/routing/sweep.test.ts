import { describe, expect, it } from 'vitest';
import { compileTopology, findArc } from '../../../src-worker/graph/compact-graph.js';
import { compileDemands } from '../../../src-worker/routing/demand-set.js';
import { allSingleFailures } from '../../../src-worker/routing/failures.js';
import { RoutingState } from '../../../src-worker/routing/routing-state.js';
import { mergeSweepChunks, planSweepChunks, sweepFailures, sweepReport } from '../../../src-worker/routing/sweep.js';
import { diamond } from './small-networks.js';

const g = compileTopology(diamond);
const demands = compileDemands(g, [
  { id: 'AE', src: 'A', dst: 'E', rate: 40 },
  { id: 'BE', src: 'B', dst: 'E', rate: 10 },
  { id: 'EA', src: 'E', dst: 'A', rate: 4 },
]);
const state = RoutingState.create(g, demands);
const failures = allSingleFailures(g);
const arc = (u: string, v: string) => findArc(g, g.nodeIndex.get(u)!, g.nodeIndex.get(v)!);

describe('worst-case sweep on the diamond', () => {
  const all = sweepFailures(state, failures);
  const report = sweepReport(state, failures, all);
  const row = (from: string, to: string) => report.links.find((l) => l.from === from && l.to === to)!;

  it('lists the failures: 5 links, 5 nodes, 1 SRLG', () => {
    expect(failures.map((f) => `${f.kind}:${f.id}`)).toEqual(['link:L0', 'link:L1', 'link:L2', 'link:L3', 'link:L4', 'node:A', 'node:B', 'node:C', 'node:D', 'node:E', 'srlg:duct']);
    expect(report.failuresEvaluated).toBe(11);
  });

  it('finds per link the worst utilisation and the (first) failure causing it', () => {
    // B–D fails: A→E and B→E (via A) both cross A→C and C→D: 50 of 100.
    expect([row('A', 'C').worstUtilisation, row('A', 'C').worstFailure]).toEqual([0.5, 'link L2']);
    expect([row('C', 'D').worstUtilisation, row('C', 'D').worstFailure]).toEqual([0.5, 'link L2']);
    // A–C fails (or C–D, or node C): all 50 on B→D; the first in the list is reported.
    expect([row('B', 'D').worstUtilisation, row('B', 'D').worstFailure]).toEqual([0.5, 'link L1']);
    expect([row('A', 'B').worstUtilisation, row('A', 'B').worstFailure]).toEqual([0.4, 'link L1']);
    // D→E is full in normal operation and no failure makes it worse.
    expect([row('D', 'E').normalUtilisation, row('D', 'E').worstUtilisation, row('D', 'E').worstFailure]).toEqual([1, 1, null]);
    expect([row('D', 'C').worstUtilisation, row('D', 'C').worstFailure]).toEqual([0.04, 'link L0']);
    expect(all.worstUtilisation[arc('A', 'C')]).toBe(0.5);
  });

  it('reports per failure its MLU and the traffic it strands', () => {
    const mlu = Object.fromEntries(report.failures.map((f) => [f.failure, f.mlu]));
    expect(mlu['node A']).toBeCloseTo(0.2, 12);
    expect(mlu['srlg duct']).toBeCloseTo(0.8, 12);
    expect(mlu['link L4']).toBe(0);
    expect(report.normalMlu).toBe(1);
    expect(report.worstMlu).toBe(1);
    expect(report.worstFailure).toBeNull();
    // Node A: A→E and E→A start or end at A (44); node D: all three demands are transit through D.
    expect(Object.fromEntries(report.stranding.map((s) => [s.failure, s.ownRate]))).toEqual({ 'link L4': 0, 'node D': 0, 'node E': 54, 'node A': 44, 'node B': 10, 'srlg duct': 0 });
    expect(report.stranding[0]!.failure).toMatch(/link L4|node D/);
    expect(Object.fromEntries(report.stranding.map((s) => [s.failure, s.unroutedRate]))).toEqual({
      'link L4': 54,
      'node D': 54,
      'node E': 54,
      'node A': 44,
      'node B': 10,
      'srlg duct': 10,
    });
  });

  it('gives the same answer when split into chunks and merged, in any order', () => {
    const ranges = planSweepChunks(failures.length, 3);
    expect(ranges).toEqual([
      { start: 0, end: 3 },
      { start: 3, end: 7 },
      { start: 7, end: 11 },
    ]);
    const chunks = ranges.map((r) => sweepFailures(state, failures, r)).reverse();
    const merged = mergeSweepChunks(chunks);
    expect(Array.from(merged.worstUtilisation)).toEqual(Array.from(all.worstUtilisation));
    expect(Array.from(merged.worstFailure)).toEqual(Array.from(all.worstFailure));
    expect(Array.from(merged.failureMlu)).toEqual(Array.from(all.failureMlu));
  });

  it('stops when cancelled and reports progress', () => {
    const seen: number[] = [];
    let polls = 0;
    const part = sweepFailures(state, failures, { progress: (done) => seen.push(done), cancelled: () => ++polls > 4 });
    expect(part.cancelled).toBe(true);
    expect(part.failureMlu.filter((x) => !Number.isNaN(x))).toHaveLength(4);
    expect(seen).toEqual([1, 2, 3, 4]);
    const whole: number[] = [];
    sweepFailures(state, failures, { progress: (done, total) => whole.push(done / total) });
    expect(whole.at(-1)).toBe(1);
  });
});
