import { describe, expect, it } from 'vitest';
import { parseAddress } from '../../../src-worker/flow/address.js';
import { createFlowBatch } from '../../../src-worker/flow/record.js';
import { FlowTopologyLearner } from '../../../src-worker/graph/flow-topology.js';
import { compileTopology } from '../../../src-worker/graph/compact-graph.js';

function batch(rows: [string, number | null, string | null, number, number][]) {
  const b = createFlowBatch(rows.length);
  rows.forEach(([exporter, outIf, nextHop, bytes, sampling], i) => {
    b.exporter.set(parseAddress(exporter), i * 16);
    if (nextHop) b.next_hop.set(parseAddress(nextHop), i * 16);
    b.out_if[i] = outIf ?? NaN;
    b.bytes[i] = bytes;
    b.sampling_rate[i] = sampling;
  });
  b.length = rows.length;
  return b;
}

describe('topology learned from flow exporters', () => {
  it('links exporters whose next hops are each other, pairs directions, marks edges', () => {
    const learner = new FlowTopologyLearner({ '10.0.0.3': ['10.1.1.3'] });
    learner.observe(
      batch([
        ['10.0.0.1', 2, '10.0.0.2', 1000, 1],
        ['10.0.0.2', 5, '10.0.0.1', 500, 10],
        ['10.0.0.2', 6, '10.0.0.3', 300, 1],
        ['10.0.0.2', 7, '10.1.1.3', 200, 1],
        ['10.0.0.3', 1, '192.0.2.99', 50, 1],
        ['10.0.0.1', null, null, 10, 1],
      ]),
    );
    const { topology, observedBytes, externalNextHops } = learner.topology('lab');
    expect(topology.nodes.map((n) => [n.id, n.role ?? ''])).toEqual([
      ['10.0.0.1', ''],
      ['10.0.0.2', ''],
      ['10.0.0.3', 'edge'],
    ]);
    expect(topology.links.map((l) => [l.a, l.b, l.ab.interface, l.ba?.interface ?? null])).toEqual([
      ['10.0.0.1', '10.0.0.2', 'ifIndex 2', 'ifIndex 5'],
      ['10.0.0.2', '10.0.0.3', 'ifIndex 6', null],
      ['10.0.0.2', '10.0.0.3', 'ifIndex 7', null],
    ]);
    expect(observedBytes[`${topology.links[0]!.id}:ba`]).toBe(5000);
    expect(externalNextHops).toEqual({ '10.0.0.3': 50 });
    // It is a routable topology.
    expect(compileTopology(topology).arcCount).toBe(4);
  });
});
