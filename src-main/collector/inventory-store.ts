// Saves what the collector learns about exporters: each exporter becomes a device, each ifIndex
// seen in its flows or named in its options data an interface, sFlow counter samples become
// interface metrics, and the template cache is kept so a restart decodes at once.
import type { ExporterInfo } from '../../src-worker/flow/exporter-inventory.js';
import type { InterfaceCounterRecord } from '../../src-worker/flow/interface-counters.js';
import type { TemplateSnapshot } from '../../src-worker/flow/template.js';
import { dialectFor, SqlParams } from '../store/query/sql-dialect.js';
import type { Store } from '../store/store.js';
import type { ExporterStats } from './exporter-stats.js';

const ROWS_PER_INSERT = 200;

export async function saveInventory(store: Store, inventory: ExporterInfo[], stats: ExporterStats[], seenIfIndexes: Map<string, Set<number>> = new Map()): Promise<void> {
  const d = dialectFor(store.kind);
  const devices = new Map<string, { protocols: Set<string>; lastSeenMs: number }>();
  for (const s of stats) {
    const dev = devices.get(s.address) ?? { protocols: new Set<string>(), lastSeenMs: 0 };
    s.protocols.forEach((p) => dev.protocols.add(p));
    dev.lastSeenMs = Math.max(dev.lastSeenMs, s.lastSeenMs);
    devices.set(s.address, dev);
  }
  for (const [address, dev] of devices) {
    const p = new SqlParams();
    await store.run(
      `INSERT INTO devices (address, protocols, last_seen) VALUES (${p.add(address)}, ${p.add([...dev.protocols].sort().join(','))}, ${d.timestamp(dev.lastSeenMs * 1000, p)})
       ON CONFLICT (address) DO UPDATE SET protocols = excluded.protocols, last_seen = excluded.last_seen`,
      p.values,
    );
  }
  for (const s of stats) {
    // Counters accumulate over a collector's run; a later run starts again from zero and replaces them.
    await store.run(
      `INSERT INTO exporter_stats (exporter, address, stats) VALUES ($1, $2, $3)
       ON CONFLICT (exporter) DO UPDATE SET stats = excluded.stats, updated_at = now()`,
      [s.exporter, s.address, JSON.stringify(s)],
    );
  }
  const interfaces = new Map<string, { device: string; ifIndex: number; name: string | null; description: string | null; speed: number | null }>();
  for (const [device, set] of seenIfIndexes) {
    for (const ifIndex of set) interfaces.set(`${device}/${ifIndex}`, { device, ifIndex, name: null, description: null, speed: null });
  }
  for (const inv of inventory) {
    for (const i of inv.interfaces) {
      interfaces.set(`${inv.address}/${i.ifIndex}`, { device: inv.address, ifIndex: i.ifIndex, name: i.name ?? null, description: i.description ?? null, speed: i.speed ?? null });
    }
  }
  const rows = [...interfaces.values()];
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    const p = new SqlParams();
    const values = rows.slice(i, i + ROWS_PER_INSERT).map((r) => `(${p.add(r.device)}, ${p.add(r.ifIndex)}, ${p.add(r.name)}, ${p.add(r.description)}, ${p.add(r.speed)})`);
    // A name learned once is kept when later rows only know the ifIndex.
    await store.run(
      `INSERT INTO interfaces (device, if_index, name, description, speed) VALUES ${values.join(', ')}
       ON CONFLICT (device, if_index) DO UPDATE SET name = COALESCE(excluded.name, interfaces.name),
         description = COALESCE(excluded.description, interfaces.description), speed = COALESCE(excluded.speed, interfaces.speed)`,
      p.values,
    );
  }
}

export async function saveInterfaceCounters(store: Store, records: InterfaceCounterRecord[]): Promise<number> {
  const d = dialectFor(store.kind);
  const usable = records.filter((r) => r.if_index !== null);
  const sum = (...v: Array<number | null>) => (v.every((x) => x === null) ? null : v.reduce<number>((a, x) => a + (x ?? 0), 0));
  for (let i = 0; i < usable.length; i += ROWS_PER_INSERT) {
    const p = new SqlParams();
    const values = usable.slice(i, i + ROWS_PER_INSERT).map((r) => `(${[
      d.timestamp(r.time_received, p), p.add(r.agent), p.add(r.if_index), p.add(r.if_speed), p.add(r.oper_up),
      p.add(r.in_octets), p.add(r.out_octets), p.add(sum(r.in_ucast_pkts, r.in_multicast_pkts, r.in_broadcast_pkts)),
      p.add(sum(r.out_ucast_pkts, r.out_multicast_pkts, r.out_broadcast_pkts)), p.add(r.in_errors), p.add(r.out_errors), p.add(r.in_discards), p.add(r.out_discards),
    ].join(', ')})`);
    await store.run(
      `INSERT INTO interface_metrics (time, device, if_index, if_speed, oper_up, in_octets, out_octets, in_packets, out_packets, in_errors, out_errors, in_discards, out_discards)
       VALUES ${values.join(', ')}`,
      p.values,
    );
  }
  return usable.length;
}

export async function saveTemplates(store: Store, templates: TemplateSnapshot[]): Promise<void> {
  await store.run('DELETE FROM exporter_templates WHERE id = 1');
  await store.run('INSERT INTO exporter_templates (id, snapshot) VALUES (1, $1)', [JSON.stringify(templates)]);
}

export async function loadTemplates(store: Store): Promise<TemplateSnapshot[]> {
  const rows = await store.all<{ snapshot: unknown }>('SELECT snapshot FROM exporter_templates WHERE id = 1');
  if (!rows.length) return [];
  const value = rows[0]!.snapshot;
  const parsed = typeof value === 'string' ? JSON.parse(value) : value;
  return Array.isArray(parsed) ? (parsed as TemplateSnapshot[]) : [];
}

export async function loadExporterStats(store: Store): Promise<ExporterStats[]> {
  const rows = await store.all<{ stats: unknown }>('SELECT stats FROM exporter_stats ORDER BY exporter');
  return rows.map((r) => (typeof r.stats === 'string' ? JSON.parse(r.stats) : r.stats) as ExporterStats);
}
