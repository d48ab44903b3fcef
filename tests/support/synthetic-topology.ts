// A seeded, positioned synthetic network in NetWeaver's topology JSON, for the UI benchmark and
// the topology test at scale: devices on a jittered grid, each linked to ~N near neighbours
// (a few parallel links), every direction with a utilisation from 0 to 110 %.
/** A seeded grid-like network: devices on a jittered grid, each linked to ~5 near neighbours. */
export function syntheticTopology(nodes: number, linksPerNode: number) {
  let seed = 12345;
  const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
  const side = Math.ceil(Math.sqrt(nodes));
  const n = Array.from({ length: nodes }, (_, i) => ({ id: `r${i}`, name: `r${i}`, x: (i % side) * 10 + rand() * 6, y: Math.floor(i / side) * 10 + rand() * 6 }));
  const links = [];
  const seen = new Set<string>();
  const dir = () => ({ capacity: [1e9, 1e10, 1e11][Math.floor(rand() * 3)]!, metric: 10, latency: 1, loss: 0 });
  let k = 0;
  while (links.length < nodes * linksPerNode && k < nodes * linksPerNode * 20) {
    k++;
    const a = Math.floor(rand() * nodes);
    const dx = Math.floor(rand() * 7) - 3;
    const dy = Math.floor(rand() * 7) - 3;
    const b = a + dx + dy * side;
    if (b < 0 || b >= nodes || b === a) continue;
    const key = a < b ? `${a}-${b}` : `${b}-${a}`;
    if (seen.has(key) && rand() > 0.1) continue; // a few parallel links
    seen.add(key);
    links.push({ id: `l${links.length}`, a: `r${a}`, b: `r${b}`, ab: dir(), ba: dir(), srlgs: [] });
  }
  const loads = { links: Object.fromEntries(links.map((l) => [l.id, { ab: { rate: 0, utilisation: rand() * 1.1 }, ba: { rate: 0, utilisation: rand() * 1.1 } }])) };
  return { format: 'netweaver-topology', version: 1, name: `bench-${nodes}`, nodes: n, links, loads };
}

