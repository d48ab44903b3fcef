import { describe, expect, it } from 'vitest';
import { buildCompactGraph, compileTopology, findArc } from '../../../src-worker/graph/compact-graph.js';
import { dijkstra, pathArcs, SpfWorkspace } from '../../../src-worker/routing/dijkstra.js';
import { diamond } from './small-networks.js';

/** Bellman–Ford as an independent oracle for random graphs. */
function bellmanFord(n: number, tail: number[], head: number[], w: number[], s: number): Float64Array {
  const d = new Float64Array(n).fill(Infinity);
  d[s] = 0;
  for (let k = 0; k < n; k++) {
    let changed = false;
    for (let a = 0; a < tail.length; a++) {
      if (d[tail[a]!]! + w[a]! < d[head[a]!]!) { d[head[a]!] = d[tail[a]!]! + w[a]!; changed = true; }
    }
    if (!changed) break;
  }
  return d;
}

function randomGraph(seed: number, n: number, m: number) {
  let x = seed;
  const rnd = () => ((x = (x * 1103515245 + 12345) >>> 0), x / 2 ** 32);
  const tail: number[] = [];
  const head: number[] = [];
  const w: number[] = [];
  for (let i = 0; i < m; i++) {
    tail.push(Math.floor(rnd() * n));
    head.push(Math.floor(rnd() * n));
    w.push(1 + Math.floor(rnd() * 20));
  }
  return { tail, head, w };
}

describe('dijkstra', () => {
  it('matches Bellman–Ford on random graphs, forwards and reversed', () => {
    const ws = new SpfWorkspace(200);
    for (let seed = 1; seed <= 20; seed++) {
      const n = 50 + seed * 5;
      const { tail, head, w } = randomGraph(seed, n, n * 3);
      const g = buildCompactGraph({ nodeCount: n, tail, head, metric: w });
      const out = dijkstra(g, 0, {}, ws);
      expect(Array.from(out.dist)).toEqual(Array.from(bellmanFord(n, tail, head, w, 0)));
      const rin = dijkstra(g, 0, { direction: 'in' }, ws);
      expect(Array.from(rin.dist)).toEqual(Array.from(bellmanFord(n, head, tail, w, 0)));
      // Tree paths are real paths whose metric sums to the distance.
      for (let v = 0; v < n; v++) {
        if (out.dist[v] === Infinity || v === 0) continue;
        const arcs = pathArcs(g, out, v);
        expect(g.tail[arcs[0]!]).toBe(0);
        expect(g.head[arcs.at(-1)!]).toBe(v);
        expect(arcs.reduce((s, a) => s + g.metric[a]!, 0)).toBe(out.dist[v]);
      }
    }
  });

  it('settles nodes in non-decreasing distance and stops at the target', () => {
    const g = compileTopology(diamond);
    const a = g.nodeIndex.get('A')!;
    const r = dijkstra(g, a);
    const d = Array.from(r.order.subarray(0, r.settled), (v) => r.dist[v]!);
    expect(d).toEqual([...d].sort((x, y) => x - y));
    expect(r.settled).toBe(5);
    const early = dijkstra(g, a, { target: g.nodeIndex.get('B')! });
    expect(early.settled).toBeLessThan(5);
    expect(early.dist[g.nodeIndex.get('B')!]).toBe(1);
  });

  it('honours arc and node masks', () => {
    const g = compileTopology(diamond);
    const [A, B, C, D, E] = ['A', 'B', 'C', 'D', 'E'].map((id) => g.nodeIndex.get(id)!);
    const arcDown = new Uint8Array(g.arcCount);
    arcDown[findArc(g, D!, E!)] = 1;
    expect(dijkstra(g, A!, { arcDown }).dist[E!]).toBe(Infinity);
    const nodeDown = new Uint8Array(g.nodeCount);
    nodeDown[B!] = 1;
    nodeDown[C!] = 1;
    expect(dijkstra(g, A!, { nodeDown }).dist[D!]).toBe(Infinity);
    nodeDown[C!] = 0;
    const r = dijkstra(g, A!, { nodeDown });
    expect(r.dist[E!]).toBe(3);
    expect(pathArcs(g, r, E!).map((a) => g.nodeIds[g.head[a]!])).toEqual(['C', 'D', 'E']);
  });

  it('rejects a source outside the graph', () => {
    const g = compileTopology(diamond);
    expect(() => dijkstra(g, 99)).toThrow(/^dijkstra: source node 99/);
  });
});
