import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileTopology } from '../../../src-worker/graph/compact-graph.js';
import { importRepetitaDemands, importRepetitaGraph } from '../../../src-worker/graph/repetita.js';
import { compileDemands } from '../../../src-worker/routing/demand-set.js';
import { ecmpPaths, routeDemands } from '../../../src-worker/routing/ecmp.js';
import { failureMasks } from '../../../src-worker/routing/failures.js';
import { parseWhatIfChange, WhatIfEngine, type WhatIfResult } from '../../../src-worker/routing/whatif.js';
import { sharedPath, sharedPresent } from '../../support/shared-data.js';
import { diamond } from './small-networks.js';

const demands = [
  { id: 'AE', src: 'A', dst: 'E', rate: 40 },
  { id: 'BE', src: 'B', dst: 'E', rate: 10 },
  { id: 'EA', src: 'E', dst: 'A', rate: 4 },
];
const engine = WhatIfEngine.create(diamond, demands);
const load = (r: WhatIfResult, from: string, to: string) => r.links.find((l) => l.from === from && l.to === to)!;
const run = (...changes: string[]) => engine.run(changes.map(parseWhatIfChange));

describe('what-if on the diamond', () => {
  it('link failure: traffic moves to the surviving path; only the demands that crossed it change', () => {
    const r = run('fail:link:A:B');
    expect([load(r, 'A', 'B').loadBefore, load(r, 'A', 'B').loadAfter, load(r, 'A', 'B').down]).toEqual([20, 0, true]);
    expect([load(r, 'A', 'C').loadBefore, load(r, 'A', 'C').loadAfter]).toEqual([20, 40]);
    expect([load(r, 'C', 'D').loadAfter, load(r, 'B', 'D').loadAfter]).toEqual([40, 10]);
    expect(load(r, 'C', 'A').loadAfter).toBe(4);
    expect(r.changedPathCount).toBe(2);
    expect(r.changedPaths.map((p) => p.demand)).toEqual(['AE', 'EA']);
    expect(r.changedPaths[0]!.before.map((p) => p.nodes.join(''))).toEqual(['ABDE', 'ACDE']);
    expect(r.changedPaths[0]!.after).toEqual([{ nodes: ['A', 'C', 'D', 'E'], share: 1 }]);
    expect(r.lostDemands).toEqual([]);
    expect([r.before.mlu, r.after.mlu]).toEqual([1, 1]);
  });

  it('metric change: a heavier link stops attracting traffic, and reverse traffic finds a detour', () => {
    const r = run('metric:A:B=5');
    expect(load(r, 'A', 'B').loadAfter).toBe(0);
    expect(load(r, 'A', 'C').loadAfter).toBe(40);
    expect(r.changedPathCount).toBe(2);
    const oneWay = run('metric:A:B:ab=5');
    expect(load(oneWay, 'A', 'B').loadAfter).toBe(0);
    expect(load(oneWay, 'B', 'A').loadAfter).toBe(2); // E→A still splits over B and C
    expect(oneWay.changedPathCount).toBe(1);
  });

  it('capacity change re-colours links without moving traffic', () => {
    const r = run('capacity:D:E=100');
    expect(r.changedPathCount).toBe(0);
    expect(r.reroutedDestinations).toBe(0);
    expect([r.before.mlu, r.after.mlu]).toEqual([1, 0.5]);
    expect(load(r, 'D', 'E').utilisationAfter).toBe(0.5);
    expect(load(r, 'E', 'D').capacityAfter).toBe(100);
  });

  it('an added link takes the traffic it shortcuts', () => {
    const r = run('add-link:A:E:1:100');
    // B→E now ties: B–D–E and B–A–E both cost 2, so B's 10 split 5/5.
    expect(load(r, 'A', 'E').loadAfter).toBe(45);
    expect(load(r, 'A', 'E').loadBefore).toBe(0);
    expect(load(r, 'D', 'E').loadAfter).toBe(5);
    expect(load(r, 'E', 'A').loadAfter).toBe(4);
    expect(r.changedPaths.map((p) => p.demand).sort()).toEqual(['AE', 'BE', 'EA']);
    expect(r.after.mlu).toBeCloseTo(0.45, 12);
  });

  it('scaling demands scales loads (all, or one pair)', () => {
    const r = run('scale:2');
    expect(load(r, 'D', 'E').loadAfter).toBe(100);
    expect(r.after.mlu).toBe(2);
    expect(r.changedPathCount).toBe(0);
    const one = run('scale:B>E=3');
    expect(load(one, 'D', 'E').loadAfter).toBe(70);
    expect(load(one, 'A', 'B').loadAfter).toBe(20);
  });

  it('node and SRLG failures: lost demands are listed with their rate', () => {
    const r = run('node:D');
    expect(r.lostDemands.map((d) => d.demand).sort()).toEqual(['AE', 'BE', 'EA']);
    expect(r.lostRate).toBe(54);
    expect(r.after.unroutedRate).toBe(54);
    expect(r.links.every((l) => l.loadAfter === 0)).toBe(true);
    const s = run('srlg:duct');
    expect([load(s, 'A', 'C').loadAfter, load(s, 'C', 'D').loadAfter, load(s, 'B', 'D').loadAfter]).toEqual([40, 40, 0]);
    expect(s.lostDemands).toHaveLength(1); // B is cut off from D: B→E is lost
    expect(s.lostDemands[0]!.demand).toBe('BE');
  });

  it('rejects what it cannot read, naming it', () => {
    expect(() => parseWhatIfChange('metric:A:B')).toThrow(/whatif: "metric:A:B" needs =VALUE/);
    expect(() => run('fail:link:A:Z')).toThrow(/failures: no node "Z"/);
    expect(() => run('metric:A:B=-1')).toThrow(/whatif: metric -1 for link A:B must be a positive number/);
    expect(() => parseWhatIfChange('explode:A')).toThrow(/whatif: cannot read "explode:A"/);
  });
});

describe.skipIf(!sharedPresent)('incremental what-ifs equal a full re-route (REPETITA Cogentco)', () => {
  it('for random failures and metric changes', () => {
    const name = 'Cogentco';
    const t = importRepetitaGraph(readFileSync(sharedPath('data/repetita', `${name}.graph`), 'utf8'), name).topology;
    const d = importRepetitaDemands(readFileSync(sharedPath('data/repetita', `${name}.0000.demands`), 'utf8'), t.nodes.map((n) => n.id));
    const e = WhatIfEngine.create(t, d);
    const g = compileTopology(t);
    const set = compileDemands(g, d);
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) >>> 0), seed % n);
    for (let i = 0; i < 12; i++) {
      const link = t.links[rnd(t.links.length)]!;
      const node = t.nodes[rnd(t.nodes.length)]!;
      const metric = 1 + rnd(50);
      const r = e.run([parseWhatIfChange(`link:${link.id}`), parseWhatIfChange(`metric:${t.links[rnd(t.links.length)]!.id}=${metric}`), ...(i % 3 === 0 ? [parseWhatIfChange(`node:${node.id}`)] : [])]);
      expect(r.reroutedDestinations).toBeLessThanOrEqual(r.destinations);
      // Full re-route with the same changes.
      const weights = Float64Array.from(g.metric);
      const metricLink = r.changes[1]!.match(/metric of (\S+)/)![1]!;
      for (let a = 0; a < g.arcCount; a++) if (g.linkIds[g.linkOf[a]!] === metricLink) weights[a] = metric;
      const masks = failureMasks(g, [{ kind: 'link', id: link.id }, ...(i % 3 === 0 ? [{ kind: 'node' as const, id: node.id }] : [])]);
      const full = routeDemands(g, set, { weights, arcDown: masks.arcDown, nodeDown: masks.nodeDown });
      expect(r.after.unroutedRate).toBeCloseTo(full.unroutedRate, 3);
      for (const l of r.links) {
        const a = Array.from({ length: g.arcCount }, (_, k) => k).find((k) => g.linkIds[g.linkOf[k]!] === l.link && g.nodeIds[g.tail[k]!] === l.from)!;
        expect(l.loadAfter).toBeCloseTo(full.load[a]!, 3);
      }
    }
  });
});

describe.skipIf(!sharedPresent)('changed paths equal a brute-force comparison (REPETITA Abilene, Geant2012)', () => {
  for (const name of ['Abilene', 'Geant2012']) {
    it(name, () => {
      const t = importRepetitaGraph(readFileSync(sharedPath('data/repetita', `${name}.graph`), 'utf8'), name).topology;
      const d = importRepetitaDemands(readFileSync(sharedPath('data/repetita', `${name}.0000.demands`), 'utf8'), t.nodes.map((n) => n.id));
      const e = WhatIfEngine.create(t, d);
      const g = compileTopology(t);
      const key = (paths: { arcs: number[] }[]) => paths.map((p) => p.arcs.join(',')).sort().join('|');
      for (const change of [`link:${t.links[3]!.id}`, `node:${t.nodes[5]!.id}`, `metric:${t.links[7]!.id}=100`, `metric:${t.links[9]!.id}=1`]) {
        const r = e.run([parseWhatIfChange(change)], { detail: Infinity });
        const masks = failureMasks(g, change.startsWith('link') ? [{ kind: 'link', id: change.slice(5) }] : change.startsWith('node') ? [{ kind: 'node', id: change.slice(5) }] : []);
        const weights = Float64Array.from(g.metric);
        if (change.startsWith('metric')) {
          const [id, value] = change.slice(7).split('=');
          for (let a = 0; a < g.arcCount; a++) if (g.linkIds[g.linkOf[a]!] === id) weights[a] = Number(value);
        }
        const expected = new Set<string>();
        d.forEach((dem, i) => {
          const s = g.nodeIndex.get(dem.src)!;
          const tt = g.nodeIndex.get(dem.dst)!;
          if (s === tt || masks.nodeDown[s] || masks.nodeDown[tt]) return;
          const before = key(ecmpPaths(g, s, tt, {}, 1e6));
          const after = key(ecmpPaths(g, s, tt, { weights, arcDown: masks.arcDown, nodeDown: masks.nodeDown }, 1e6));
          if (after !== '' && before !== after) expected.add(dem.id ?? `demand ${i}`);
        });
        expect(new Set(r.changedPaths.map((p) => p.demand)), change).toEqual(expected);
        expect(r.changedPathCount).toBe(expected.size);
      }
    });
  }
});

describe.skipIf(!sharedPresent)('an added link re-routes only the destinations it can attract, and equals a full re-route', () => {
  for (const name of ['Abilene', 'Cogentco']) {
    it(name, () => {
      const t = importRepetitaGraph(readFileSync(sharedPath('data/repetita', `${name}.graph`), 'utf8'), name).topology;
      const d = importRepetitaDemands(readFileSync(sharedPath('data/repetita', `${name}.0000.demands`), 'utf8'), t.nodes.map((n) => n.id));
      const e = WhatIfEngine.create(t, d);
      let seed = 11;
      const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) >>> 0), seed % n);
      let partial = 0;
      for (let i = 0; i < 8; i++) {
        const a = t.nodes[rnd(t.nodes.length)]!.id;
        let b = t.nodes[rnd(t.nodes.length)]!.id;
        if (b === a) b = t.nodes[(t.nodes.findIndex((n) => n.id === a) + 1) % t.nodes.length]!.id;
        // Heavy metrics attract little, light ones much: both the skip and the re-route paths.
        const metric = i % 2 ? 1 : 1 + rnd(20_000);
        // A parallel twin of an existing link ties with it everywhere: ECMP splits, no distance changes.
        const twin = t.links[rnd(t.links.length)]!;
        const change = i === 2 ? `add-link:${twin.a}:${twin.b}:${twin.ab.metric}:10G` : `add-link:${a}:${b}:${metric}:10G`;
        const r = e.run([parseWhatIfChange(change)], { detail: Infinity });
        if (r.reroutedDestinations < r.destinations) partial++;
        const grown = { ...t, links: [...t.links, parseWhatIfChange(change).kind === 'add-link' ? (parseWhatIfChange(change) as { link: (typeof t.links)[number] }).link : t.links[0]!] };
        const ng = compileTopology(grown);
        const full = routeDemands(ng, compileDemands(ng, d));
        expect(r.after.unroutedRate, change).toBeCloseTo(full.unroutedRate, 3);
        for (const l of r.links) {
          const arc = Array.from({ length: ng.arcCount }, (_, k) => k).find((k) => ng.linkIds[ng.linkOf[k]!] === l.link && ng.nodeIds[ng.tail[k]!] === l.from)!;
          expect(l.loadAfter, `${change} ${l.link} ${l.from}`).toBeCloseTo(full.load[arc]!, 3);
        }
        // Changed paths against a brute-force comparison on the small network.
        if (name === 'Abilene') {
          const g = compileTopology(t);
          const key = (paths: { arcs: number[] }[], graph: typeof g) => paths.map((p) => p.arcs.map((x) => `${graph.linkIds[graph.linkOf[x]!]}:${graph.nodeIds[graph.tail[x]!]}`).join(',')).sort().join('|');
          const expected = new Set<string>();
          d.forEach((dem, k) => {
            const s = g.nodeIndex.get(dem.src)!;
            const tt = g.nodeIndex.get(dem.dst)!;
            if (s === tt) return;
            const before = key(ecmpPaths(g, s, tt, {}, 1e6), g);
            const after = key(ecmpPaths(ng, ng.nodeIndex.get(dem.src)!, ng.nodeIndex.get(dem.dst)!, {}, 1e6), ng);
            if (after !== '' && before !== after) expected.add(dem.id ?? `demand ${k}`);
          });
          expect(new Set(r.changedPaths.map((p) => p.demand)), change).toEqual(expected);
        }
      }
      // Some added links leave destinations untouched (that is the point of the incremental path).
      expect(partial).toBeGreaterThan(0);
    });
  }
});
