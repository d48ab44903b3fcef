// Makes a random graph connected the way a network planner would: every stray component is
// joined to the largest one by its geographically nearest pair of nodes (one new link each).
import { greatCircleKm } from '../geo.js';
import { adjacency, componentLabels, type SimNode } from '../network.js';

export function connectComponents(nodes: SimNode[], edges: Array<[number, number]>): Array<[number, number]> {
  const adj = adjacency(nodes.length, edges);
  const { labels, count } = componentLabels(adj);
  if (count <= 1) return edges;
  const members: number[][] = Array.from({ length: count }, () => []);
  for (let v = 0; v < nodes.length; v++) members[labels[v]!]!.push(v);
  let giant = 0;
  for (let c = 1; c < count; c++) if (members[c]!.length > members[giant]!.length) giant = c;
  const joined = [...members[giant]!];
  const out = edges.slice();
  for (let c = 0; c < count; c++) {
    if (c === giant) continue;
    let best: [number, number] = [members[c]![0]!, joined[0]!];
    let bestKm = Infinity;
    for (const u of members[c]!) {
      for (const v of joined) {
        const km = greatCircleKm(nodes[u]!.lat, nodes[u]!.lon, nodes[v]!.lat, nodes[v]!.lon);
        if (km < bestKm) {
          bestKm = km;
          best = [u, v];
        }
      }
    }
    out.push(best);
    joined.push(...members[c]!);
  }
  return out;
}
