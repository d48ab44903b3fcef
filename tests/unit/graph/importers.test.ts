import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importContainerlab } from '../../../src-worker/graph/containerlab.js';
import { importGraphml } from '../../../src-worker/graph/graphml.js';
import { formatLinkSpeed, parseLinkSpeed } from '../../../src-worker/graph/link-speed.js';
import { importRepetitaDemands, importRepetitaGraph } from '../../../src-worker/graph/repetita.js';
import { exportTopologyJson, importTopologyJson } from '../../../src-worker/graph/topology-json.js';
import { detectTopologyFormat, importDemandsText, importTopologyText } from '../../../src-worker/graph/topology-import.js';
import { sharedMissingReason, sharedPath, sharedPresent } from '../../support/shared-data.js';
import { diamond } from '../routing/small-networks.js';

describe('link speeds', () => {
  it.each([
    ['2.5 Gbps', 2.5e9],
    ['45 Mbps DS-3', 45e6],
    ['1Gb/s', 1e9],
    ['2x10Gb/s', 20e9],
    ['1-20Gbps', 1e9],
    ['<= 10 Mbps', 10e6],
    ['155M', 155e6],
    ['OC192/STM64', 192 * 51.84e6],
    ['STM-1', 155.52e6],
    ['1GE Primary Link', 1e9],
    ['10 Gbit/s', 10e9],
    ['Peering, 1 Gbps', 1e9],
    ['400000000', 400e6],
  ])('reads "%s"', (text, bps) => {
    expect(parseLinkSpeed(text)).toBeCloseTo(bps, 0);
  });
  it.each(['Green Link', 'Completion 2007-2008', 'fiber', 'large', '10 miles'])('finds no speed in "%s"', (text) => {
    expect(parseLinkSpeed(text)).toBeNull();
  });
  it('formats speeds', () => expect([formatLinkSpeed(10e9), formatLinkSpeed(2.5e9), formatLinkSpeed(155e6)]).toEqual(['10G', '2.5G', '155M']));
});

const GRAPHML_HEAD = `<?xml version="1.0"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
  <key attr.name="label" attr.type="string" for="node" id="d0"/>
  <key attr.name="Latitude" attr.type="double" for="node" id="d1"/>
  <key attr.name="Longitude" attr.type="double" for="node" id="d2"/>
  <key attr.name="LinkLabel" attr.type="string" for="edge" id="d3"/>
  <key attr.name="LinkSpeedRaw" attr.type="double" for="edge" id="d4"/>
  <graph edgedefault="undirected">`;

describe('graphml', () => {
  it('reads classic Topology Zoo attributes: names, positions, speeds, latency from distance', () => {
    const text = `${GRAPHML_HEAD}
    <node id="0"><data key="d0">Paris</data><data key="d1">48.8566</data><data key="d2">2.3522</data></node>
    <node id="1"><data key="d0">London</data><data key="d1">51.5072</data><data key="d2">-0.1276</data></node>
    <node id="2"><data key="d0">Brussels &amp; Co</data></node>
    <edge source="0" target="1"><data key="d3">10 Gbps</data></edge>
    <edge source="1" target="2"><data key="d4">2500000000</data></edge>
    <edge source="2" target="0"><data key="d3">blue line</data></edge>
  </graph></graphml>`;
    const r = importGraphml(text, { file: 'mini.graphml' });
    expect(r.topology.nodes.map((n) => n.name)).toEqual(['Paris', 'London', 'Brussels & Co']);
    const [pl, lb, bp] = r.topology.links;
    expect(pl!.ab.capacity).toBe(10e9);
    expect(pl!.ba!.capacity).toBe(10e9);
    // Paris–London is about 344 km: 1.72 ms of fibre at 200 km/ms.
    expect(pl!.ab.latency).toBeGreaterThan(1.6);
    expect(pl!.ab.latency).toBeLessThan(1.8);
    expect(lb!.ab.capacity).toBe(2.5e9);
    expect(bp!.ab.capacity).toBe(0);
    expect(r.warnings.some((w) => /1 of 3 links have no readable speed/.test(w.message))).toBe(true);
  });

  it('names the file and line of an edge to a missing node and of a duplicate id', () => {
    const text = `${GRAPHML_HEAD}
    <node id="a"/>
    <node id="a"/>
    <edge source="a" target="ghost"/>
  </graph></graphml>`;
    expect(() => importGraphml(text, { file: 'broken.graphml' })).toThrow(/graphml: broken\.graphml:10: duplicate node id "a" \(first declared on line 9\)/);
    expect(() => importGraphml(text, { file: 'broken.graphml' })).toThrow(/graphml: broken\.graphml:11: edge "e0" refers to node "ghost", which is not declared/);
  });

  it('rejects a negative capacity and broken XML with the line', () => {
    const neg = `${GRAPHML_HEAD}<node id="a"/><node id="b"/>
    <edge source="a" target="b"><data key="d4">-100</data></edge></graph></graphml>`;
    expect(() => importGraphml(neg, { file: 'neg.graphml' })).toThrow(/neg\.graphml:9: edge "e0" has capacity -100; it must be ≥ 0/);
    expect(() => importGraphml('<graphml>\n<graph>\n<node id="a">\n</graph></graphml>', { file: 'x.graphml' })).toThrow(/graphml: x\.graphml: closing tag <\/graph> does not match <node> opened on line 3 \(line 4\)/);
  });

  it.skipIf(!sharedPresent)('imports every Topology Zoo file (yEd flavour) with names from the drawing', () => {
    const text = readFileSync(sharedPath('data/topologyzoo/Abilene.graphml'), 'utf8');
    const r = importTopologyText(text, 'Abilene.graphml');
    expect(r.topology.nodes.length).toBeGreaterThan(5);
    expect(r.topology.nodes.map((n) => n.name)).toContain('Seattle');
    expect(r.topology.nodes.every((n) => n.x !== undefined && n.y !== undefined)).toBe(true);
  });
});

describe('repetita', () => {
  const graph = `NODES 3
label x y
0_A 2.0 48.0
1_B 3.0 49.0
2_C 4.0 50.0

EDGES 5
label src dest weight bw delay
edge_0 0 1 10 1000000 500
edge_1 1 0 10 1000000 500
edge_2 1 2 5 400000 1000
edge_3 2 1 7 400000 1000
edge_4 0 2 3 100 20
`;
  it('pairs opposite edges into two-way links and converts units', () => {
    const r = importRepetitaGraph(graph, 'tiny.graph');
    const t = r.topology;
    expect(t.nodes.map((n) => [n.id, n.name, n.lon, n.lat])).toEqual([
      ['0_A', 'A', 2, 48],
      ['1_B', 'B', 3, 49],
      ['2_C', 'C', 4, 50],
    ]);
    expect(t.links).toHaveLength(3);
    const bc = t.links[1]!;
    expect([bc.a, bc.b, bc.ab.metric, bc.ba!.metric, bc.ab.capacity, bc.ab.latency]).toEqual(['1_B', '2_C', 5, 7, 400e6, 1]);
    expect(t.links[2]!.ba).toBeNull();
    expect(r.warnings[0]!.message).toMatch(/1 edges have no opposite edge/);
    const demands = importRepetitaDemands('DEMANDS 2\nlabel src dest bw\ndemand_0 0 2 14\ndemand_1 2 1 3\n', t.nodes.map((n) => n.id), 'tiny.demands');
    expect(demands).toEqual([
      { id: 'demand_0', src: '0_A', dst: '2_C', rate: 14000 },
      { id: 'demand_1', src: '2_C', dst: '1_B', rate: 3000 },
    ]);
  });

  it('names the line of an edge to a missing node, a negative capacity and a short section', () => {
    const bad = graph.replace('edge_2 1 2 5 400000', 'edge_2 1 9 5 400000').replace('edge_4 0 2 3 100', 'edge_4 0 2 3 -100');
    expect(() => importRepetitaGraph(bad, 'bad.graph')).toThrow(/repetita: bad\.graph:11: edge "edge_2" has destination node 9, but the file declares 3 nodes \(0–2\)/);
    expect(() => importRepetitaGraph(bad, 'bad.graph')).toThrow(/repetita: bad\.graph:13: edge "edge_4" has capacity -100 kbit\/s; it must be ≥ 0/);
    expect(() => importRepetitaGraph(graph.replace('EDGES 5', 'EDGES 7'), 'short.graph')).toThrow(/short\.graph:7: EDGES declares 7 rows but 5 follow/);
    expect(() => importRepetitaDemands('DEMANDS 1\nlabel src dest bw\nd0 0 5 1\n', ['a', 'b'], 'x.demands')).toThrow(/x\.demands:3: demand "d0" ends at node 5, but the graph has 2 nodes/);
  });
});

describe('containerlab', () => {
  const clab = `name: lab1
topology:
  kinds:
    nokia_srlinux: { image: ghcr.io/nokia/srlinux }
  nodes:
    spine1:
      kind: nokia_srlinux
      mgmt-ipv4: 172.20.20.11
      labels: { role: spine, site: PAR, graph-geoCoordinateLat: "48.85", graph-geoCoordinateLng: "2.35" }
    leaf1: { kind: nokia_srlinux }
    leaf2: { kind: ceos }
    client1: { kind: linux }
  links:
    - endpoints: ["spine1:e1-1", "leaf1:e1-49"]
      vars: { capacity: 100G, metric: 10, latency: 0.2, srlgs: [tray-3] }
    - type: veth
      endpoints:
        - node: spine1
          interface: e1-2
        - node: leaf2
          interface: eth49
      vars: { capacity: "40G", metric-ab: 20, metric-ba: 30 }
    - endpoints: ["leaf1:e1-1", "client1:eth1"]
    - endpoints: ["leaf2:eth1", "host:leaf2-eth1"]
`;
  it('reads nodes, brief and extended links, vars and labels; skips links to the host', () => {
    const r = importContainerlab(clab, { file: 'lab1.clab.yml' });
    const t = r.topology;
    expect(t.name).toBe('lab1');
    expect(t.nodes.find((n) => n.id === 'spine1')).toMatchObject({ role: 'spine', site: 'PAR', lat: 48.85, lon: 2.35, addresses: ['172.20.20.11'] });
    expect(t.nodes.find((n) => n.id === 'client1')!.role).toBe('host');
    expect(t.links).toHaveLength(3);
    expect(t.links[0]).toMatchObject({ a: 'spine1', b: 'leaf1', srlgs: ['tray-3'], ab: { capacity: 100e9, metric: 10, latency: 0.2, interface: 'e1-1' }, ba: { interface: 'e1-49' } });
    expect([t.links[1]!.ab.metric, t.links[1]!.ba!.metric, t.links[1]!.ab.capacity]).toEqual([20, 30, 40e9]);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatchObject({ line: 24 });
  });

  it('names the line of a link to an undeclared node, a bad capacity and YAML syntax errors', () => {
    const bad = clab.replace('"leaf1:e1-1", "client1:eth1"', '"leaf1:e1-1", "clinet1:eth1"').replace('capacity: 100G', 'capacity: fast');
    expect(() => importContainerlab(bad, { file: 'bad.clab.yml' })).toThrow(/containerlab: bad\.clab\.yml:23: link 3 refers to node "clinet1", which is not under topology\.nodes/);
    expect(() => importContainerlab(bad, { file: 'bad.clab.yml' })).toThrow(/bad\.clab\.yml:14: link 1: capacity "fast" is not a speed/);
    expect(() => importContainerlab('topology:\n  nodes:\n    a: [1\n', { file: 'y.yml' })).toThrow(/containerlab: y\.yml:\d+: YAML: /);
  });
});

describe('netweaver json', () => {
  it('round-trips the model exactly, with demands', () => {
    const demands = [{ src: 'A', dst: 'E', rate: 5e6 }];
    const text = exportTopologyJson(diamond, demands);
    const back = importTopologyJson(text, 'diamond.json');
    expect(back.topology.nodes).toEqual(diamond.nodes);
    expect(back.topology.links).toEqual(diamond.links);
    expect(back.demands).toEqual(demands);
  });

  it('accepts shorthand links and names lines of problems', () => {
    const text = `{
  "nodes": [
    { "id": "r1" },
    { "id": "r2" },
    { "id": "r1" }
  ],
  "links": [
    { "id": "x", "a": "r1", "b": "r2", "capacity": "10G", "metric": 5 },
    { "id": "y", "a": "r1", "b": "r9", "capacity": -1 }
  ]
}`;
    expect(() => importTopologyJson(text, 'lab.json')).toThrow(/json: lab\.json:5: duplicate node id "r1" \(first on line 3\)/);
    expect(() => importTopologyJson(text, 'lab.json')).toThrow(/json: lab\.json:9: link "y" refers to node "r9", which is not declared/);
    expect(() => importTopologyJson(text, 'lab.json')).toThrow(/json: lab\.json:9: link "y" \(r1→r9\) has capacity -1/);
    const ok = importTopologyJson(text.replace('{ "id": "r1" }\n  ]', '{ "id": "r3" }\n  ]').replace('"r9", "capacity": -1', '"r3", "oneWay": true'), 'lab.json');
    expect(ok.topology.links[0]!.ab).toMatchObject({ capacity: 10e9, metric: 5 });
    expect(ok.topology.links[1]!.ba).toBeNull();
    expect(() => importTopologyJson('{\n  "nodes": [,\n}', 'syntax.json')).toThrow(/json: syntax\.json:2: not valid JSON/);
  });
});

describe('format detection and demands', () => {
  it('picks the importer from the name or the content', () => {
    expect(detectTopologyFormat('', 'x.graphml')).toBe('graphml');
    expect(detectTopologyFormat('NODES 3\n', 'x')).toBe('repetita');
    expect(detectTopologyFormat('', 'lab.clab.yml')).toBe('containerlab');
    expect(detectTopologyFormat('{"nodes":[]}', 'x')).toBe('json');
    expect(() => importTopologyText('hello', 'notes.txt')).toThrow(/topology: notes\.txt: cannot tell the format/);
  });
  it('reads CSV demands with speeds and names bad rows', () => {
    expect(importDemandsText('src,dst,rate\nA,E,2G\nB,D,1500\n', 'tm.csv', diamond)).toEqual([
      { src: 'A', dst: 'E', rate: 2e9 },
      { src: 'B', dst: 'D', rate: 1500 },
    ]);
    expect(() => importDemandsText('src,dst,rate\nA,E,lots\n', 'tm.csv', diamond)).toThrow(/demands: tm\.csv:2: demand 1 has rate "lots"/);
  });
});

describe.skipIf(!sharedPresent)('all shared topologies import', () => {
  it('every REPETITA instance, with its demands', async () => {
    const { readdirSync } = await import('node:fs');
    const dir = sharedPath('data/repetita');
    const graphs = readdirSync(dir).filter((f) => f.endsWith('.graph'));
    expect(graphs.length).toBeGreaterThan(200);
    for (const f of graphs) {
      const r = importRepetitaGraph(readFileSync(`${dir}/${f}`, 'utf8'), f);
      const demands = importDemandsText(readFileSync(`${dir}/${f.replace(/\.graph$/, '.0000.demands')}`, 'utf8'), f, r.topology);
      expect(demands.length).toBeGreaterThan(0);
    }
  });
  it('every Topology Zoo file', async () => {
    const { readdirSync } = await import('node:fs');
    const dir = sharedPath('data/topologyzoo');
    for (const f of readdirSync(dir)) expect(importTopologyText(readFileSync(`${dir}/${f}`, 'utf8'), f).topology.nodes.length).toBeGreaterThan(0);
  });
});
void sharedMissingReason;
