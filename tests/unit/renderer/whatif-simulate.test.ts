// The what-if and simulate views' logic without a browser: the change list, device names, the
// optimiser's and sweep's results as what-if changes (parsed back by the engine's own parser),
// the worst case per link as map loads, and the simulate settings read from a shared URL.
import { describe, expect, it } from 'vitest';
import { parseWhatIfChange } from '../../../src-worker/routing/whatif.js';
import type { TopologyData } from '../../../src-renderer/topology/topology-data.js';
import { formatInject, parseInject, simSettings } from '../../../src-renderer/views/sim-params.js';
import { addChange, changedEdgeKeys, changesFromParam, describeEcmp, exactSpeed, optimiserChangeTexts, resolveDevice, setLinkChange, sweepFailureChange, worstCaseLoads } from '../../../src-renderer/views/whatif-changes.js';

const dir = (capacity: number) => ({ capacity, metric: 10, latency: 1 });
const net: TopologyData = {
  name: 'triangle',
  nodes: [
    { id: 'a', name: 'Paris' },
    { id: 'b', name: 'London' },
    { id: 'c', name: 'Frankfurt' },
  ],
  links: [
    { id: 'L1', a: 'a', b: 'b', ab: dir(1e9), ba: dir(1e9) },
    { id: 'L2', a: 'b', b: 'c', ab: dir(1e10), ba: dir(1e10) },
  ],
};

describe('what-if changes', () => {
  it('reads the URL list, adds a failure once, and replaces a link metric rather than stacking it', () => {
    expect(changesFromParam(' fail:link:L1 \n\nscale:2\n')).toEqual(['fail:link:L1', 'scale:2']);
    expect(changesFromParam(null)).toEqual([]);
    expect(addChange(['fail:link:L1'], 'fail:link:L1')).toEqual(['fail:link:L1']);
    let list = setLinkChange(['fail:node:c'], 'metric', 'L1', '20');
    list = setLinkChange(list, 'metric', 'L1', '30');
    list = setLinkChange(list, 'metric', 'L1', '7', 'ab');
    expect(list).toEqual(['fail:node:c', 'metric:L1=30', 'metric:L1:ab=7']);
    for (const c of list) expect(() => parseWhatIfChange(c)).not.toThrow();
  });

  it('finds a device by id or by display name, any case', () => {
    expect(resolveDevice(net, 'b')).toBe('b');
    expect(resolveDevice(net, ' frankfurt ')).toBe('c');
    expect(resolveDevice(net, 'Madrid')).toBeNull();
    expect(resolveDevice(net, '')).toBeNull();
  });

  it('turns optimiser changes and sweep failures into changes the engine parses to the same thing', () => {
    const texts = optimiserChangeTexts([
      { link: 'L1', direction: 'both', after: 25 },
      { link: 'L2', direction: 'ba', after: 3 },
    ]);
    expect(texts).toEqual(['metric:L1=25', 'metric:L2:ba=3']);
    expect(parseWhatIfChange(texts[1]!)).toEqual({ kind: 'metric', link: 'L2', metric: 3, direction: 'ba' });
    expect(parseWhatIfChange(sweepFailureChange('node Paris Nord'))).toEqual({ kind: 'fail', failure: { kind: 'node', id: 'Paris Nord' } });
    expect(parseWhatIfChange(sweepFailureChange('link L2'))).toEqual({ kind: 'fail', failure: { kind: 'link', id: 'L2' } });
  });

  it('draws each direction at its worst, skipping directions never evaluated', () => {
    const loads = worstCaseLoads(net, [
      { link: 'L1', from: 'b', to: 'a', capacity: 1e9, normalUtilisation: 0.2, worstUtilisation: 0.9, worstFailure: 'link L2' },
      { link: 'L2', from: 'b', to: 'c', capacity: 1e10, normalUtilisation: 0.1, worstUtilisation: NaN, worstFailure: null },
      { link: 'gone', from: 'a', to: 'c', capacity: 1, normalUtilisation: 0, worstUtilisation: 1, worstFailure: null },
    ]);
    expect(loads.links).toEqual({ L1: { ba: { rate: 9e8, utilisation: 0.9 } } });
  });

  it('picks the link directions a what-if moved by more than the threshold, and the ones it took down', () => {
    const delta = (link: string, from: string, before: number, after: number, down = false) => ({ link, from, to: '', interface: '', capacityBefore: 1, capacityAfter: 1, loadBefore: before, loadAfter: after, utilisationBefore: before, utilisationAfter: after, down });
    const keys = changedEdgeKeys(net, [delta('L1', 'a', 0.2, 0.2), delta('L1', 'b', 0.2, 0.5), delta('L2', 'b', 0.3, 0.305), delta('L2', 'c', 0.1, 0, true), delta('nope', 'a', 0, 1)]);
    expect([...keys].sort()).toEqual(['L1:ba', 'L2:ba']);
    expect([...changedEdgeKeys(net, [delta('L2', 'b', 0.3, 0.305)], 0.001)]).toEqual(['L2:ab']);
  });

  it('writes a capacity exactly, in the largest unit that divides it', () => {
    expect(exactSpeed(10e9)).toBe('10G');
    expect(exactSpeed(155e6)).toBe('155M');
    expect(exactSpeed(9_953_280_000)).toBe('9953280k');
    expect(exactSpeed(1500)).toBe('1500');
    expect(parseWhatIfChange(`capacity:L1=${exactSpeed(9_953_280_000)}`)).toMatchObject({ capacity: 9_953_280_000 });
  });

  it('describes ECMP paths with their shares only when split', () => {
    const name = (id: string) => net.nodes.find((n) => n.id === id)!.name;
    expect(describeEcmp([{ nodes: ['a', 'b'], share: 1 }], name)).toBe('Paris → London');
    expect(describeEcmp([{ nodes: ['a', 'b', 'c'], share: 0.5 }, { nodes: ['a', 'c'], share: 0.5 }], name)).toBe('Paris → London → Frankfurt (50 %); Paris → Frankfurt (50 %)');
    expect(describeEcmp([], name)).toBe('no path');
  });
});

describe('simulate settings from the URL', () => {
  it('reads generator, bounded numbers and only the generator\'s own parameters', () => {
    const s = simSettings(new URLSearchParams('gen=waxman&nodes=1&seed=-4&steps=abc&alpha=99&region=asia&spines=4&m=2'));
    expect(s).toMatchObject({ generator: 'waxman', nodes: 2, seed: 0, steps: 48, params: { alpha: 10, region: 'asia' } });
    expect(simSettings(new URLSearchParams('gen=nonsense&spines=2.6')).generator).toBe('leaf-spine');
    expect(simSettings(new URLSearchParams('gen=leaf-spine&spines=2.6')).params).toEqual({ spines: 3 });
    expect(simSettings(new URLSearchParams('gen=waxman&region=mars')).params).toEqual({});
  });

  it('round-trips injected failures and drops malformed ones', () => {
    const list = [
      { kind: 'link-failure' as const, link: 3, startStep: 2, endStep: 14 },
      { kind: 'node-failure' as const, node: 0, startStep: 5, endStep: 17 },
    ];
    expect(formatInject(list)).toBe('link:3@2-14,node:0@5-17');
    expect(parseInject(formatInject(list))).toEqual(list);
    expect(parseInject('link:x@1-2,node:1@5-5,link:2@1-3')).toEqual([{ kind: 'link-failure', link: 2, startStep: 1, endStep: 3 }]);
  });
});
