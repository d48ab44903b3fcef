// Per-exporter counters the decoders' global counters cannot give: the collector snapshots the
// decoder's error, template-miss and sequence-loss counters around each packet and charges the
// difference to the exporter that sent it.
import { DECODE_ERROR_KINDS, type DecodeErrorKind, type DecodeStats } from '../../src-worker/flow/decode-stats.js';

export interface ExporterStats {
  exporter: string; // "addr:port"
  address: string;
  protocols: string[];
  packets: number;
  bytes: number;
  records: number;
  decodeErrors: Partial<Record<DecodeErrorKind, number>>;
  /** Data sets that arrived before their template (parked, decoded later or lost). */
  templateMisses: number;
  /** Estimated from sequence gaps: packets (v9/sFlow) and flows (v5/IPFIX) never received. */
  lostPackets: number;
  lostFlows: number;
  firstSeenMs: number;
  lastSeenMs: number;
  lastError?: string;
}

interface Before {
  errors: number;
  pending: number;
  lostPackets: number;
  lostFlows: number;
}

export class ExporterStatsTable {
  private readonly table = new Map<string, ExporterStats>();
  private readonly before: Before = { errors: 0, pending: 0, lostPackets: 0, lostFlows: 0 };
  private readonly kindsBefore = new Map<DecodeErrorKind, number>();

  entry(key: string, address: string, nowMs: number): ExporterStats {
    let e = this.table.get(key);
    if (!e) {
      e = { exporter: key, address, protocols: [], packets: 0, bytes: 0, records: 0, decodeErrors: {}, templateMisses: 0, lostPackets: 0, lostFlows: 0, firstSeenMs: nowMs, lastSeenMs: nowMs };
      this.table.set(key, e);
    }
    return e;
  }

  /** Call before decoding a packet. */
  mark(stats: DecodeStats): void {
    this.before.errors = stats.errorTotal();
    this.before.pending = stats.pendingQueued;
    this.before.lostPackets = stats.lostPackets;
    this.before.lostFlows = stats.lostFlows;
    if (this.kindsBefore.size === 0) for (const k of DECODE_ERROR_KINDS) this.kindsBefore.set(k, stats.errors[k]);
  }

  /** Call after decoding: charges what changed to `e`. */
  charge(e: ExporterStats, stats: DecodeStats, protocol: string | null, recentError: () => string | undefined): void {
    if (protocol && !e.protocols.includes(protocol)) e.protocols.push(protocol);
    e.templateMisses += stats.pendingQueued - this.before.pending;
    e.lostPackets += stats.lostPackets - this.before.lostPackets;
    e.lostFlows += stats.lostFlows - this.before.lostFlows;
    if (stats.errorTotal() !== this.before.errors) {
      for (const k of DECODE_ERROR_KINDS) {
        const d = stats.errors[k] - (this.kindsBefore.get(k) ?? 0);
        if (d > 0) e.decodeErrors[k] = (e.decodeErrors[k] ?? 0) + d;
      }
      e.lastError = recentError();
    }
    for (const k of DECODE_ERROR_KINDS) this.kindsBefore.set(k, stats.errors[k]);
  }

  list(): ExporterStats[] {
    return [...this.table.values()].map((e) => ({ ...e, protocols: [...e.protocols], decodeErrors: { ...e.decodeErrors } }));
  }
}
