import { describe, expect, it } from 'vitest';
import { compileTopology, findArc } from '../../../src-worker/graph/compact-graph.js';
import { compileDemands } from '../../../src-worker/routing/demand-set.js';
import { ecmpDag, ecmpPaths, routeDemands } from '../../../src-worker/routing/ecmp.js';
import { failureMasks } from '../../../src-worker/routing/failures.js';
import { diamond, network } from './small-networks.js';

describe('ecmp', () => {
  const g = compileTopology(diamond);
  const arc = (u: string, v: string) => findArc(g, g.nodeIndex.get(u)!, g.nodeIndex.get(v)!);

  it('splits equally over equal-cost paths and sums demands into link loads', () => {
    const demands = compileDemands(g, [
      { src: 'A', dst: 'E', rate: 40 },
      { src: 'B', dst: 'E', rate: 10 },
    ]);
    const r = routeDemands(g, demands);
    expect(r.load[arc('A', 'B')]).toBe(20);
    expect(r.load[arc('A', 'C')]).toBe(20);
    expect(r.load[arc('B', 'D')]).toBe(30);
    expect(r.load[arc('C', 'D')]).toBe(20);
    expect(r.load[arc('D', 'E')]).toBe(50);
    expect(r.load[arc('E', 'D')]).toBe(0);
    expect(r.mlu).toBe(1); // 50 on the 50 bit/s D→E link
    expect(r.mluArc).toBe(arc('D', 'E'));
    expect(r.unroutedRate).toBe(0);
  });

  it('splits per next-hop arc across parallel links', () => {
    const par = network('parallel', ['A-B:5:100', 'A-B:5:100', 'A-B:7:100', 'B-C:1:100']);
    const pg = compileTopology(par);
    const r = routeDemands(pg, compileDemands(pg, [{ src: 'A', dst: 'C', rate: 30 }]));
    const fromA = Array.from({ length: pg.offsets[1]! - pg.offsets[0]! }, (_, i) => r.load[pg.offsets[0]! + i]);
    expect(fromA.sort()).toEqual([0, 15, 15]);
  });

  it('reports demands that lose connectivity, and those at a failed node', () => {
    const demands = compileDemands(g, [
      { src: 'A', dst: 'E', rate: 40 },
      { src: 'B', dst: 'A', rate: 5 },
      { src: 'E', dst: 'D', rate: 7 },
    ]);
    const cut = failureMasks(g, [{ kind: 'link', id: 'L4' }]);
    const r = routeDemands(g, demands, cut);
    expect(Array.from(r.unrouted)).toEqual([0, 2]);
    expect(r.unroutedRate).toBe(47);
    const nodeFail = failureMasks(g, [{ kind: 'node', id: 'A' }]);
    const r2 = routeDemands(g, demands, nodeFail);
    expect(Array.from(r2.unrouted)).toEqual([0, 1]);
    expect(r2.load[arc('E', 'D')]).toBe(7);
  });

  it('fails SRLGs as a group and reroutes around them', () => {
    const demands = compileDemands(g, [{ src: 'A', dst: 'D', rate: 10 }]);
    const r = routeDemands(g, demands, failureMasks(g, [{ kind: 'srlg', id: 'duct' }]));
    expect(r.load[arc('A', 'C')]).toBe(10);
    expect(r.load[arc('C', 'D')]).toBe(10);
    expect(r.load[arc('A', 'B')]).toBe(0);
  });

  it('lists equal-cost paths with their shares', () => {
    const paths = ecmpPaths(g, g.nodeIndex.get('A')!, g.nodeIndex.get('E')!);
    expect(paths).toHaveLength(2);
    expect(paths.map((p) => p.share)).toEqual([0.5, 0.5]);
    expect(paths.every((p) => p.cost === 3 && p.arcs.length === 3)).toBe(true);
    const dag = ecmpDag(g, g.nodeIndex.get('D')!);
    const a = g.nodeIndex.get('A')!;
    expect(dag.offsets[a + 1]! - dag.offsets[a]!).toBe(2);
  });

  it('names unknown nodes in demands', () => {
    expect(() => compileDemands(g, [{ src: 'A', dst: 'Z', rate: 1 }])).toThrow(/demands: demand 0 ends at node "Z", which is not in the topology/);
  });
});
