// NetFlow v9 datagrams (RFC 3954): a 20-byte header, the template FlowSet (id 0) on the first
// packet and every `templateRefreshPackets` packets after, then one data FlowSet for template
// 256, padded to 4 bytes. The header count is the number of records (templates + data) and the
// sequence counts export packets, as the RFC says.
import type { FlowBatch } from '../../flow/record.js';
import { type EncodedPacket, type EncoderConfig, type FlowEncoder, isIPv4Row, u32 } from './encoder.js';
import { NETFLOW9_FIELDS, recordLength, writeRecord, writeTemplate } from './template-fields.js';

const HEADER = 20;
export const NETFLOW9_TEMPLATE_ID = 256;

export class Netflow9Encoder implements FlowEncoder {
  readonly format = 'netflow9' as const;
  private packetSequence = 0;
  private readonly recordBytes = recordLength(NETFLOW9_FIELDS);
  private readonly templateBytes = 4 + 4 + 4 * NETFLOW9_FIELDS.length;

  constructor(private readonly config: EncoderConfig) {}

  accepts(batch: FlowBatch, row: number): boolean {
    return isIPv4Row(batch.src_addr, row) && isIPv4Row(batch.dst_addr, row);
  }

  encode(batch: FlowBatch, rows: Uint32Array, start: number, end: number, exportTimeMs: number): EncodedPacket {
    const withTemplate = this.packetSequence % this.config.templateRefreshPackets === 0;
    const room = this.config.maxDatagramBytes - HEADER - 4 - (withTemplate ? this.templateBytes : 0);
    const count = Math.max(1, Math.min(end - start, Math.floor(room / this.recordBytes)));
    const dataLength = 4 + count * this.recordBytes;
    const padded = dataLength + ((4 - (dataLength % 4)) % 4);
    const bytes = new Uint8Array(HEADER + (withTemplate ? this.templateBytes : 0) + padded);
    const view = new DataView(bytes.buffer);
    view.setUint16(0, 9);
    view.setUint16(2, count + (withTemplate ? 1 : 0));
    view.setUint32(4, u32(exportTimeMs - this.config.bootTimeMs));
    view.setUint32(8, Math.floor(exportTimeMs / 1000));
    view.setUint32(12, this.packetSequence >>> 0);
    view.setUint32(16, this.config.exporterId >>> 0);
    let o = HEADER;
    if (withTemplate) {
      view.setUint16(o, 0);
      view.setUint16(o + 2, this.templateBytes);
      writeTemplate(view, o + 4, NETFLOW9_TEMPLATE_ID, NETFLOW9_FIELDS);
      o += this.templateBytes;
    }
    view.setUint16(o, NETFLOW9_TEMPLATE_ID);
    view.setUint16(o + 2, padded);
    o += 4;
    for (let i = 0; i < count; i++) o += writeRecord(view, o, NETFLOW9_FIELDS, batch, rows[start + i]!, this.config.bootTimeMs);
    this.packetSequence = (this.packetSequence + 1) >>> 0;
    return { bytes, records: count };
  }
}
