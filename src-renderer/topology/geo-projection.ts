// Geographic layout: Web Mercator positions for devices with coordinates, so a national
// backbone looks like its map. Devices without coordinates sit at the mean of their placed
// neighbours (or near the centre), never at a made-up place far away.
import type { TopologyData } from './topology-data.js';

/**
 * True when most devices (≥ 80 %) carry latitude and longitude, at mostly distinct places: then
 * the map is geographic. A data centre whose devices all share the site's coordinates is not.
 */
export function hasGeography(data: Pick<TopologyData, 'nodes'>): boolean {
  if (data.nodes.length === 0) return false;
  const placed = data.nodes.filter((n) => Number.isFinite(n.lat) && Number.isFinite(n.lon));
  if (placed.length / data.nodes.length < 0.8) return false;
  const distinct = new Set(placed.map((n) => `${n.lat!.toFixed(4)},${n.lon!.toFixed(4)}`)).size;
  return distinct >= Math.min(placed.length, Math.max(2, 0.5 * placed.length));
}

/** Web Mercator in degree-like units; y grows northwards (sigma's y axis points up). */
export function mercator(lat: number, lon: number): { x: number; y: number } {
  const clamped = Math.max(-85, Math.min(85, lat));
  const rad = (clamped * Math.PI) / 180;
  return { x: lon, y: (Math.log(Math.tan(Math.PI / 4 + rad / 2)) * 180) / Math.PI };
}

export function geographicPositions(data: TopologyData): Map<string, { x: number; y: number }> {
  const out = new Map<string, { x: number; y: number }>();
  for (const n of data.nodes) if (Number.isFinite(n.lat) && Number.isFinite(n.lon)) out.set(n.id, mercator(n.lat!, n.lon!));
  const missing = data.nodes.filter((n) => !out.has(n.id));
  if (missing.length === 0) return out;
  const neighbours = new Map<string, string[]>();
  for (const l of data.links) {
    (neighbours.get(l.a) ?? neighbours.set(l.a, []).get(l.a)!).push(l.b);
    (neighbours.get(l.b) ?? neighbours.set(l.b, []).get(l.b)!).push(l.a);
  }
  let cx = 0;
  let cy = 0;
  for (const p of out.values()) (cx += p.x), (cy += p.y);
  cx /= Math.max(1, out.size);
  cy /= Math.max(1, out.size);
  missing.forEach((n, i) => {
    const placed = (neighbours.get(n.id) ?? []).map((id) => out.get(id)).filter((p): p is { x: number; y: number } => !!p);
    // A small golden-angle spiral keeps several unplaced devices from landing on one point.
    const angle = i * 2.399963;
    const r = 0.3 * Math.sqrt(i + 1);
    const base = placed.length ? { x: placed.reduce((s, p) => s + p.x, 0) / placed.length, y: placed.reduce((s, p) => s + p.y, 0) / placed.length } : { x: cx, y: cy };
    out.set(n.id, { x: base.x + r * Math.cos(angle), y: base.y + r * Math.sin(angle) });
  });
  return out;
}
