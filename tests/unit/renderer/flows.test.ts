// The flows view's logic: time ranges (presets, absolute, step, zoom), filter autocomplete and
// click-to-filter, top-N with "Other", CSV quoting.
import { describe, expect, it } from 'vitest';
import { addCondition, applySuggestion, complete } from '../../../src-renderer/flows/filter-autocomplete.js';
import { topNWithOther, toCsv } from '../../../src-renderer/flows/table-data.js';
import { formatDuration, parseDuration, resolveRange, resolveTime, stepFor, stepRange, zoomRange } from '../../../src-renderer/flows/time-range.js';

const NOW = Date.parse('2026-11-24T12:00:00Z');

describe('time ranges', () => {
  it('resolves presets and absolute times, and explains bad ones', () => {
    expect(resolveRange({ from: 'now-1h', to: 'now' }, NOW)).toEqual({ fromMs: NOW - 3_600_000, toMs: NOW });
    expect(resolveTime('2026-11-24T10:00:00Z', NOW)).toBe(Date.parse('2026-11-24T10:00:00Z'));
    expect(parseDuration('90m')).toBe(5_400_000);
    expect(parseDuration('soon')).toBeNull();
    expect(() => resolveTime('now-soon', NOW)).toThrow(/duration such as 15m/);
    expect(() => resolveTime('yesterday', NOW)).toThrow(/not a time/);
    expect(() => resolveRange({ from: 'now', to: 'now-1h' }, NOW)).toThrow(/ends .* before it starts/);
  });
  it('steps back by the window width, and forward back to a live window', () => {
    const back = stepRange({ from: 'now-1h', to: 'now' }, -1, NOW);
    expect(back).toEqual({ from: '2026-11-24T10:00:00Z', to: '2026-11-24T11:00:00Z' });
    expect(stepRange(back, 1, NOW)).toEqual({ from: 'now-1h', to: 'now' });
  });
  it('zooms to the dragged fraction in either drag direction', () => {
    const z = zoomRange({ from: '2026-11-24T10:00:00Z', to: '2026-11-24T11:00:00Z' }, 0.75, 0.25, NOW);
    expect(z).toEqual({ from: '2026-11-24T10:15:00Z', to: '2026-11-24T10:45:00Z' });
  });
  it('formats durations and picks readable bucket sizes', () => {
    expect(formatDuration(3_600_000)).toBe('1h');
    expect(formatDuration(5_400_000)).toBe('90m');
    expect(stepFor({ fromMs: 0, toMs: 3_600_000 })).toBe(30_000);
    expect(stepFor({ fromMs: 0, toMs: 7 * 86_400_000 })).toBe(7_200_000);
  });
});

describe('filter autocomplete', () => {
  const labels = (text: string, cursor = text.length) => complete(text, cursor).suggestions.map((s) => s.insert);
  it('suggests fields at the start, operators after a field, values after an operator, connectives after a comparison', () => {
    expect(labels('')).toContain('src_addr');
    expect(labels('dst_p')).toEqual(['dst_port']);
    expect(labels('protocol ')).toEqual(['=', '!=', 'in']);
    expect(labels('protocol = ')).toContain('tcp');
    expect(labels('protocol = u')).toEqual(['udp']);
    expect(labels('protocol = udp ')).toEqual(['and', 'or', ')']);
    expect(labels('protocol = udp and ex')).toEqual(['exporter']);
  });
  it('offers values the caller knows (exporters seen) and replaces only the word typed', () => {
    const ctx = complete('exporter = 19', 13, { exporter: ['192.0.2.1', '10.0.0.1'] });
    expect(ctx.suggestions.map((s) => s.insert)).toEqual(['192.0.2.1']);
    expect(applySuggestion('exporter = 19', 13, ctx, ctx.suggestions[0]!)).toEqual({ text: 'exporter = 192.0.2.1 ', cursor: 21 });
  });
  it('adds click-to-filter conditions, grouping an existing "or"', () => {
    expect(addCondition('', 'dst_port', '443')).toBe('dst_port = 443');
    expect(addCondition('protocol = tcp', 'src_addr', '10.0.0.1')).toBe('protocol = tcp and src_addr = 10.0.0.1');
    expect(addCondition('a = 1 or b = 2', 'vlan', '10', true)).toBe('(a = 1 or b = 2) and vlan != 10');
    expect(addCondition('', 'exporter', 'edge router')).toBe('exporter = "edge router"');
  });
});

describe('tables', () => {
  it('keeps the top N and folds the rest into Other so the total is unchanged', () => {
    const rows = [5, 1, 9, 3, 7].map((v, i) => ({ key: [`k${i}`, 'x'], value: v }));
    const top = topNWithOther(rows, 2);
    expect(top.map((r) => r.key[0])).toEqual(['k2', 'k4', 'Other']);
    expect(top.reduce((s, r) => s + r.value, 0)).toBe(25);
    expect(topNWithOther(rows, 10)).toHaveLength(5);
  });
  it('quotes CSV cells that need it', () => {
    expect(toCsv(['a', 'b'], [['x,y', 'say "hi"'], [1, NaN]])).toBe('a,b\r\n"x,y","say ""hi"""\r\n1,\r\n');
  });
});

describe('sankey layout and filter errors', () => {
  it('gives each dimension a column, node heights proportional to volume, and bands that add up', async () => {
    const { sankeyLayout } = await import('../../../src-renderer/flows/sankey-layout.js');
    const input = {
      nodes: [
        { dimension: 'exporter', value: '192.0.2.1' },
        { dimension: 'exporter', value: '192.0.2.2' },
        { dimension: 'protocol', value: 'tcp' },
        { dimension: 'protocol', value: 'udp' },
      ],
      links: [
        { source: 0, target: 2, value: 300 },
        { source: 0, target: 3, value: 100 },
        { source: 1, target: 2, value: 100 },
      ],
    };
    const { nodes, bands, columns } = sankeyLayout(input, 500, 300, 10, 0);
    expect(columns).toEqual(['exporter', 'protocol']);
    const byIndex = new Map(nodes.map((n) => [n.index, n]));
    expect(byIndex.get(0)!.x).toBe(0);
    expect(byIndex.get(2)!.x).toBe(490);
    expect(byIndex.get(0)!.height / byIndex.get(1)!.height).toBeCloseTo(4, 6);
    expect(byIndex.get(0)!.height + byIndex.get(1)!.height).toBeCloseTo(300, 6); // the fuller column fills the height
    const into2 = bands.filter((b) => b.target === 2).reduce((s, b) => s + b.width, 0);
    expect(into2).toBeCloseTo(byIndex.get(2)!.height, 6);
  });
  it('reads the column of a filter error from the service message', async () => {
    const { filterErrorPosition } = await import('../../../src-renderer/flows/filter-autocomplete.js');
    expect(filterErrorPosition('filter: column 12: unknown field "dst_prot"')).toEqual({ column: 12, reason: 'unknown field "dst_prot"' });
    expect(filterErrorPosition('store: connection lost')).toBeNull();
  });
  it('suggests the prefix operator for addresses', () => {
    expect(complete('src_addr ', 9).suggestions.map((s) => s.insert)).toEqual(['=', '!=', '<<', 'in']);
  });
});

describe('collector rates', () => {
  it('turns two counter samples into a per-second rate, and a reset into 0', async () => {
    const { counterRate } = await import('../../../src-renderer/collector/rates.js');
    expect(counterRate(1000, 3000, 2000)).toBe(1000);
    expect(counterRate(5000, 10, 1000)).toBe(0);
    expect(counterRate(1, 2, 0)).toBe(0);
  });
});
