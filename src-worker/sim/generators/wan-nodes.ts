// Routers of a wide-area network scattered over a region: named r0…rN-1, every one a place
// where customers attach (they originate and sink traffic).
import { randomPoint, REGIONS, type GeoRegion } from '../geo.js';
import type { SimNode } from '../network.js';
import type { Prng } from '../prng.js';

export function wanNodes(count: number, rng: Prng, region: GeoRegion = REGIONS.europe!): SimNode[] {
  const nodes: SimNode[] = [];
  for (let i = 0; i < count; i++) {
    const { lat, lon } = randomPoint(region, () => rng.float());
    nodes.push({ name: `r${i}`, lat, lon, role: 'router', originates: true });
  }
  return nodes;
}
