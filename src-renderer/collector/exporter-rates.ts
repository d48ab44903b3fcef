// Per-exporter packet and record rates from successive collector.exporters snapshots, with a
// short history per exporter for its sparkline. An exporter absent from a snapshot keeps no
// history; one whose counters went backwards (collector restarted) starts again at 0.
import { counterRate } from './rates.js';

export interface ExporterCounters {
  exporter: string;
  packets: number;
  records: number;
}

export interface ExporterRate {
  pps: number;
  rps: number;
  /** Packets per second, oldest first, at most `length` points. */
  history: number[];
}

export interface ExporterRateState {
  t: number;
  counters: Map<string, ExporterCounters>;
  rates: Map<string, ExporterRate>;
}

export const EMPTY_RATES: ExporterRateState = { t: 0, counters: new Map(), rates: new Map() };

/** The state after one more snapshot taken at `t` (ms). */
export function nextExporterRates(prev: ExporterRateState, snapshot: readonly ExporterCounters[], t: number, length = 60): ExporterRateState {
  const rates = new Map<string, ExporterRate>();
  const dt = t - prev.t;
  for (const e of snapshot) {
    const before = prev.counters.get(e.exporter);
    const old = prev.rates.get(e.exporter);
    if (!before) {
      rates.set(e.exporter, { pps: 0, rps: 0, history: [] });
      continue;
    }
    const pps = counterRate(before.packets, e.packets, dt);
    const rps = counterRate(before.records, e.records, dt);
    rates.set(e.exporter, { pps, rps, history: [...(old?.history ?? []), pps].slice(-length) });
  }
  return { t, counters: new Map(snapshot.map((e) => [e.exporter, { exporter: e.exporter, packets: e.packets, records: e.records }])), rates };
}
