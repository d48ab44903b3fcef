// Topology generators: deterministic per seed, connected, the requested size, and the degree
// structure each model is known for.
import { describe, expect, it } from 'vitest';
import { generateNetwork, GENERATOR_KINDS, type GeneratorSpec } from '../../../src-worker/sim/generate.js';
import { adjacency, componentLabels, type SimNetwork } from '../../../src-worker/sim/network.js';
import { CAPACITY_TIERS_BPS } from '../../../src-worker/sim/link-metrics.js';
import { greatCircleKm } from '../../../src-worker/sim/geo.js';

function degrees(net: SimNetwork): number[] {
  return adjacency(net.nodes.length, net.links).map((a) => a.length);
}

function isConnected(net: SimNetwork): boolean {
  return componentLabels(adjacency(net.nodes.length, net.links)).count === 1;
}

function noDuplicateLinks(net: SimNetwork): boolean {
  const seen = new Set<string>();
  for (const l of net.links) {
    if (l.a === l.b) return false;
    const key = l.a < l.b ? `${l.a}-${l.b}` : `${l.b}-${l.a}`;
    if (seen.has(key)) return false;
    seen.add(key);
  }
  return true;
}

const specs: GeneratorSpec[] = [
  { kind: 'mesh', nodes: 12 },
  { kind: 'ring', nodes: 40 },
  { kind: 'tree', nodes: 100 },
  { kind: 'random', nodes: 300 },
  { kind: 'waxman', nodes: 200 },
  { kind: 'ba', nodes: 500 },
  { kind: 'leaf-spine', nodes: 40 },
  { kind: 'fat-tree', k: 8 },
];

describe('sim generators', () => {
  it('covers every generator kind', () => {
    expect(new Set(specs.map((s) => s.kind))).toEqual(new Set(GENERATOR_KINDS));
  });

  for (const spec of specs) {
    describe(spec.kind, () => {
      const net = generateNetwork(spec, { seed: 42 });
      it('is connected, simple, and the requested size', () => {
        expect(isConnected(net)).toBe(true);
        expect(noDuplicateLinks(net)).toBe(true);
        const expected = spec.kind === 'fat-tree' ? (5 * 8 * 8) / 4 : spec.nodes;
        expect(net.nodes.length).toBe(expected);
      });
      it('is the same for the same seed and different for another', () => {
        expect(generateNetwork(spec, { seed: 42 })).toEqual(net);
        const other = generateNetwork(spec, { seed: 43 });
        expect(JSON.stringify(other)).not.toBe(JSON.stringify(net));
      });
      it('has realistic link metrics', () => {
        for (const l of net.links) {
          expect(CAPACITY_TIERS_BPS).toContain(l.capacityBps);
          expect(l.metric).toBeGreaterThanOrEqual(1);
          expect(Number.isInteger(l.metric)).toBe(true);
          expect(l.loss).toBeGreaterThanOrEqual(0);
          expect(l.loss).toBeLessThan(1e-3);
          const a = net.nodes[l.a]!;
          const b = net.nodes[l.b]!;
          if (!['leaf-spine', 'fat-tree'].includes(spec.kind)) {
            expect(l.distanceKm).toBeCloseTo(greatCircleKm(a.lat, a.lon, b.lat, b.lon), 6);
            expect(l.latencyUs).toBeCloseTo(l.distanceKm * 5 + 20, 6);
          } else {
            expect(l.latencyUs).toBeLessThan(5);
          }
        }
      });
    });
  }

  it('full mesh has n(n-1)/2 links', () => {
    const net = generateNetwork({ kind: 'mesh', nodes: 30 }, { seed: 1 });
    expect(net.links.length).toBe(435);
  });

  it('ring: every node has degree 2', () => {
    const net = generateNetwork({ kind: 'ring', nodes: 57 }, { seed: 9 });
    expect(degrees(net).every((d) => d === 2)).toBe(true);
    expect(net.links.length).toBe(57);
  });

  it('tree: n-1 links, root degree = branching, leaves degree 1', () => {
    const net = generateNetwork({ kind: 'tree', nodes: 121, branching: 3 }, { seed: 2 });
    expect(net.links.length).toBe(120);
    const d = degrees(net);
    expect(d[0]).toBe(3);
    expect(net.nodes.filter((n) => n.role === 'edge').every((n) => d[net.nodes.indexOf(n)] === 1)).toBe(true);
  });

  it('random: mean degree close to the requested one', () => {
    const net = generateNetwork({ kind: 'random', nodes: 2000, meanDegree: 6 }, { seed: 3 });
    const mean = (2 * net.links.length) / net.nodes.length;
    expect(mean).toBeGreaterThan(5.5);
    expect(mean).toBeLessThan(6.5);
  });

  it('waxman: links are shorter than random pairs (geographic preference)', () => {
    const net = generateNetwork({ kind: 'waxman', nodes: 300 }, { seed: 4 });
    const meanLink = net.links.reduce((s, l) => s + l.distanceKm, 0) / net.links.length;
    let pairSum = 0;
    let pairs = 0;
    for (let a = 0; a < net.nodes.length; a += 3) {
      for (let b = a + 1; b < net.nodes.length; b += 7) {
        pairSum += greatCircleKm(net.nodes[a]!.lat, net.nodes[a]!.lon, net.nodes[b]!.lat, net.nodes[b]!.lon);
        pairs++;
      }
    }
    expect(meanLink).toBeLessThan(0.6 * (pairSum / pairs));
    const mean = (2 * net.links.length) / net.nodes.length;
    expect(mean).toBeGreaterThan(3);
    expect(mean).toBeLessThan(5.5);
  });

  it('Barabási–Albert: heavy tail (hubs far above the mean, most nodes at m)', () => {
    const net = generateNetwork({ kind: 'ba', nodes: 3000, m: 2 }, { seed: 5 });
    const d = degrees(net);
    expect(net.links.length).toBe(3 + (3000 - 3) * 2);
    const mean = d.reduce((s, x) => s + x, 0) / d.length;
    expect(Math.max(...d)).toBeGreaterThan(10 * mean);
    expect(Math.min(...d)).toBe(2);
    expect(d.filter((x) => x === 2).length / d.length).toBeGreaterThan(0.35);
    // Compared with an Erdős–Rényi graph of the same mean degree, the maximum is far larger.
    const er = degrees(generateNetwork({ kind: 'random', nodes: 3000, meanDegree: mean }, { seed: 5 }));
    expect(Math.max(...d)).toBeGreaterThan(4 * Math.max(...er));
  });

  it('leaf-spine: complete bipartite between spines and leaves', () => {
    const net = generateNetwork({ kind: 'leaf-spine', nodes: 68, spines: 4 }, { seed: 6 });
    const spines = net.nodes.filter((n) => n.role === 'spine').length;
    const leaves = net.nodes.filter((n) => n.role === 'leaf').length;
    expect(spines).toBe(4);
    expect(leaves).toBe(64);
    expect(net.links.length).toBe(spines * leaves);
    for (const l of net.links) expect(net.nodes[l.a]!.role).not.toBe(net.nodes[l.b]!.role);
    expect(net.nodes.filter((n) => n.originates).every((n) => n.role === 'leaf')).toBe(true);
  });

  it('fat-tree: 5k²/4 switches, every switch has k ports', () => {
    for (const k of [4, 6, 8]) {
      const net = generateNetwork({ kind: 'fat-tree', k }, { seed: 7 });
      expect(net.nodes.length).toBe((5 * k * k) / 4);
      const d = degrees(net);
      for (let v = 0; v < net.nodes.length; v++) {
        expect(d[v]).toBe(net.nodes[v]!.role === 'edge' ? k / 2 : k);
      }
    }
    expect(generateNetwork({ kind: 'fat-tree', nodes: 80 }, { seed: 1 }).nodes.length).toBe(80);
  });

  it('rejects impossible sizes with a clear error', () => {
    expect(() => generateNetwork({ kind: 'ring', nodes: 2 }, { seed: 1 })).toThrow(/^sim: ring needs/);
    expect(() => generateNetwork({ kind: 'fat-tree', k: 5 }, { seed: 1 })).toThrow(/even/);
    expect(() => generateNetwork({ kind: 'waxman', nodes: 10, region: 'mars' }, { seed: 1 })).toThrow(/unknown region/);
  });
});
