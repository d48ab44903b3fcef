// A traffic matrix from a file (REPETITA .demands, JSON or CSV through the routing engine's
// importers) in the simulator's pair form, so imported networks run with their own demands
// instead of a gravity model. Pairs are destination-major like the gravity matrix's; a lookup
// table replaces the dense pair-index formula since not every pair need have a demand.
import type { Demand } from '../../graph/topology.js';
import type { SimNetwork } from '../network.js';
import type { GravityMatrix } from './gravity.js';

export function matrixFromDemands(network: SimNetwork, demands: readonly Demand[]): GravityMatrix {
  const n = network.nodes.length;
  const index = new Map(network.nodes.map((node, i) => [node.name, i]));
  const rates = new Map<number, number>();
  const problems: string[] = [];
  for (const d of demands) {
    const s = index.get(d.src);
    const t = index.get(d.dst);
    if (s === undefined || t === undefined) {
      problems.push(`demand ${d.id ?? `${d.src}→${d.dst}`} names a node that is not in the topology`);
      continue;
    }
    if (s === t || !(d.rate > 0)) continue;
    rates.set(t * n + s, (rates.get(t * n + s) ?? 0) + d.rate);
  }
  if (problems.length) throw new Error(`sim: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? ` … and ${problems.length - 5} more` : ''}`);
  if (rates.size === 0) throw new Error('sim: the imported traffic matrix has no demand with a positive rate between two different nodes');
  const keys = [...rates.keys()].sort((a, b) => a - b);
  const src = new Int32Array(keys.length);
  const dst = new Int32Array(keys.length);
  const share = new Float64Array(keys.length);
  const lookup = new Map<number, number>();
  const involved = new Uint8Array(n);
  let total = 0;
  keys.forEach((key, p) => {
    dst[p] = Math.floor(key / n);
    src[p] = key % n;
    share[p] = rates.get(key)!;
    total += share[p]!;
    lookup.set(src[p]! * n + dst[p]!, p);
    involved[src[p]!] = 1;
    involved[dst[p]!] = 1;
  });
  for (let p = 0; p < share.length; p++) share[p]! /= total;
  const origins = Int32Array.from([...involved.keys()].filter((v) => involved[v]));
  const originSlot = new Int32Array(n).fill(-1);
  origins.forEach((v, i) => (originSlot[v] = i));
  return { origins, originSlot, mass: new Float64Array(n).fill(1), src, dst, share, lookup, totalRate: total };
}
