// What a caller asks for: kind, format, and the inputs each kind reads. One shape for the CLI,
// the API (reports.generate) and the UI's Export prefill; validated by the contract's schema.
import type { ReportFormat, ReportKind } from './model.js';

export type FailureKindName = 'link' | 'node' | 'srlg';

export interface ReportRequest {
  kind: ReportKind;
  format: ReportFormat;
  /** ISO-8601 or epoch ms text; traffic (store) and capacity (store) kinds. */
  from?: string;
  to?: string;
  /** Flow filter expression (the store's filter language). */
  filter?: string;
  /** Rows in each top-N table. */
  top?: number;
  /** topology / failure: a topology file (GraphML, REPETITA .graph, containerlab, NetWeaver JSON) and a traffic matrix file. */
  topology?: string;
  demands?: string;
  failureKinds?: FailureKindName[];
  /** capture: capture files (pcap, pcapng, gzip). traffic: summarise these instead of the store. */
  captures?: string[];
  /** capacity: per-link traffic series (CSV timestamp,value) with capacities. */
  links?: { series: string; capacity: string | number; name?: string }[];
  /** capacity from the store: bit/s (or "10G") for links whose speed is unknown. */
  defaultCapacity?: string | number;
  /** Unit of the series values: bit/s, or bytes per interval (converted). */
  seriesUnit?: 'bps' | 'bytes';
  /** Series bucket width in seconds (default 300). */
  stepSeconds?: number;
  horizonDays?: number;
}

/** What a view's "Export" action hands the Reports view: a request with what the view shows. */
export type ReportPrefill = Partial<Omit<ReportRequest, 'format'>> & { kind: ReportKind; format?: ReportFormat; origin: string };

/** Epoch ms from ISO-8601 text, a date, epoch seconds or ms, or "now" / "-24h" style offsets. */
export function parseReportTime(text: string, now = Date.now()): number {
  const t = text.trim();
  if (t === 'now') return now;
  const rel = /^-(\d+(?:\.\d+)?)\s*(s|m|min|h|d|w)$/.exec(t);
  if (rel) return now - Number(rel[1]) * { s: 1e3, m: 6e4, min: 6e4, h: 3.6e6, d: 8.64e7, w: 6.048e8 }[rel[2] as 's'];
  if (/^\d+(\.\d+)?$/.test(t)) {
    const n = Number(t);
    return n < 1e11 ? n * 1000 : n;
  }
  const iso = /^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$/.test(t) ? (t.length === 10 ? `${t}T00:00:00Z` : `${t.replace(' ', 'T')}Z`) : t;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`report: cannot read the time "${text}" (examples: 2024-05-01T10:00:00Z, 2024-05-01, -24h, now, 1714557600)`);
  return ms;
}
