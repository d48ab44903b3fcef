// The topology-table tests, for any Store backend: DuckDB (topology-tables.test.ts) and
// PostgreSQL (tests/interop/routing-store-postgres.test.ts).
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../src-main/store/migrate.js';
import { migrations } from '../../../src-main/store/migrations/index.js';
import type { Store } from '../../../src-main/store/store.js';
import { findTopology, listTopologies, loadTopology, saveTopology } from '../../../src-main/store/topology-tables.js';
import { importContainerlab } from '../../../src-worker/graph/containerlab.js';
import { diamond } from '../routing/small-networks.js';

export function topologyTablesSuite(open: () => Promise<Store>): void {
  describe('topology tables', () => {
    it('round-trips devices, links, per-direction interfaces, SRLGs and demands', async () => {
      const store = await open();
      try {
        const lab = importContainerlab(
          `name: lab
topology:
  nodes:
    r1: { kind: ceos, mgmt-ipv4: 10.0.0.1, labels: { role: core, site: PAR, graph-geoCoordinateLat: "48.8", graph-geoCoordinateLng: "2.3" } }
    r2: { kind: ceos }
  links:
    - endpoints: ["r1:eth1", "r2:eth1"]
      vars: { capacity: 10G, metric-ab: 10, metric-ba: 20, latency: 1.5, loss: 0.001, srlgs: [duct-1, duct-2] }
`,
          { file: 'lab.clab.yml' },
        ).topology;
        const demands = [{ id: 'd1', src: 'r1', dst: 'r2', rate: 2e9 }];
        const saved = await saveTopology(store, lab, demands, ['import: a warning']);
        expect(saved).toMatchObject({ name: 'lab', devices: 2, links: 1, demands: 1, warnings: ['import: a warning'] });
        const back = await loadTopology(store, saved.topologyId);
        expect(back.topology.nodes).toEqual(lab.nodes);
        expect(back.topology.links).toEqual(lab.links);
        expect(back.demands).toEqual(demands);
        const second = await saveTopology(store, diamond, []);
        expect((await findTopology(store)).topologyId).toBe(second.topologyId);
        expect((await loadTopology(store, 'lab')).summary.topologyId).toBe(saved.topologyId);
        expect((await loadTopology(store, 'diamond')).topology.links).toEqual(diamond.links);
        expect((await listTopologies(store)).map((t) => t.name)).toEqual(['diamond', 'lab']);
        await expect(loadTopology(store, 'nope')).rejects.toThrow(/topology: no stored topology "nope"/);
      } finally {
        await store.close();
      }
    });
  
    it('stores a large traffic matrix in batches', async () => {
      const store = await open();
      try {
        const demands = Array.from({ length: 1234 }, (_, i) => ({ src: i % 2 ? 'A' : 'B', dst: 'E', rate: i }));
        const s = await saveTopology(store, diamond, demands);
        const back = await loadTopology(store, s.topologyId);
        expect(back.demands.length).toBe(1234);
        expect(back.demands[1233]).toEqual({ src: 'A', dst: 'E', rate: 1233 });
      } finally {
        await store.close();
      }
    });
  
    it('applies migrations below the newest one a store already has', async () => {
      const store = await open();
      await store.run('DROP TABLE topo_demands');
      await store.run('DROP TABLE topo_interfaces');
      await store.run('DROP TABLE topo_links');
      await store.run('DROP TABLE topo_devices');
      await store.run('DROP TABLE topologies');
      await store.run('DELETE FROM schema_migrations WHERE version = 10');
      await migrate(store, migrations);
      expect(await listTopologies(store)).toEqual([]);
      await store.close();
    });
  });
}
