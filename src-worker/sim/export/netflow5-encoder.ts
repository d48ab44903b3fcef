// NetFlow v5 datagrams (Cisco's fixed format): a 24-byte header and up to 30 48-byte records.
// The flow sequence counts flows, not packets; the sampling field carries mode 01 (random
// sampling) and the interval when rows are sampled.
import type { FlowBatch } from '../../flow/record.js';
import { type EncodedPacket, type EncoderConfig, type FlowEncoder, ipv4At, isIPv4Row, orZero, u32 } from './encoder.js';

const HEADER = 24;
const RECORD = 48;
const MAX_RECORDS = 30;

export class Netflow5Encoder implements FlowEncoder {
  readonly format = 'netflow5' as const;
  private flowSequence = 0;

  constructor(private readonly config: EncoderConfig) {}

  accepts(batch: FlowBatch, row: number): boolean {
    return isIPv4Row(batch.src_addr, row) && isIPv4Row(batch.dst_addr, row);
  }

  encode(batch: FlowBatch, rows: Uint32Array, start: number, end: number, exportTimeMs: number): EncodedPacket {
    const count = Math.min(end - start, MAX_RECORDS);
    const bytes = new Uint8Array(HEADER + count * RECORD);
    const view = new DataView(bytes.buffer);
    const uptime = (ms: number) => u32(Math.max(0, ms - this.config.bootTimeMs)) >>> 0;
    const firstRow = rows[start]!;
    view.setUint16(0, 5);
    view.setUint16(2, count);
    view.setUint32(4, uptime(exportTimeMs));
    view.setUint32(8, Math.floor(exportTimeMs / 1000));
    view.setUint32(12, (exportTimeMs % 1000) * 1e6);
    view.setUint32(16, this.flowSequence >>> 0);
    view.setUint8(20, 0); // engine type: route processor
    view.setUint8(21, this.config.exporterId & 0xff);
    const rate = batch.sampling_rate[firstRow]!;
    view.setUint16(22, rate > 1 ? (0x4000 | Math.min(rate, 0x3fff)) : 0);
    for (let i = 0; i < count; i++) {
      const row = rows[start + i]!;
      const o = HEADER + i * RECORD;
      view.setUint32(o, ipv4At(batch.src_addr, row));
      view.setUint32(o + 4, ipv4At(batch.dst_addr, row));
      view.setUint32(o + 8, ipv4At(batch.next_hop, row));
      view.setUint16(o + 12, orZero(batch.in_if[row]!) & 0xffff);
      view.setUint16(o + 14, orZero(batch.out_if[row]!) & 0xffff);
      view.setUint32(o + 16, u32(batch.packets[row]!));
      view.setUint32(o + 20, u32(batch.bytes[row]!));
      view.setUint32(o + 24, uptime(batch.time_start[row]! / 1000));
      view.setUint32(o + 28, uptime(batch.time_end[row]! / 1000));
      view.setUint16(o + 32, batch.src_port[row]!);
      view.setUint16(o + 34, batch.dst_port[row]!);
      view.setUint8(o + 37, orZero(batch.tcp_flags[row]!) & 0xff);
      view.setUint8(o + 38, batch.protocol[row]!);
      view.setUint8(o + 39, orZero(batch.tos[row]!) & 0xff);
      view.setUint16(o + 40, orZero(batch.src_as[row]!) & 0xffff);
      view.setUint16(o + 42, orZero(batch.dst_as[row]!) & 0xffff);
      view.setUint8(o + 44, 24); // the simulator's customer prefixes are /24s
      view.setUint8(o + 45, 24);
    }
    this.flowSequence = (this.flowSequence + count) >>> 0;
    return { bytes, records: count };
  }
}
