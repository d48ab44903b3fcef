// NetFlow v9 (RFC 3954): a 20-byte header, then flowsets — 0 templates, 1 options templates,
// 256+ data. Template handling and record decoding are shared with IPFIX (template-sets.ts);
// this file reads the header, walks the flowsets and tracks the per-source-id packet sequence.
import type { DecoderState } from './decoder-state.js';
import type { Exporter } from './exporter.js';
import type { FlowBatchBuilder } from './flow-batch-builder.js';
import type { SequenceResult } from './sequence-tracker.js';
import { parseV9TemplateSet } from './template.js';
import type { MessageContext } from './template-cache.js';
import { handleDataSet, handleTemplateEvent } from './template-sets.js';

const HEADER = 20;
const seqResult: SequenceResult = { lost: 0, reset: false };

export function decodeNetflowV9(
  bytes: Uint8Array, dv: DataView, exporter: Exporter, receivedUs: number, out: FlowBatchBuilder, state: DecoderState,
): void {
  const { stats } = state;
  if (bytes.length < HEADER) {
    stats.error('truncated', `netflow9: packet from ${exporter.key} is ${bytes.length} bytes, shorter than the 20-byte header`);
    return;
  }
  const sysUptimeMs = dv.getUint32(4);
  const unixSecs = dv.getUint32(8);
  const sequence = dv.getUint32(12);
  const sourceId = dv.getUint32(16);
  const message: MessageContext = { version: 9, domain: sourceId, exportUs: unixSecs * 1e6, sysUptimeMs, receivedUs };
  const r = state.sequences.observe(`${exporter.key}/9/${sourceId}`, sequence, 1, seqResult);
  stats.lostPackets += r.lost;
  if (r.reset) stats.sequenceResets++;
  const where = `from ${exporter.key} (source id ${sourceId})`;
  const onTemplate = (e: Parameters<typeof handleTemplateEvent>[3]) => handleTemplateEvent(state, exporter, message, e, out);

  let p = HEADER;
  while (p + 4 <= bytes.length) {
    const id = dv.getUint16(p);
    const length = dv.getUint16(p + 2);
    if (length === 0 && id === 0) break; // zero padding after the last flowset
    if (length < 4) {
      stats.error('bad_length', `netflow9: flowset ${id} ${where} has length ${length}, less than its own 4-byte header`);
      return;
    }
    let end = p + length;
    if (end > bytes.length) {
      stats.error('truncated', `netflow9: flowset ${id} ${where} claims ${length} bytes but the packet ends ${bytes.length - p} bytes after its start`);
      end = bytes.length;
    }
    if (id === 0 || id === 1) parseV9TemplateSet(bytes, dv, p + 4, end, id === 1, sourceId, receivedUs, where, stats, onTemplate);
    else if (id >= 256) handleDataSet(state, exporter, message, id, bytes, dv, p + 4, end, out);
    else stats.error('unsupported', `netflow9: flowset id ${id} ${where} is reserved; skipped`);
    p += length;
  }
}
