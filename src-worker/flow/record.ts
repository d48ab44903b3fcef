// The flow record of DESIGN.md as a columnar batch. Every source (live UDP, imported capture,
// raw-packet assembly, simulator) fills one of these; the store appends it column by column.
// Addresses are 16 bytes each (IPv6, or IPv4-mapped ::ffff:a.b.c.d) so decoders never build
// strings on the hot path. Nullable numeric columns are Float64Array with NaN meaning NULL.
import { formatAddress } from './address.js';

export const FLOW_SOURCES = ['netflow5', 'netflow9', 'ipfix', 'sflow', 'pcap', 'sim', 'netflow1', 'netflow7'] as const;
export type FlowSource = (typeof FLOW_SOURCES)[number];

/** One flow as plain values: for tests, JSON output and slow paths. */
export interface FlowRecord {
  time_start: number; // µs since the Unix epoch, UTC
  time_end: number;
  time_received: number;
  exporter: string;
  source: FlowSource;
  src_addr: string;
  dst_addr: string;
  src_port: number;
  dst_port: number;
  protocol: number;
  bytes: number;
  packets: number;
  sampling_rate: number;
  in_if: number | null;
  out_if: number | null;
  direction: number | null;
  tcp_flags: number | null;
  tos: number | null;
  vlan: number | null;
  src_as: number | null;
  dst_as: number | null;
  next_hop: string | null;
}

/** Columnar flows. `length` rows are valid; arrays may be longer (capacity). */
export interface FlowBatch {
  length: number;
  time_start: Float64Array;
  time_end: Float64Array;
  time_received: Float64Array;
  exporter: Uint8Array; // 16 bytes per row
  source: Uint8Array; // index into FLOW_SOURCES
  src_addr: Uint8Array; // 16 bytes per row
  dst_addr: Uint8Array; // 16 bytes per row
  src_port: Uint16Array;
  dst_port: Uint16Array;
  protocol: Uint8Array;
  bytes: Float64Array;
  packets: Float64Array;
  sampling_rate: Uint32Array;
  in_if: Float64Array;
  out_if: Float64Array;
  direction: Float64Array;
  tcp_flags: Float64Array;
  tos: Float64Array;
  vlan: Float64Array;
  src_as: Float64Array;
  dst_as: Float64Array;
  next_hop: Uint8Array; // 16 bytes per row; all zero means NULL
}

export function createFlowBatch(capacity: number): FlowBatch {
  const nan = (n: number) => new Float64Array(n).fill(NaN);
  return {
    length: 0,
    time_start: new Float64Array(capacity),
    time_end: new Float64Array(capacity),
    time_received: new Float64Array(capacity),
    exporter: new Uint8Array(capacity * 16),
    source: new Uint8Array(capacity),
    src_addr: new Uint8Array(capacity * 16),
    dst_addr: new Uint8Array(capacity * 16),
    src_port: new Uint16Array(capacity),
    dst_port: new Uint16Array(capacity),
    protocol: new Uint8Array(capacity),
    bytes: new Float64Array(capacity),
    packets: new Float64Array(capacity),
    sampling_rate: new Uint32Array(capacity).fill(1),
    in_if: nan(capacity),
    out_if: nan(capacity),
    direction: nan(capacity),
    tcp_flags: nan(capacity),
    tos: nan(capacity),
    vlan: nan(capacity),
    src_as: nan(capacity),
    dst_as: nan(capacity),
    next_hop: new Uint8Array(capacity * 16),
  };
}

/** The ArrayBuffers behind a batch, for postMessage transfer lists. */
export function flowBatchBuffers(batch: FlowBatch): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const value of Object.values(batch)) {
    if (ArrayBuffer.isView(value)) buffers.add(value.buffer as ArrayBuffer);
  }
  return [...buffers];
}

function addressAt(column: Uint8Array, row: number): string {
  return formatAddress(column.subarray(row * 16, row * 16 + 16));
}

function nullable(value: number): number | null {
  return Number.isNaN(value) ? null : value;
}

function isZero16(column: Uint8Array, row: number): boolean {
  for (let i = row * 16; i < row * 16 + 16; i++) if (column[i] !== 0) return false;
  return true;
}

export function flowRecordAt(batch: FlowBatch, row: number): FlowRecord {
  return {
    time_start: batch.time_start[row]!,
    time_end: batch.time_end[row]!,
    time_received: batch.time_received[row]!,
    exporter: addressAt(batch.exporter, row),
    source: FLOW_SOURCES[batch.source[row]!] ?? 'pcap',
    src_addr: addressAt(batch.src_addr, row),
    dst_addr: addressAt(batch.dst_addr, row),
    src_port: batch.src_port[row]!,
    dst_port: batch.dst_port[row]!,
    protocol: batch.protocol[row]!,
    bytes: batch.bytes[row]!,
    packets: batch.packets[row]!,
    sampling_rate: batch.sampling_rate[row]!,
    in_if: nullable(batch.in_if[row]!),
    out_if: nullable(batch.out_if[row]!),
    direction: nullable(batch.direction[row]!),
    tcp_flags: nullable(batch.tcp_flags[row]!),
    tos: nullable(batch.tos[row]!),
    vlan: nullable(batch.vlan[row]!),
    src_as: nullable(batch.src_as[row]!),
    dst_as: nullable(batch.dst_as[row]!),
    next_hop: isZero16(batch.next_hop, row) ? null : addressAt(batch.next_hop, row),
  };
}

export function flowRecords(batch: FlowBatch): FlowRecord[] {
  const out: FlowRecord[] = [];
  for (let row = 0; row < batch.length; row++) out.push(flowRecordAt(batch, row));
  return out;
}
