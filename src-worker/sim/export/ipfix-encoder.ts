// IPFIX messages (RFC 7011): a 16-byte header, a Template Set (id 2) on the first message and
// every `templateRefreshPackets` messages after (UDP transport, §8.4), then one Data Set for
// template 256. The sequence number counts data records sent before this message, per domain.
import type { FlowBatch } from '../../flow/record.js';
import { type EncodedPacket, type EncoderConfig, type FlowEncoder, isIPv4Row } from './encoder.js';
import { IPFIX_FIELDS, recordLength, writeRecord, writeTemplate } from './template-fields.js';

const HEADER = 16;
export const IPFIX_TEMPLATE_ID = 256;

export class IpfixEncoder implements FlowEncoder {
  readonly format = 'ipfix' as const;
  private messages = 0;
  private recordSequence = 0;
  private readonly recordBytes = recordLength(IPFIX_FIELDS);
  private readonly templateBytes = 4 + 4 + 4 * IPFIX_FIELDS.length;

  constructor(private readonly config: EncoderConfig) {}

  accepts(batch: FlowBatch, row: number): boolean {
    return isIPv4Row(batch.src_addr, row) && isIPv4Row(batch.dst_addr, row);
  }

  encode(batch: FlowBatch, rows: Uint32Array, start: number, end: number, exportTimeMs: number): EncodedPacket {
    const withTemplate = this.messages % this.config.templateRefreshPackets === 0;
    const room = this.config.maxDatagramBytes - HEADER - 4 - (withTemplate ? this.templateBytes : 0);
    const count = Math.max(1, Math.min(end - start, Math.floor(room / this.recordBytes)));
    const length = HEADER + (withTemplate ? this.templateBytes : 0) + 4 + count * this.recordBytes;
    const bytes = new Uint8Array(length);
    const view = new DataView(bytes.buffer);
    view.setUint16(0, 10);
    view.setUint16(2, length);
    view.setUint32(4, Math.floor(exportTimeMs / 1000));
    view.setUint32(8, this.recordSequence >>> 0);
    view.setUint32(12, this.config.exporterId >>> 0);
    let o = HEADER;
    if (withTemplate) {
      view.setUint16(o, 2);
      view.setUint16(o + 2, this.templateBytes);
      writeTemplate(view, o + 4, IPFIX_TEMPLATE_ID, IPFIX_FIELDS);
      o += this.templateBytes;
    }
    view.setUint16(o, IPFIX_TEMPLATE_ID);
    view.setUint16(o + 2, 4 + count * this.recordBytes);
    o += 4;
    for (let i = 0; i < count; i++) o += writeRecord(view, o, IPFIX_FIELDS, batch, rows[start + i]!, this.config.bootTimeMs);
    this.messages++;
    this.recordSequence = (this.recordSequence + count) >>> 0;
    return { bytes, records: count };
  }
}
