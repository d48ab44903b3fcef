// The what-if view's logic without React: the change list kept in the URL, device names typed
// or picked, the optimiser's and the sweep's results turned into what-if changes (so either can
// be drawn on the map as "after"), and the sweep's worst case per link as loads the map draws.
import type { MetricChange } from '../../src-worker/routing/metric-optimiser.js';
import type { LinkDelta, SweepReport } from '../topology/routing-api.js';
import type { TopologyData, TopologyLoads } from '../topology/topology-data.js';

/** The `changes` URL parameter: one change per line, blank lines dropped. */
export function changesFromParam(value: string | null): string[] {
  return (value ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}

/** Adds a change unless it is already there (clicking a failed link twice fails it once). */
export function addChange(changes: readonly string[], change: string): string[] {
  return changes.includes(change) ? [...changes] : [...changes, change];
}

/** A metric or capacity change replaces an earlier one on the same link (and direction). */
export function setLinkChange(changes: readonly string[], kind: 'metric' | 'capacity', link: string, value: string, direction: 'both' | 'ab' | 'ba' = 'both'): string[] {
  const target = `${kind}:${link}${direction === 'both' ? '' : `:${direction}`}=`;
  return [...changes.filter((c) => !c.startsWith(target)), `${target}${value}`];
}

/** A device id from what was typed: its id, or its display name (case-insensitive). */
export function resolveDevice(data: TopologyData, text: string): string | null {
  const t = text.trim();
  if (!t) return null;
  if (data.nodes.some((n) => n.id === t)) return t;
  const lower = t.toLowerCase();
  return data.nodes.find((n) => n.name.toLowerCase() === lower)?.id ?? null;
}

/** The optimiser's metric changes as what-if change texts, in its order. */
export function optimiserChangeTexts(changes: readonly Pick<MetricChange, 'link' | 'direction' | 'after'>[]): string[] {
  return changes.map((c) => `metric:${c.link}${c.direction === 'both' ? '' : `:${c.direction}`}=${c.after}`);
}

/** A sweep failure ("link L1", "node Denver", "srlg duct-3") as a what-if change. */
export function sweepFailureChange(failure: string): string {
  const space = failure.indexOf(' ');
  return `fail:${failure.slice(0, space)}:${failure.slice(space + 1)}`;
}

/** Each link direction at its worst over the sweep's failures, as loads for the map. */
export function worstCaseLoads(data: TopologyData, links: SweepReport['links']): TopologyLoads {
  const byId = new Map(data.links.map((l) => [l.id, l]));
  const out: TopologyLoads = { links: {}, failedLinks: [] };
  for (const d of links) {
    const link = byId.get(d.link);
    if (!link || !Number.isFinite(d.worstUtilisation)) continue;
    const dir = d.from === link.a ? 'ab' : 'ba';
    (out.links[d.link] ??= {})[dir] = { rate: d.worstUtilisation * d.capacity, utilisation: d.worstUtilisation };
  }
  return out;
}

/** One line of a path for a table: names joined by arrows, with its ECMP share when split. */
export function describeEcmp(paths: readonly { nodes: string[]; share: number }[], nameOf: (id: string) => string): string {
  if (!paths.length) return 'no path';
  return paths.map((p) => `${p.nodes.map(nameOf).join(' → ')}${paths.length > 1 ? ` (${Math.round(p.share * 100)} %)` : ''}`).join('; ');
}

/** A capacity as the change language writes it, exactly (10G, 155M, 9953280k), for editing. */
export function exactSpeed(bps: number): string {
  for (const [unit, suffix] of [[1e12, 'T'], [1e9, 'G'], [1e6, 'M'], [1e3, 'k']] as const) {
    if (bps >= unit && bps % unit === 0) return `${bps / unit}${suffix}`;
  }
  return String(bps);
}

/** Edge keys (link:ab|ba) whose utilisation moved by more than `threshold` (a fraction), or went down. */
export function changedEdgeKeys(data: TopologyData, links: readonly LinkDelta[], threshold = 0.01): Set<string> {
  const byId = new Map(data.links.map((l) => [l.id, l]));
  const out = new Set<string>();
  for (const d of links) {
    const link = byId.get(d.link);
    if (!link) continue;
    const moved = Math.abs((d.utilisationAfter || 0) - (d.utilisationBefore || 0)) > threshold;
    if (d.down || moved) out.add(`${d.link}:${d.from === link.a ? 'ab' : 'ba'}`);
  }
  return out;
}
