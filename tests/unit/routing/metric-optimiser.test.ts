import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileTopology } from '../../../src-worker/graph/compact-graph.js';
import { importRepetitaDemands, importRepetitaGraph } from '../../../src-worker/graph/repetita.js';
import type { Topology } from '../../../src-worker/graph/topology.js';
import { compileDemands } from '../../../src-worker/routing/demand-set.js';
import { routeDemands } from '../../../src-worker/routing/ecmp.js';
import { linkCost, networkCost } from '../../../src-worker/routing/fortz-thorup.js';
import { optimiseMetrics, type MetricChange } from '../../../src-worker/routing/metric-optimiser.js';
import { sharedPath, sharedPresent } from '../../support/shared-data.js';
import { network } from './small-networks.js';

/** The topology with the optimiser's changes applied. */
function apply(t: Topology, changes: MetricChange[]): Topology {
  return {
    ...t,
    links: t.links.map((l) => {
      const c = changes.find((x) => x.link === l.id);
      if (!c) return l;
      return { ...l, ab: c.direction !== 'ba' ? { ...l.ab, metric: c.after } : l.ab, ba: l.ba && c.direction !== 'ab' ? { ...l.ba, metric: c.after } : l.ba };
    }),
  };
}

function mluOf(t: Topology, demands: { src: string; dst: string; rate: number }[]): number {
  const g = compileTopology(t);
  return routeDemands(g, compileDemands(g, demands)).mlu;
}

describe('Fortz–Thorup cost', () => {
  it('is piecewise linear with slopes 1, 3, 10, 70, 500, 5000', () => {
    expect(linkCost(30, 90)).toBeCloseTo(30, 9);
    expect(linkCost(60, 90)).toBeCloseTo(30 + 3 * 30, 9);
    expect(linkCost(90, 90)).toBeCloseTo(30 + 90 + 10 * 21 + 70 * 9, 9);
    expect(linkCost(100, 90)).toBeCloseTo(30 + 90 + 210 + 630 + 500 * 9 + 5000 * 1, 9);
    expect(linkCost(10, 0)).toBe(0);
    expect(networkCost([30, 60], [90, 90])).toBeCloseTo(30 + 120, 9);
  });
});

describe('metric optimisation', () => {
  it('finds the single change that makes the two paths tie (hand-derivable)', () => {
    // A→B direct (metric 1) or via C (1 + 1); 15 on 10-capacity links: all on the direct link.
    const t = network('triangle', ['A-B:1:10', 'A-C:1:10', 'C-B:1:10']);
    const demands = [{ src: 'A', dst: 'B', rate: 15 }];
    const r = optimiseMetrics(t, demands, { seconds: 0.5 });
    expect(r.before.mlu).toBe(1.5);
    expect(r.after.mlu).toBe(0.75);
    expect(r.changes).toEqual([{ link: 'L0', from: 'A', to: 'B', direction: 'both', before: 1, after: 2, mluAfter: 0.75 }]);
    expect(mluOf(apply(t, r.changes), demands)).toBe(0.75);
  });

  it('returns no changes when nothing helps', () => {
    const t = network('line', ['A-B:1:10', 'B-C:1:10']);
    const r = optimiseMetrics(t, [{ src: 'A', dst: 'C', rate: 5 }], { seconds: 0.3 });
    expect(r.changes).toEqual([]);
    expect(r.after).toEqual(r.before);
  });

  it('stops when cancelled', () => {
    const t = network('triangle', ['A-B:1:10', 'A-C:1:10', 'C-B:1:10']);
    const r = optimiseMetrics(t, [{ src: 'A', dst: 'B', rate: 15 }], { seconds: 30, cancelled: () => true });
    expect(r.stoppedBy).toBe('cancelled');
    expect(r.elapsedMs).toBeLessThan(5000);
  });

  describe.skipIf(!sharedPresent)('on REPETITA networks', () => {
    for (const name of ['Abilene', 'Geant2012']) {
      it(`${name}: never worse, and the reported MLU is what the changes give`, () => {
        const t = importRepetitaGraph(readFileSync(sharedPath('data/repetita', `${name}.graph`), 'utf8'), name).topology;
        const d = importRepetitaDemands(readFileSync(sharedPath('data/repetita', `${name}.0000.demands`), 'utf8'), t.nodes.map((n) => n.id));
        const r = optimiseMetrics(t, d, { seconds: 1.5 });
        expect(r.after.mlu).toBeLessThanOrEqual(r.before.mlu);
        expect(r.before.mlu).toBeCloseTo(mluOf(t, d), 9);
        expect(r.after.mlu).toBeCloseTo(mluOf(apply(t, r.changes), d), 9);
        if (r.changes.length) expect(r.changes.at(-1)!.mluAfter).toBeCloseTo(r.after.mlu, 9);
        // Fewest changes first: each prefix is a valid plan whose MLU is as reported.
        for (let k = 1; k < r.changes.length; k++) expect(mluOf(apply(t, r.changes.slice(0, k)), d)).toBeCloseTo(r.changes[k - 1]!.mluAfter, 9);
      });
    }
    it('Abilene robust: the worst single-failure MLU never gets worse', () => {
      const t = importRepetitaGraph(readFileSync(sharedPath('data/repetita', 'Abilene.graph'), 'utf8'), 'Abilene').topology;
      const d = importRepetitaDemands(readFileSync(sharedPath('data/repetita', 'Abilene.0000.demands'), 'utf8'), t.nodes.map((n) => n.id));
      const r = optimiseMetrics(t, d, { seconds: 1.5, robust: true });
      expect(r.after.worstFailureMlu).toBeLessThanOrEqual(r.before.worstFailureMlu!);
      expect(r.before.worstFailureMlu).toBeGreaterThanOrEqual(r.before.mlu);
    });
  });
});
