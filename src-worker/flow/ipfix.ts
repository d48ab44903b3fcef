// IPFIX (RFC 7011): a 16-byte message header, then sets — 2 templates, 3 options templates, 256+
// data. Enterprise-specific elements are kept by PEN+id; variable-length fields, withdrawals and
// reverse (RFC 5103) elements are handled by the shared template machinery. The sequence number
// counts data records per observation domain, so a gap is an estimate of lost flows.
import type { DecoderState } from './decoder-state.js';
import type { Exporter } from './exporter.js';
import type { FlowBatchBuilder } from './flow-batch-builder.js';
import type { SequenceResult } from './sequence-tracker.js';
import { parseIpfixTemplateSet } from './template.js';
import type { MessageContext } from './template-cache.js';
import { handleDataSet, handleTemplateEvent } from './template-sets.js';

const HEADER = 16;
const seqResult: SequenceResult = { lost: 0, reset: false };

export function decodeIpfix(
  bytes: Uint8Array, dv: DataView, exporter: Exporter, receivedUs: number, out: FlowBatchBuilder, state: DecoderState,
): void {
  const { stats } = state;
  if (bytes.length < HEADER) {
    stats.error('truncated', `ipfix: message from ${exporter.key} is ${bytes.length} bytes, shorter than the 16-byte header`);
    return;
  }
  let length = dv.getUint16(2);
  if (length < HEADER) {
    stats.error('bad_length', `ipfix: message from ${exporter.key} declares length ${length}, less than its header`);
    return;
  }
  if (length > bytes.length) {
    stats.error('truncated', `ipfix: message from ${exporter.key} declares ${length} bytes but ${bytes.length} arrived`);
    length = bytes.length;
  }
  const exportSecs = dv.getUint32(4);
  const sequence = dv.getUint32(8);
  const domainId = dv.getUint32(12);
  const message: MessageContext = { version: 10, domain: domainId, exportUs: exportSecs * 1e6, sysUptimeMs: NaN, receivedUs };
  const where = `from ${exporter.key} (domain ${domainId})`;
  const onTemplate = (e: Parameters<typeof handleTemplateEvent>[3]) => handleTemplateEvent(state, exporter, message, e, out);

  let dataRecords = 0;
  let parked = false;
  let p = HEADER;
  while (p + 4 <= length) {
    const id = dv.getUint16(p);
    const setLength = dv.getUint16(p + 2);
    if (setLength === 0 && id === 0) break; // zero padding
    if (setLength < 4) {
      stats.error('bad_length', `ipfix: set ${id} ${where} has length ${setLength}, less than its own 4-byte header`);
      break;
    }
    let end = p + setLength;
    if (end > length) {
      stats.error('truncated', `ipfix: set ${id} ${where} claims ${setLength} bytes but the message ends ${length - p} bytes after its start`);
      end = length;
    }
    if (id === 2 || id === 3) parseIpfixTemplateSet(bytes, dv, p + 4, end, id === 3, domainId, receivedUs, where, stats, onTemplate);
    else if (id >= 256) {
      const n = handleDataSet(state, exporter, message, id, bytes, dv, p + 4, end, out);
      if (n < 0) parked = true;
      else dataRecords += n;
    } else stats.error('unsupported', `ipfix: set id ${id} ${where} is reserved; skipped`);
    p += setLength;
  }
  const stream = `${exporter.key}/10/${domainId}`;
  if (parked) state.sequences.forget(stream); // this message's record count is not known yet
  else {
    const r = state.sequences.observe(stream, sequence, dataRecords, seqResult);
    stats.lostFlows += r.lost;
    if (r.reset) stats.sequenceResets++;
  }
}
