// Store access for topologies: save an imported topology (devices, links, one interface row per
// link direction, its traffic matrix), list them, and load one back as the engine's plain
// Topology. Written only by the host; the routing engines receive the loaded objects.
import { randomUUID } from 'node:crypto';
import type { Demand, LinkDirection, Topology, TopologyLink, TopologyNode } from '../../src-worker/graph/topology.js';
import type { TopologySummary } from '../api/contract/routing.js';
import { StoreError, type Store } from './store.js';

const num = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? null : v);

export async function saveTopology(store: Store, topology: Topology, demands: readonly Demand[], warnings: readonly string[] = []): Promise<TopologySummary> {
  const id = randomUUID().replace(/-/g, '').slice(0, 12);
  const created = Date.now();
  await store.run('BEGIN TRANSACTION');
  try {
    await store.run(
      'INSERT INTO topologies (topology_id, name, source, created_ms, device_count, link_count, demand_count, warnings) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
      [id, topology.name, topology.source ?? null, created, topology.nodes.length, topology.links.length, demands.length, JSON.stringify(warnings)],
    );
    for (const [i, n] of topology.nodes.entries()) {
      await store.run('INSERT INTO topo_devices (topology_id, ord, device_id, name, site, role, lat, lon, x, y, addresses) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)', [
        id,
        i,
        n.id,
        n.name,
        n.site ?? null,
        n.role ?? null,
        num(n.lat),
        num(n.lon),
        num(n.x),
        num(n.y),
        n.addresses ? JSON.stringify(n.addresses) : null,
      ]);
    }
    for (const [i, l] of topology.links.entries()) {
      await store.run('INSERT INTO topo_links (topology_id, ord, link_id, a, b, label, srlgs) VALUES ($1, $2, $3, $4, $5, $6, $7)', [id, i, l.id, l.a, l.b, l.label ?? null, JSON.stringify(l.srlgs)]);
      for (const [direction, dir, device] of [['ab', l.ab, l.a], ['ba', l.ba, l.b]] as const) {
        if (!dir) continue;
        await store.run(
          'INSERT INTO topo_interfaces (topology_id, link_id, direction, device_id, name, capacity_bps, metric, latency_ms, loss) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)',
          [id, l.id, direction, device, dir.interface ?? null, dir.capacity, dir.metric, dir.latency, dir.loss],
        );
      }
    }
    // Demands in batches: REPETITA matrices have tens of thousands of rows.
    const batch = 500;
    for (let i = 0; i < demands.length; i += batch) {
      const rows = demands.slice(i, i + batch);
      const values = rows.map((_, k) => `($1, $${k * 5 + 2}, $${k * 5 + 3}, $${k * 5 + 4}, $${k * 5 + 5}, $${k * 5 + 6})`).join(', ');
      await store.run(`INSERT INTO topo_demands (topology_id, ord, demand_id, src, dst, rate_bps) VALUES ${values}`, [id, ...rows.flatMap((d, k) => [i + k, d.id ?? null, d.src, d.dst, d.rate])]);
    }
    await store.run('COMMIT');
  } catch (error) {
    await store.run('ROLLBACK').catch(() => undefined);
    throw new StoreError(`topology: saving "${topology.name}" failed: ${(error as Error).message}`);
  }
  return { topologyId: id, name: topology.name, source: topology.source ?? null, createdAt: new Date(created).toISOString(), devices: topology.nodes.length, links: topology.links.length, demands: demands.length, warnings: [...warnings] };
}

interface SummaryRow {
  topology_id: string;
  name: string;
  source: string | null;
  created_ms: number;
  device_count: number;
  link_count: number;
  demand_count: number;
  warnings: unknown;
}

const parseJson = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;

function summaryOf(r: SummaryRow): TopologySummary {
  return {
    topologyId: r.topology_id,
    name: r.name,
    source: r.source,
    createdAt: new Date(Number(r.created_ms)).toISOString(),
    devices: Number(r.device_count),
    links: Number(r.link_count),
    demands: Number(r.demand_count),
    warnings: parseJson<string[]>(r.warnings) ?? [],
  };
}

export async function listTopologies(store: Store): Promise<TopologySummary[]> {
  const rows = await store.all<SummaryRow>('SELECT * FROM topologies ORDER BY created_ms DESC, topology_id');
  return rows.map(summaryOf);
}

/** By id, by name (the newest with it), or the newest of all when `pick` is omitted. */
export async function findTopology(store: Store, pick?: string): Promise<TopologySummary> {
  const rows = pick
    ? await store.all<SummaryRow>('SELECT * FROM topologies WHERE topology_id = $1 OR name = $1 ORDER BY created_ms DESC LIMIT 1', [pick])
    : await store.all<SummaryRow>('SELECT * FROM topologies ORDER BY created_ms DESC LIMIT 1');
  if (!rows[0]) throw new StoreError(pick ? `topology: no stored topology "${pick}" (netweaver topo list shows them)` : 'topology: no topology stored yet; import one with netweaver topo import FILE');
  return summaryOf(rows[0]);
}

export async function loadTopology(store: Store, pick?: string): Promise<{ summary: TopologySummary; topology: Topology; demands: Demand[] }> {
  const summary = await findTopology(store, pick);
  const id = summary.topologyId;
  const devices = await store.all<Record<string, unknown>>('SELECT * FROM topo_devices WHERE topology_id = $1 ORDER BY ord', [id]);
  const links = await store.all<Record<string, unknown>>('SELECT * FROM topo_links WHERE topology_id = $1 ORDER BY ord', [id]);
  const ifaces = await store.all<Record<string, unknown>>('SELECT * FROM topo_interfaces WHERE topology_id = $1', [id]);
  const demandRows = await store.all<Record<string, unknown>>('SELECT demand_id, src, dst, rate_bps FROM topo_demands WHERE topology_id = $1 ORDER BY ord', [id]);
  const nodes = devices.map((d): TopologyNode => {
    const n: TopologyNode = { id: String(d.device_id), name: String(d.name) };
    if (d.site !== null) n.site = String(d.site);
    if (d.role !== null) n.role = String(d.role);
    for (const k of ['lat', 'lon', 'x', 'y'] as const) if (d[k] !== null && d[k] !== undefined) n[k] = Number(d[k]);
    if (d.addresses !== null && d.addresses !== undefined) n.addresses = parseJson<string[]>(d.addresses);
    return n;
  });
  const byLink = new Map<string, Record<string, LinkDirection>>();
  for (const f of ifaces) {
    const dir: LinkDirection = { capacity: Number(f.capacity_bps), metric: Number(f.metric), latency: Number(f.latency_ms), loss: Number(f.loss) };
    if (f.name !== null && f.name !== undefined) dir.interface = String(f.name);
    byLink.set(String(f.link_id), { ...(byLink.get(String(f.link_id)) ?? {}), [String(f.direction)]: dir });
  }
  const topoLinks = links.map((l): TopologyLink => {
    const dirs = byLink.get(String(l.link_id)) ?? {};
    if (!dirs.ab) throw new StoreError(`topology: link "${String(l.link_id)}" of "${summary.name}" has no interface row; the store is damaged`);
    const link: TopologyLink = { id: String(l.link_id), a: String(l.a), b: String(l.b), ab: dirs.ab, ba: dirs.ba ?? null, srlgs: parseJson<string[]>(l.srlgs) };
    if (l.label !== null && l.label !== undefined) link.label = String(l.label);
    return link;
  });
  const demands = demandRows.map((r): Demand => ({ ...(r.demand_id !== null ? { id: String(r.demand_id) } : {}), src: String(r.src), dst: String(r.dst), rate: Number(r.rate_bps) }));
  const topology: Topology = { name: summary.name, nodes, links: topoLinks, ...(summary.source ? { source: summary.source } : {}) };
  return { summary, topology, demands };
}
