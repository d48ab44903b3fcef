// The fields NetFlow v9 and IPFIX templates carry for the simulator's IPv4 flows, with how each
// is written from a FlowBatch row. Element ids are the IANA/Cisco ones both protocols share
// (1 octets, 2 packets, 4 protocol, 7/11 ports, 8/12 addresses, 10/14 interfaces …); only the
// timestamps differ: v9 uses sysUptime (21/22), IPFIX absolute milliseconds (152/153).
import type { FlowBatch } from '../../flow/record.js';
import { ipv4At, orZero, u32 } from './encoder.js';

export interface TemplateField {
  id: number;
  length: number;
  write(view: DataView, offset: number, batch: FlowBatch, row: number, bootTimeMs: number): void;
}

const u64 = (view: DataView, offset: number, value: number) => view.setBigUint64(offset, BigInt(Math.max(0, Math.round(value))));

const common: TemplateField[] = [
  { id: 8, length: 4, write: (v, o, b, r) => v.setUint32(o, ipv4At(b.src_addr, r)) },
  { id: 12, length: 4, write: (v, o, b, r) => v.setUint32(o, ipv4At(b.dst_addr, r)) },
  { id: 15, length: 4, write: (v, o, b, r) => v.setUint32(o, ipv4At(b.next_hop, r)) },
  { id: 10, length: 4, write: (v, o, b, r) => v.setUint32(o, u32(orZero(b.in_if[r]!))) },
  { id: 14, length: 4, write: (v, o, b, r) => v.setUint32(o, u32(orZero(b.out_if[r]!))) },
  { id: 1, length: 8, write: (v, o, b, r) => u64(v, o, b.bytes[r]!) },
  { id: 2, length: 8, write: (v, o, b, r) => u64(v, o, b.packets[r]!) },
  { id: 7, length: 2, write: (v, o, b, r) => v.setUint16(o, b.src_port[r]!) },
  { id: 11, length: 2, write: (v, o, b, r) => v.setUint16(o, b.dst_port[r]!) },
  { id: 4, length: 1, write: (v, o, b, r) => v.setUint8(o, b.protocol[r]!) },
  { id: 6, length: 1, write: (v, o, b, r) => v.setUint8(o, orZero(b.tcp_flags[r]!) & 0xff) },
  { id: 5, length: 1, write: (v, o, b, r) => v.setUint8(o, orZero(b.tos[r]!) & 0xff) },
  { id: 61, length: 1, write: (v, o, b, r) => v.setUint8(o, orZero(b.direction[r]!) & 0xff) },
  { id: 16, length: 4, write: (v, o, b, r) => v.setUint32(o, u32(orZero(b.src_as[r]!))) },
  { id: 17, length: 4, write: (v, o, b, r) => v.setUint32(o, u32(orZero(b.dst_as[r]!))) },
  // samplingInterval (34): per-record, so a collector needs no options template to scale.
  { id: 34, length: 4, write: (v, o, b, r) => v.setUint32(o, b.sampling_rate[r]!) },
];

export const NETFLOW9_FIELDS: TemplateField[] = [
  ...common,
  { id: 22, length: 4, write: (v, o, b, r, boot) => v.setUint32(o, u32(b.time_start[r]! / 1000 - boot)) },
  { id: 21, length: 4, write: (v, o, b, r, boot) => v.setUint32(o, u32(b.time_end[r]! / 1000 - boot)) },
];

export const IPFIX_FIELDS: TemplateField[] = [
  ...common,
  { id: 152, length: 8, write: (v, o, b, r) => u64(v, o, b.time_start[r]! / 1000) },
  { id: 153, length: 8, write: (v, o, b, r) => u64(v, o, b.time_end[r]! / 1000) },
];

export function recordLength(fields: readonly TemplateField[]): number {
  return fields.reduce((sum, f) => sum + f.length, 0);
}

/** Writes a template record body (id, count, then id/length pairs); returns bytes written. */
export function writeTemplate(view: DataView, offset: number, templateId: number, fields: readonly TemplateField[]): number {
  view.setUint16(offset, templateId);
  view.setUint16(offset + 2, fields.length);
  let o = offset + 4;
  for (const f of fields) {
    view.setUint16(o, f.id);
    view.setUint16(o + 2, f.length);
    o += 4;
  }
  return o - offset;
}

export function writeRecord(view: DataView, offset: number, fields: readonly TemplateField[], batch: FlowBatch, row: number, bootTimeMs: number): number {
  let o = offset;
  for (const f of fields) {
    f.write(view, o, batch, row, bootTimeMs);
    o += f.length;
  }
  return o - offset;
}
