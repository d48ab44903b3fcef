// Device search: ranks devices by how well their name, id, site or an address matches what
// the engineer typed (exact, then prefix, then substring), case-insensitively.
import type { TopologyNodeData } from './topology-data.js';

export interface SearchHit {
  id: string;
  name: string;
  matched: string;
  score: number;
}

export function searchNodes(nodes: readonly TopologyNodeData[], query: string, limit = 12): SearchHit[] {
  const q = query.trim().toLowerCase();
  if (!q) return [];
  const hits: SearchHit[] = [];
  for (const n of nodes) {
    let best = 0;
    let matched = '';
    for (const [field, weight] of [[n.name, 3], [n.id, 2], [n.site, 1], ...(n.addresses ?? []).map((a) => [a, 1] as const)] as const) {
      if (!field) continue;
      const f = field.toLowerCase();
      const s = f === q ? 30 : f.startsWith(q) ? 20 : f.includes(q) ? 10 : 0;
      if (s && s + weight > best) {
        best = s + weight;
        matched = field;
      }
    }
    if (best) hits.push({ id: n.id, name: n.name, matched, score: best });
  }
  hits.sort((x, y) => y.score - x.score || x.name.localeCompare(y.name));
  return hits.slice(0, limit);
}
