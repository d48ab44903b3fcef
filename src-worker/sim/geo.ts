// Great-circle distance and random placement of nodes on the Earth, for geographic generators
// and for latency (light in fibre travels about 1 km per 5 µs).

const EARTH_RADIUS_KM = 6371.0088;

export function greatCircleKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** A latitude/longitude box nodes are scattered in. */
export interface GeoRegion {
  name: string;
  latMin: number;
  latMax: number;
  lonMin: number;
  lonMax: number;
}

export const REGIONS: Record<string, GeoRegion> = {
  europe: { name: 'europe', latMin: 36, latMax: 60, lonMin: -10, lonMax: 30 },
  'north-america': { name: 'north-america', latMin: 25, latMax: 49, lonMin: -124, lonMax: -67 },
  asia: { name: 'asia', latMin: -10, latMax: 45, lonMin: 70, lonMax: 145 },
  world: { name: 'world', latMin: -55, latMax: 70, lonMin: -180, lonMax: 180 },
};

/** Uniform on the sphere's surface inside the box (sin-latitude sampling, not uniform degrees). */
export function randomPoint(region: GeoRegion, uniform: () => number): { lat: number; lon: number } {
  const rad = Math.PI / 180;
  const s0 = Math.sin(region.latMin * rad);
  const s1 = Math.sin(region.latMax * rad);
  const lat = Math.asin(s0 + (s1 - s0) * uniform()) / rad;
  const lon = region.lonMin + (region.lonMax - region.lonMin) * uniform();
  return { lat, lon };
}
