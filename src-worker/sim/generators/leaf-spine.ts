// Leaf-spine (two-tier Clos) fabric: every leaf (top-of-rack) connects to every spine; traffic
// starts and ends at leaves. For n switches the spine count is about sqrt(n)/2 (at least 2),
// as fabrics keep far fewer spines than leaves. Leaf uplinks are 100G, or 400G past 8 spines.
import type { NetworkShape, SimNode } from '../network.js';
import { DATA_CENTRE } from './fabric-site.js';

export function leafSpine(n: number, spines?: number): NetworkShape {
  if (n < 3) throw new Error(`sim: a leaf-spine fabric needs at least 3 switches, got ${n}`);
  const s = Math.max(2, Math.min(n - 1, spines ?? Math.round(Math.sqrt(n) / 2)));
  const nodes: SimNode[] = [];
  for (let i = 0; i < s; i++) nodes.push({ name: `spine${i}`, ...DATA_CENTRE, role: 'spine', originates: false });
  for (let i = 0; i < n - s; i++) nodes.push({ name: `leaf${i}`, ...DATA_CENTRE, role: 'leaf', originates: true });
  const edges: Array<[number, number]> = [];
  for (let leaf = s; leaf < n; leaf++) for (let spine = 0; spine < s; spine++) edges.push([spine, leaf]);
  const uplink = s > 8 ? 400e9 : 100e9;
  return { kind: 'leaf-spine', nodes, edges, capacityBps: edges.map(() => uplink), fabric: true };
}
