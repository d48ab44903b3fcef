// Paths on a changed network (routing.route with `changes`): a failed link or node is avoided, a
// metric change moves the shortest path (the same way the what-if engine routes the demand),
// an added link is usable, and capacity changes move nothing.
import { describe, expect, it } from 'vitest';
import type { Topology } from '../../../src-worker/graph/topology.js';
import { routeParamsWithChanges } from '../../../src-worker/routing/route-changes.js';
import { routeQuery } from '../../../src-worker/routing/routing-jobs.js';
import { WhatIfEngine, parseWhatIfChange } from '../../../src-worker/routing/whatif.js';

const dir = (metric: number) => ({ metric, capacity: 1e9, latency: 1 });
// a–b–d (cost 2) and a–c–d (cost 4): the short way is via b.
const square: Topology = {
  name: 'square',
  nodes: ['a', 'b', 'c', 'd'].map((id) => ({ id, name: id.toUpperCase() })),
  links: [
    { id: 'ab', a: 'a', b: 'b', ab: dir(1), ba: dir(1), srlgs: ['duct'] },
    { id: 'bd', a: 'b', b: 'd', ab: dir(1), ba: dir(1), srlgs: [] },
    { id: 'ac', a: 'a', b: 'c', ab: dir(2), ba: dir(2), srlgs: [] },
    { id: 'cd', a: 'c', b: 'd', ab: dir(2), ba: dir(2), srlgs: [] },
  ],
} as Topology;

const best = (changes: string[]) => routeQuery(routeParamsWithChanges({ topology: square, from: 'a', to: 'd', k: 1 }, changes)).paths[0];

describe('routes on a changed network', () => {
  it('routes the short way with no change, and around a failed link, node or SRLG', () => {
    expect(best([])!.links).toEqual(['ab', 'bd']);
    expect(best(['fail:link:bd'])!.links).toEqual(['ac', 'cd']);
    expect(best(['fail:link:b:d'])!.links).toEqual(['ac', 'cd']);
    expect(best(['node:b'])!.links).toEqual(['ac', 'cd']);
    expect(best(['fail:srlg:duct'])!.links).toEqual(['ac', 'cd']);
    expect(best(['fail:link:ab', 'fail:link:cd'])).toBeUndefined();
  });

  it('moves the path with a metric change as the what-if engine moves the demand', () => {
    const changes = ['metric:ab=10'];
    const path = best(changes)!;
    expect(path.links).toEqual(['ac', 'cd']);
    expect(path.cost).toBe(4);
    const engine = WhatIfEngine.create(square, [{ id: 'a-d', src: 'a', dst: 'd', rate: 1e6 }] as never);
    const r = engine.run(changes.map(parseWhatIfChange), { detail: 10 });
    expect(r.changedPaths[0]!.after.map((p) => p.nodes)).toEqual([path.nodes]);
    // One direction only: a→b heavier moves a→d, leaves d→a alone.
    const back = routeQuery(routeParamsWithChanges({ topology: square, from: 'd', to: 'a', k: 1 }, ['metric:a:b:ab=10'])).paths[0]!;
    expect(back.links).toEqual(['bd', 'ab']);
    expect(square.links[0]!.ab.metric).toBe(1); // the caller's topology is not changed
  });

  it('uses an added link, ignores capacity and scaling, and names a bad change', () => {
    expect(best(['add-link:a:d:1:10G'])!.nodes).toEqual(['a', 'd']);
    expect(best(['capacity:ab=1M', 'scale:3'])!.links).toEqual(['ab', 'bd']);
    expect(() => best(['metric:ab'])).toThrow(/whatif: "metric:ab" needs =VALUE/);
    expect(() => best(['fail:link:zz'])).toThrow(/no link "zz"/);
  });
});
