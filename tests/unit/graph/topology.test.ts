import { describe, expect, it } from 'vitest';
import { compileTopology, linkArcs } from '../../../src-worker/graph/compact-graph.js';
import { assertValidTopology, linkDirection, validateTopology, type Topology } from '../../../src-worker/graph/topology.js';
import { diamond } from '../routing/small-networks.js';

describe('topology', () => {
  it('compiles links into CSR arcs, both directions, with per-direction attributes', () => {
    const t: Topology = {
      name: 'two',
      nodes: [{ id: 'r1', name: 'r1' }, { id: 'r2', name: 'r2' }, { id: 'r3', name: 'r3' }],
      links: [
        { id: 'x', a: 'r2', b: 'r1', ab: linkDirection({ capacity: 10e9, metric: 10, interface: 'et-0/0/0' }), ba: linkDirection({ capacity: 1e9, metric: 20 }), srlgs: ['s1'] },
        { id: 'y', a: 'r1', b: 'r3', ab: linkDirection({ capacity: 1e9, metric: 5 }), ba: null, srlgs: [] },
      ],
    };
    const g = compileTopology(t);
    expect(g.nodeCount).toBe(3);
    expect(g.arcCount).toBe(3);
    // Out-arcs of r1 (index 0) come first and are contiguous.
    expect(Array.from(g.offsets)).toEqual([0, 2, 3, 3]);
    const [ab, ba] = linkArcs(g, 0);
    expect([g.nodeIds[g.tail[ab!]!], g.nodeIds[g.head[ab!]!], g.metric[ab!], g.capacity[ab!], g.arcInterface[ab!]]).toEqual(['r2', 'r1', 10, 10e9, 'et-0/0/0']);
    expect([g.nodeIds[g.tail[ba!]!], g.metric[ba!], g.capacity[ba!]]).toEqual(['r1', 20, 1e9]);
    expect(g.reverseArc[ab!]).toBe(ba);
    expect(linkArcs(g, 1)).toHaveLength(1);
    expect(g.srlgLinks.get('s1')).toEqual([0]);
    // In-arcs of r1: only the r2→r1 arc.
    expect(Array.from(g.inArcs.subarray(g.inOffsets[0]!, g.inOffsets[1]!))).toEqual([ab]);
  });

  it('finds every problem at once: duplicates, dangling ends, negative capacity, bad metric', () => {
    const bad: Topology = {
      name: 'bad',
      nodes: [{ id: 'a', name: 'a' }, { id: 'a', name: 'a again' }, { id: 'b', name: 'b' }],
      links: [
        { id: 'l1', a: 'a', b: 'zz', ab: linkDirection(), ba: linkDirection(), srlgs: [] },
        { id: 'l1', a: 'a', b: 'b', ab: linkDirection({ capacity: -5 }), ba: linkDirection({ metric: 0 }), srlgs: [] },
      ],
    };
    const issues = validateTopology(bad, { file: 'bad.json', node: new Map([['a', 3]]), link: new Map([['l1', 9]]) });
    const text = issues.map((i) => i.message);
    expect(text).toContain('duplicate node id "a"');
    expect(text).toContain('link "l1" refers to node "zz", which is not declared');
    expect(text).toContain('duplicate link id "l1"');
    expect(text.some((m) => /capacity -5; it must be ≥ 0/.test(m))).toBe(true);
    expect(text.some((m) => /metric 0; it must be a positive number/.test(m))).toBe(true);
    expect(() => assertValidTopology(bad, 'json', { file: 'bad.json', link: new Map([['l1', 9]]) })).toThrow(/^json: bad\.json:9: link "l1" refers to node "zz"/m);
  });

  it('accepts the hand-made networks', () => {
    expect(validateTopology(diamond)).toEqual([]);
  });
});
