import { describe, expect, it } from 'vitest';
import { compileTopology, findArc } from '../../../src-worker/graph/compact-graph.js';
import { constrainedPath } from '../../../src-worker/routing/constrained-path.js';
import { arcCosts, pathMetrics } from '../../../src-worker/routing/path-cost.js';
import { routerTable, routingTables } from '../../../src-worker/routing/routing-table.js';
import { hopLimitedPath, kShortestPaths, shortestPath } from '../../../src-worker/routing/yen.js';
import { diamond, network } from './small-networks.js';

/**
 *  S ─1─ a ─1─ b ─1─ T      metric S→T: 3 via a,b (3 hops, latency 30 ms)
 *  S ─────2───────── c ─2─ T       4 via c (2 hops, latency 4 ms)
 *  S ─────────10──────────── T     10 direct (1 hop, latency 1 ms)
 */
const ladder = network('ladder', ['S-a:1:100:10', 'a-b:1:100:10', 'b-T:1:100:10', 'S-c:2:100:2', 'c-T:2:100:2', 'S-T:10:100:1', 'a-c:1:100:1'], { ducts: ['L0', 'L3'] });
const g = compileTopology(ladder);
const S = g.nodeIndex.get('S')!;
const T = g.nodeIndex.get('T')!;
const names = (nodes: number[]) => nodes.map((v) => g.nodeIds[v]).join('');

describe('k shortest paths (Yen)', () => {
  it('enumerates loopless paths in cost order', () => {
    const paths = kShortestPaths(g, S, T, { k: 10 });
    expect(paths.map((p) => [names(p.nodes), p.cost])).toEqual([
      ['SabT', 3],
      ['ScT', 4],
      ['SacT', 4],
      ['ScabT', 5],
      ['ST', 10],
    ]);
    const costs = paths.map((p) => p.cost);
    expect(costs).toEqual([...costs].sort((x, y) => x - y));
    expect(new Set(paths.map((p) => names(p.nodes))).size).toBe(paths.length);
    expect(paths.every((p) => new Set(p.nodes).size === p.nodes.length)).toBe(true);
    // Every simple path S→T in this graph: SabT, ScT, SacT, ScabT, ST, SbaT is impossible (no S-b).
    expect(paths.map((p) => names(p.nodes)).sort()).toEqual(['SabT', 'SacT', 'ScT', 'ScabT', 'ST'].sort());
  });

  it('honours a hop cap exactly', () => {
    const two = kShortestPaths(g, S, T, { k: 10, maxHops: 2 });
    expect(two.map((p) => names(p.nodes))).toEqual(['ScT', 'ST']);
    expect(hopLimitedPath(g, S, T, 1, g.metric)!.cost).toBe(10);
    expect(shortestPath(g, S, T, { maxHops: 3 })!.cost).toBe(3);
    expect(kShortestPaths(g, S, T, { k: 3, maxHops: 0 })).toEqual([]);
  });
});

describe('constrained paths', () => {
  it('avoids links, nodes and SRLGs', () => {
    expect(names(constrainedPath(g, S, T, { avoidNodes: ['a'] }).path!.nodes)).toBe('ScT');
    expect(names(constrainedPath(g, S, T, { avoidSrlgs: ['ducts'] }).path!.nodes)).toBe('ST');
    const noAB = constrainedPath(g, S, T, { avoidLinks: ['a:b'] }).path!;
    expect(noAB.cost).toBe(4);
    expect(names(noAB.nodes)).not.toContain('ab');
    const none = constrainedPath(g, S, T, { avoidNodes: ['a', 'c'], avoidLinks: ['L5'] });
    expect(none.path).toBeNull();
    expect(none.reason).toMatch(/no path avoiding/);
  });

  it('finds the cheapest path within a latency bound, or says why there is none', () => {
    const fast = constrainedPath(g, S, T, { maxLatency: 5 });
    expect(names(fast.path!.nodes)).toBe('ScT');
    expect(fast.optimal).toBe(true);
    expect(names(constrainedPath(g, S, T, { maxLatency: 1 }).path!.nodes)).toBe('ST');
    const impossible = constrainedPath(g, S, T, { maxLatency: 0.5 });
    expect(impossible.path).toBeNull();
    expect(impossible.reason).toMatch(/lowest-latency path takes 1\.000 ms, more than the 0\.5 ms allowed/);
  });
});

describe('multi-metric cost', () => {
  it('weights latency, utilisation and loss', () => {
    const lat = arcCosts(g, { latency: 1 });
    expect(names(shortestPath(g, S, T, { weights: lat })!.nodes)).toBe('ST');
    const util = new Float64Array(g.arcCount);
    util[findArc(g, S, T)] = 0.9; // 9 units of queueing pressure on the direct link
    const c = arcCosts(g, { latency: 1, utilisation: 1 }, util);
    expect(c[findArc(g, S, T)]).toBeCloseTo(1 + 9, 9);
    expect(names(shortestPath(g, S, T, { weights: c })!.nodes)).toBe('ScT');
    const m = pathMetrics(g, shortestPath(g, S, T)!.arcs);
    expect(m).toMatchObject({ metric: 3, latency: 30, hops: 3, loss: 0, minCapacity: 100 });
  });
});

describe('routing tables', () => {
  it('gives every router its ECMP next hops and metrics', () => {
    const dg = compileTopology(diamond);
    const tables = routingTables(dg);
    const a = routerTable(dg, tables, dg.nodeIndex.get('A')!);
    const toE = a.find((e) => e.destination === 'E')!;
    expect(toE.metric).toBe(3);
    expect(toE.nextHops.map((h) => h.neighbour).sort()).toEqual(['B', 'C']);
    expect(toE.nextHops.map((h) => h.interface).sort()).toEqual(['A->B', 'A->C']);
    expect(a).toHaveLength(4);
    const e = routerTable(dg, tables, dg.nodeIndex.get('E')!);
    expect(e.every((x) => x.nextHops.length === 1 && x.nextHops[0]!.neighbour === 'D')).toBe(true);
  });
});
