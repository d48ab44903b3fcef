// N-hop neighbourhood: the devices within N links of a device, for focusing a large map on the
// part around one router. Breadth-first over an adjacency list, direction ignored.

export type Adjacency = ReadonlyMap<string, readonly string[]>;

export function adjacencyOf(links: readonly { a: string; b: string }[]): Map<string, string[]> {
  const adj = new Map<string, string[]>();
  for (const { a, b } of links) {
    (adj.get(a) ?? adj.set(a, []).get(a)!).push(b);
    (adj.get(b) ?? adj.set(b, []).get(b)!).push(a);
  }
  return adj;
}

/** Node id → hop distance, for every node within `hops` of `start` (start itself at 0). */
export function neighbourhood(adj: Adjacency, start: string, hops: number): Map<string, number> {
  const dist = new Map<string, number>([[start, 0]]);
  let frontier = [start];
  for (let h = 1; h <= hops && frontier.length; h++) {
    const next: string[] = [];
    for (const u of frontier) {
      for (const v of adj.get(u) ?? []) {
        if (dist.has(v)) continue;
        dist.set(v, h);
        next.push(v);
      }
    }
    frontier = next;
  }
  return dist;
}
