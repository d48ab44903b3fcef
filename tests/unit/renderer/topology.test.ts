// The topology view's logic without a browser: utilisation bands and their edges, widths,
// rate formatting, parallel-link lanes, the graph model, CPU picking of devices and link bars, N-hop focus, device search,
// geographic projection and remembered positions.
import { describe, expect, it } from 'vitest';
import { geographicPositions, hasGeography, mercator } from '../../../src-renderer/topology/geo-projection.js';
import { applyLoads, buildGraph, linkLanes, type TopologyGraph } from '../../../src-renderer/topology/graph-model.js';
import { MapPicker, SpatialGrid, type MapProjection } from '../../../src-renderer/topology/map-picking.js';
import { layoutKey, loadPositions, savePositions } from '../../../src-renderer/topology/layout-memory.js';
import { adjacencyOf, neighbourhood } from '../../../src-renderer/topology/neighbourhood.js';
import { searchNodes } from '../../../src-renderer/topology/node-search.js';
import { checkTopologyData, type TopologyData } from '../../../src-renderer/topology/topology-data.js';
import { bandOf, formatBitRate, formatUtilisation, widthForCapacity } from '../../../src-renderer/topology/utilisation-bands.js';
import { exporterAddresses, exporterFilter } from '../../../src-renderer/topology/device-exporters.js';
import { parseFilter } from '../../../src-main/store/filter/filter-parser.js';

const dir = (capacity: number) => ({ capacity, metric: 10, latency: 1 });
const square: TopologyData = {
  name: 'square',
  nodes: ['a', 'b', 'c', 'd'].map((id) => ({ id, name: id.toUpperCase() + '-router', site: id === 'a' ? 'PAR' : 'LON' })),
  links: [
    { id: 'ab1', a: 'a', b: 'b', ab: dir(1e10), ba: dir(1e10) },
    { id: 'ab2', a: 'b', b: 'a', ab: dir(1e9), ba: dir(1e9) },
    { id: 'bc', a: 'b', b: 'c', ab: dir(1e9), ba: null },
    { id: 'cd', a: 'c', b: 'd', ab: dir(0), ba: dir(0) },
  ],
};

describe('utilisation bands', () => {
  it('puts each boundary in the upper band, full line rate in 90–100 %, and above it in over', () => {
    expect(bandOf(0).id).toBe('u0');
    expect(bandOf(0.2499).id).toBe('u0');
    expect(bandOf(0.25).id).toBe('u25');
    expect(bandOf(0.5).id).toBe('u50');
    expect(bandOf(0.75).id).toBe('u75');
    expect(bandOf(0.8999).id).toBe('u75');
    expect(bandOf(0.9).id).toBe('u90');
    expect(bandOf(1).id).toBe('u90');
    expect(bandOf(1.0001).id).toBe('over');
    expect(bandOf(7).id).toBe('over');
  });
  it('marks failed before anything else and unknown for NaN or negative', () => {
    expect(bandOf(0.5, true).id).toBe('failed');
    expect(bandOf(NaN).id).toBe('unknown');
    expect(bandOf(-1).id).toBe('unknown');
  });
  it('formats utilisation and rates as engineers read them', () => {
    expect(formatUtilisation(0.0123)).toBe('1.2 %');
    expect(formatUtilisation(0.456)).toBe('46 %');
    expect(formatUtilisation(NaN)).toBe('—');
    expect(formatBitRate(1e10)).toBe('10 Gb/s');
    expect(formatBitRate(512_000)).toBe('512 kb/s');
    expect(formatBitRate(1_234_567)).toBe('1.23 Mb/s');
    expect(formatBitRate(999)).toBe('999 b/s');
  });
  it('draws wider links for more capacity, within bounds', () => {
    expect(widthForCapacity(1e11)).toBeGreaterThan(widthForCapacity(1e9));
    expect(widthForCapacity(0)).toBe(0.8);
    expect(widthForCapacity(1e15)).toBeLessThanOrEqual(6);
  });
});

describe('graph model', () => {
  it('puts parallel links in separate lanes, both halves of a link in the same lane, a lone link on the centre line', () => {
    const lanes = linkLanes(square.links);
    // In the pair's canonical frame (a → b): ab1 is defined a→b, ab2 b→a, so ab2's lane flips.
    const ab1 = lanes.get('ab1')!;
    const ab2 = -lanes.get('ab2')!;
    expect(ab1).not.toBe(0);
    expect(ab1).toBeCloseTo(-ab2, 9); // centred on the line between the devices
    expect(Math.abs(ab1 - ab2)).toBeGreaterThanOrEqual(2 * widthForCapacity(1e10)); // wide enough for the fatter bar
    expect(lanes.get('bc')).toBe(0);
    expect(lanes.get('cd')).toBe(0);
    const g = buildGraph(square, null, 'light');
    expect(g.getEdgeAttribute('ab1:ba', 'lane')).toBe(-g.getEdgeAttribute('ab1:ab', 'lane'));
    expect(g.getEdgeAttribute('ab1:ab', 'half')).toBe(true);
    expect(g.getEdgeAttribute('bc:ab', 'half')).toBe(false); // one-way: drawn full length
  });
  it('has one edge per link direction, and recolours from loads and failures in place', () => {
    const g = buildGraph(square, null, 'light');
    expect(g.order).toBe(4);
    expect(g.size).toBe(7);
    expect(g.source('ab2:ab')).toBe('b');
    expect(g.source('ab2:ba')).toBe('a');
    applyLoads(g, { links: { ab1: { ab: { rate: 9.5e9, utilisation: 0.95 }, ba: { rate: 1e9, utilisation: 0.1 } } }, failedLinks: ['bc'] }, 'light');
    expect(g.getEdgeAttribute('ab1:ab', 'band')).toBe('u90');
    expect(g.getEdgeAttribute('ab1:ba', 'band')).toBe('u0');
    expect(g.getEdgeAttribute('bc:ab', 'band')).toBe('failed');
    expect(g.getEdgeAttribute('cd:ab', 'band')).toBe('unknown');
    expect(g.getEdgeAttribute('ab1:ab', 'color')).not.toBe(g.getEdgeAttribute('ab1:ba', 'color'));
    applyLoads(g, { links: {}, failedNodes: ['d'] }, 'dark');
    expect(g.getEdgeAttribute('cd:ba', 'failed')).toBe(true);
    expect(g.getEdgeAttribute('bc:ab', 'failed')).toBe(false);
  });
});

/** The map drawn 1:1: framed space is the viewport, one edge-size unit is one pixel. */
function identityProjection(g: TopologyGraph): MapProjection {
  return {
    nodes: () => g.nodes(),
    edges: () => g.edges(),
    extremities: (e) => g.extremities(e) as [string, string],
    nodeDisplay: (n) => g.getNodeAttributes(n),
    edgeDisplay: (e) => g.getEdgeAttributes(e),
    framedToViewport: (p) => ({ x: p.x, y: p.y }),
    viewportToFramed: (p) => ({ x: p.x, y: p.y }),
    nodeRadius: (size) => size,
    sizeUnit: () => 1,
  };
}

describe('CPU picking', () => {
  const at = new Map([
    ['a', { x: 0, y: 0 }],
    ['b', { x: 200, y: 0 }],
    ['c', { x: 200, y: 200 }],
    ['d', { x: 0, y: 200 }],
  ]);
  const g = buildGraph(square, at, 'light');
  const picker = new MapPicker(identityProjection(g));

  it('finds the device under the pointer, and nothing in empty space', () => {
    expect(picker.nodeAt(1, 1)).toBe('a');
    expect(picker.nodeAt(199, 202)).toBe('c');
    expect(picker.nodeAt(100, 100)).toBeNull();
  });
  it("picks each direction on its own half of the link, and each parallel link in its own lane", () => {
    expect(picker.edgeAt(200, 50)).toBe('bc:ab'); // one-way, full length: its far half too
    expect(picker.edgeAt(200, 150)).toBe('bc:ab');
    expect(picker.edgeAt(150, 200)).toBe('cd:ab'); // c → d starts at c
    expect(picker.edgeAt(50, 200)).toBe('cd:ba');
    const lane1 = g.getEdgeAttribute('ab1:ab', 'lane'); // a→b along +x: the normal is (0, 1)
    expect(picker.edgeAt(50, lane1)).toBe('ab1:ab');
    expect(picker.edgeAt(150, lane1)).toBe('ab1:ba');
    expect(picker.edgeAt(50, -lane1)).toMatch(/^ab2:/);
    expect(picker.edgeAt(100, 100)).toBeNull();
    const seg = picker.segment('cd:ab')!;
    expect([seg.ax, seg.ay, seg.bx, seg.by]).toEqual([200, 200, 100, 200]);
  });
  it('follows a moved device once invalidated', () => {
    g.mergeNodeAttributes('d', { x: 0, y: 400 });
    picker.invalidate();
    expect(picker.nodeAt(0, 200)).toBeNull();
    expect(picker.nodeAt(0, 399)).toBe('d');
  });
  it('keeps items whose box covers many cells in a list every query sees', () => {
    const grid = SpatialGrid.over([{ x: 0, y: 0 }, { x: 1000, y: 1000 }], 10_000);
    grid.insert(7, 0, 0, 1000, 1000);
    grid.insert(8, 10, 10, 10, 10);
    const seen = new Set<number>();
    grid.query(900, 900, 1, (i) => seen.add(i));
    expect(seen).toEqual(new Set([7]));
    grid.query(10, 10, 1, (i) => seen.add(i));
    expect(seen).toEqual(new Set([7, 8]));
  });
});

describe('neighbourhood and search', () => {
  it('finds devices within N hops', () => {
    const adj = adjacencyOf(square.links);
    expect([...neighbourhood(adj, 'a', 1).keys()].sort()).toEqual(['a', 'b']);
    expect(neighbourhood(adj, 'a', 3).get('d')).toBe(3);
    expect(neighbourhood(adj, 'a', 0).size).toBe(1);
  });
  it('ranks exact, then prefix, then substring matches', () => {
    const hits = searchNodes(square.nodes, 'b-router');
    expect(hits[0]!.id).toBe('b');
    expect(searchNodes(square.nodes, 'router').length).toBe(4);
    expect(searchNodes(square.nodes, 'lon').map((h) => h.id).sort()).toEqual(['b', 'c', 'd']);
    expect(searchNodes(square.nodes, '  ')).toEqual([]);
  });
});

describe('geography and remembered positions', () => {
  it('projects with north up and places devices without coordinates near their neighbours', () => {
    expect(mercator(60, 10).y).toBeGreaterThan(mercator(40, 10).y);
    expect(mercator(0, 0).x).toBe(0);
    expect(mercator(0, 0).y).toBeCloseTo(0, 9);
    const geo: TopologyData = {
      ...square,
      nodes: square.nodes.map((n, i) => (i < 4 ? { ...n, lat: 48 + i, lon: 2 + i } : n)),
    };
    expect(hasGeography(geo)).toBe(true);
    const partial: TopologyData = { ...geo, nodes: geo.nodes.map((n) => (n.id === 'd' ? { id: 'd', name: 'D' } : n)) };
    expect(hasGeography(partial)).toBe(false); // 3 of 4 < 80 %
    const oneSite: TopologyData = { ...geo, nodes: geo.nodes.map((n) => ({ ...n, lat: 48, lon: 2 })) };
    expect(hasGeography(oneSite)).toBe(false); // a data centre at one place is laid out, not mapped
    const pos = geographicPositions(partial);
    const c = pos.get('c')!;
    const d = pos.get('d')!;
    expect(Math.hypot(d.x - c.x, d.y - c.y)).toBeLessThan(1);
  });
  it('stores and reloads positions, and survives a broken entry', () => {
    const mem = new Map<string, string>();
    const storage = { getItem: (k: string) => mem.get(k) ?? null, setItem: (k: string, v: string) => void mem.set(k, v), removeItem: (k: string) => void mem.delete(k) } as unknown as Storage;
    const key = layoutKey('square', 4, 4);
    expect(savePositions(key, { a: [1, 2] }, storage)).toBe(true);
    expect(loadPositions(key, storage)).toEqual({ a: [1, 2] });
    mem.set(key, '{not json');
    expect(loadPositions(key, storage)).toBeNull();
  });
  it('explains what is wrong with an opened file', () => {
    expect(() => checkTopologyData({ nodes: [{ id: 'a' }], links: [{ id: 'l', a: 'a', b: 'z', ab: dir(1) }] }, 'lab.json')).toThrow(/lab.json: link "l" refers to node "z"/);
    expect(() => checkTopologyData([], 'x.json')).toThrow(/expected a JSON object/);
  });
});

describe('top flows through a device', () => {
  it('attributes flows by the device’s exporter addresses, or its id when that is an address', () => {
    expect(exporterAddresses({ id: 'r1', addresses: ['192.0.2.1', 'loopback0', '2001:db8::1'] })).toEqual(['192.0.2.1', '2001:db8::1']);
    expect(exporterAddresses({ id: '198.51.100.7' })).toEqual(['198.51.100.7']);
    expect(exporterAddresses({ id: '0_New_York' })).toEqual([]);
  });

  it('builds a filter the real filter language accepts', () => {
    const filter = exporterFilter(['192.0.2.1', '2001:db8::1']);
    expect(parseFilter(filter)).not.toBeNull();
    expect(() => parseFilter(filter)).not.toThrow();
  });
});
