// Link traffic series for the capacity plan from the flow store: each exporter interface seen as
// an egress (exporter, out_if) is a link; its series is the store's time series of bytes per
// interval (×8 ÷ interval = bit/s, sampling applied) and its capacity the interface speed the
// collector recorded (bit/s), else the capacity the caller gave for links of unknown speed.
import type { CapacityLinkInput } from '../../src-worker/report/capacity-forecast.js';
import { flowTimeSeries } from '../store/query/flow-query.js';
import { dialectFor } from '../store/query/sql-dialect.js';
import type { Store } from '../store/store.js';

export interface StoreCapacityQuery {
  fromMs: number | null;
  toMs: number | null;
  filter?: string;
  /** The busiest this many links. */
  top: number;
  stepSeconds: number;
  /** bit/s for links whose speed the store does not know; without it they are left out (and listed). */
  defaultCapacity?: number;
}

export interface StoreCapacityLinks {
  links: CapacityLinkInput[];
  /** Links left out, with why. */
  skipped: string[];
  fromMs: number;
  toMs: number;
}

export async function storeCapacityLinks(store: Store, q: StoreCapacityQuery): Promise<StoreCapacityLinks> {
  const d = dialectFor(store.kind);
  const span = await store.all<{ t0: unknown; t1: unknown }>(`SELECT ${d.epochMs('min(time_received)')} AS t0, ${d.epochMs('max(time_received)')} AS t1 FROM flows`);
  if (span[0]?.t0 === null || span[0]?.t0 === undefined) return { links: [], skipped: [], fromMs: 0, toMs: 0 };
  const step = q.stepSeconds * 1000;
  const fromMs = q.fromMs ?? Math.floor(Number(span[0].t0) / step) * step;
  const toMs = q.toMs ?? Number(span[0].t1) + 1;
  const series = await flowTimeSeries(store, { fromUs: fromMs * 1000, toUs: toMs * 1000, filter: q.filter, groupBy: ['exporter', 'out_if'], top: q.top, stepSeconds: q.stepSeconds });
  const interfaces = await store.all<{ device: string; if_index: unknown; name: string | null; speed: unknown }>('SELECT device, if_index, name, speed FROM interfaces');
  const devices = await store.all<{ address: string; name: string | null }>('SELECT address, name FROM devices');
  const speedOf = new Map(interfaces.map((i) => [`${i.device}|${Number(i.if_index)}`, i]));
  const deviceName = new Map(devices.map((x) => [x.address, x.name]));
  const links: CapacityLinkInput[] = [];
  const skipped: string[] = [];
  for (const s of series.series) {
    if (s.other || s.key.out_if === null) continue;
    const exporter = String(s.key.exporter);
    const ifIndex = Number(s.key.out_if);
    const known = speedOf.get(`${exporter}|${ifIndex}`);
    const name = `${deviceName.get(exporter) ?? exporter} ${known?.name ?? `ifIndex ${ifIndex}`} (out)`;
    const speed = known?.speed !== null && known?.speed !== undefined && Number(known.speed) > 0 ? Number(known.speed) : q.defaultCapacity;
    if (!speed) {
      skipped.push(`${name}: speed unknown (give --capacity for links of unknown speed)`);
      continue;
    }
    links.push({
      id: `${exporter}-${ifIndex}`.replace(/[^A-Za-z0-9_.-]+/g, '-'),
      name,
      capacity: speed,
      series: { name, startMs: series.times[0] ?? fromMs, stepMs: step, values: s.values.map((b) => (b * 8) / q.stepSeconds) },
    });
  }
  return { links, skipped, fromMs, toMs };
}
