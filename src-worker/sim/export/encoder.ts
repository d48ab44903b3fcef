// What every flow-export encoder is: it turns rows of a FlowBatch (all from one exporter) into
// real NetFlow v5, NetFlow v9, IPFIX or sFlow v5 datagrams, keeping the per-exporter state the
// protocol needs (sequence numbers, templates, uptime). Transport is udp-exporter.ts's job.
import type { FlowBatch } from '../../flow/record.js';

export const EXPORT_FORMATS = ['netflow5', 'netflow9', 'ipfix', 'sflow'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Standard collector ports: 2055 for NetFlow, 4739 for IPFIX, 6343 for sFlow. */
export const DEFAULT_PORTS: Record<ExportFormat, number> = { netflow5: 2055, netflow9: 2055, ipfix: 4739, sflow: 6343 };

export interface EncoderConfig {
  /** Exporter (router) number: NetFlow v5 engine id, v9 source id, IPFIX domain, sFlow sub-agent. */
  exporterId: number;
  /** Exporter address as host-order IPv4 (sFlow agent address). */
  agentIPv4: number;
  /** When the exporter "booted", ms since the epoch; uptime fields count from here. */
  bootTimeMs: number;
  /** NetFlow v9/IPFIX: resend templates every this many packets (RFC 7011 §8.4 for UDP). */
  templateRefreshPackets: number;
  /** Largest datagram written, bytes (1400 keeps clear of a 1500-byte MTU). */
  maxDatagramBytes: number;
}

export interface EncodedPacket {
  bytes: Uint8Array;
  /** Flow rows carried (sFlow: flow samples). */
  records: number;
}

export interface FlowEncoder {
  readonly format: ExportFormat;
  /** Whether the row can be carried (v5 and our v9/IPFIX/sFlow templates are IPv4 only). */
  accepts(batch: FlowBatch, row: number): boolean;
  /**
   * Encodes as many of rows[start..end) as fit in one datagram; returns the datagram and how
   * many rows it took. `exportTimeMs` is the header's export time.
   */
  encode(batch: FlowBatch, rows: Uint32Array, start: number, end: number, exportTimeMs: number): EncodedPacket;
}

export const DEFAULT_ENCODER_CONFIG: Omit<EncoderConfig, 'exporterId' | 'agentIPv4' | 'bootTimeMs'> = {
  templateRefreshPackets: 20,
  maxDatagramBytes: 1400,
};

/** IPv4 address of a row's 16-byte column as host-order u32 (0 when not IPv4-mapped). */
export function ipv4At(column: Uint8Array, row: number): number {
  const o = row * 16;
  return ((column[o + 12]! << 24) | (column[o + 13]! << 16) | (column[o + 14]! << 8) | column[o + 15]!) >>> 0;
}

export function isIPv4Row(column: Uint8Array, row: number): boolean {
  const o = row * 16;
  for (let i = 0; i < 10; i++) if (column[o + i] !== 0) return false;
  return column[o + 10] === 0xff && column[o + 11] === 0xff;
}

/** A nullable numeric column's value or a default for "not available". */
export function orZero(value: number): number {
  return Number.isNaN(value) ? 0 : value;
}

/** Clamps to an unsigned 32-bit counter (v5's dOctets/dPkts cannot carry more). */
export function u32(value: number): number {
  return value <= 0 ? 0 : value >= 4294967295 ? 4294967295 : Math.round(value);
}
