// Fortz–Thorup link cost: a convex piecewise-linear penalty of load against capacity whose slope
// grows 1, 3, 10, 70, 500, 5000 as utilisation passes 1/3, 2/3, 9/10, 1 and 11/10. Summed over
// links (Φ) it rewards spreading load, and drives local search where the MLU alone is flat
// (many moves leave the single worst link unchanged). Arcs of unknown capacity contribute 0.
//
// Stable API: linkCost(load, capacity), networkCost(load, capacity, arcDown?) → Φ

const BREAKS = [0, 1 / 3, 2 / 3, 9 / 10, 1, 11 / 10];
const SLOPES = [1, 3, 10, 70, 500, 5000];

/** φ(load) for one arc, in load units. */
export function linkCost(load: number, capacity: number): number {
  if (!(capacity > 0) || !(load > 0)) return 0;
  let cost = 0;
  for (let i = 0; i < SLOPES.length; i++) {
    const from = BREAKS[i]! * capacity;
    if (load <= from) break;
    const to = i + 1 < BREAKS.length ? BREAKS[i + 1]! * capacity : Infinity;
    cost += SLOPES[i]! * (Math.min(load, to) - from);
  }
  return cost;
}

export function networkCost(load: ArrayLike<number>, capacity: ArrayLike<number>, arcDown?: Uint8Array): number {
  let phi = 0;
  for (let a = 0; a < load.length; a++) if (!arcDown || !arcDown[a]) phi += linkCost(load[a]!, capacity[a]!);
  return phi;
}
