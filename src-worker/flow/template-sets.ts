// What NetFlow v9 and IPFIX have in common once a message header is read: template events go
// into the cache (and release data sets that were waiting for them); data sets are decoded with
// their template, absorbed as options data, or parked until the template arrives.
import { decodeDataRecords } from './data-records.js';
import type { DecoderState } from './decoder-state.js';
import type { Exporter } from './exporter.js';
import type { FlowBatchBuilder } from './flow-batch-builder.js';
import { decodeOptionRecords } from './options-records.js';
import { FLOW_SOURCES } from './record.js';
import type { TemplateEvent } from './template.js';
import { templateKey, type MessageContext, type PendingSet } from './template-cache.js';

const SOURCE_V9 = FLOW_SOURCES.indexOf('netflow9');
const SOURCE_IPFIX = FLOW_SOURCES.indexOf('ipfix');

function protocolName(version: number): string {
  return version === 9 ? 'netflow9' : 'ipfix';
}

/** Decodes (or parks) one data set; returns the number of data records decoded now. */
export function handleDataSet(
  state: DecoderState, exporter: Exporter, message: MessageContext, templateId: number,
  bytes: Uint8Array, dv: DataView, start: number, end: number, out: FlowBatchBuilder,
): number {
  const key = templateKey(exporter.key, message.version, message.domain, templateId);
  const t = state.templates.get(key);
  if (!t) {
    park(state, { key, exporter, templateId, body: bytes.slice(start, end), message });
    return -1;
  }
  const domain = state.inventory.domain(exporter.key, exporter.text, message.version, message.domain);
  if (t.options) return decodeOptionRecords(t, bytes, dv, start, end, { exporter, domain, inventory: state.inventory, stats: state.stats });
  return decodeDataRecords(t, bytes, dv, start, end, {
    exporter,
    source: message.version === 9 ? SOURCE_V9 : SOURCE_IPFIX,
    message,
    domain,
    sampling: state.samplingChoice(exporter, message.domain),
    splitBiflows: state.config.splitBiflows,
    nselOnce: state.config.nselOnce,
    stats: state.stats,
    out,
  });
}

function park(state: DecoderState, set: PendingSet): void {
  state.stats.pendingQueued++;
  for (const lost of state.templates.park(set)) {
    state.stats.error('unknown_template', `${protocolName(lost.message.version)}: data for template ${lost.templateId} (domain ${lost.message.domain}) from ${lost.exporter.key} was dropped: the pending queue is full and the template never arrived`);
  }
}

/** Applies a template or withdrawal; decodes data sets that were waiting for a new template. */
export function handleTemplateEvent(
  state: DecoderState, exporter: Exporter, message: MessageContext, event: TemplateEvent, out: FlowBatchBuilder,
): void {
  const name = protocolName(message.version);
  if (event.kind === 'withdraw') {
    state.stats.templatesWithdrawn += state.templates.withdraw(exporter.key, message.version, message.domain, event.templateId, event.options, event.all);
    return;
  }
  const { added, key } = state.templates.add(exporter.key, event.template);
  if (!added) {
    state.stats.error('template_limit', `${name}: template ${event.template.templateId} from ${exporter.key} dropped: the cache is full (${state.config.maxTemplatesPerExporter} per exporter, ${state.config.maxTemplatesTotal} in all)`);
    return;
  }
  state.stats.templates++;
  for (const set of state.templates.takePending(key)) {
    const dv = new DataView(set.body.buffer, set.body.byteOffset, set.body.byteLength);
    const n = handleDataSet(state, set.exporter, set.message, set.templateId, set.body, dv, 0, set.body.length, out);
    if (n >= 0) state.stats.pendingDecoded++;
  }
}

/** Drops stale templates and data sets that waited too long for theirs (counted). */
export function expireTemplateState(state: DecoderState, nowUs: number, pendingOnly = false): void {
  if (!pendingOnly) state.stats.templatesExpired += state.templates.expireTemplates(nowUs);
  for (const set of state.templates.expirePending(nowUs)) {
    state.stats.error('unknown_template', `${protocolName(set.message.version)}: data for template ${set.templateId} (domain ${set.message.domain}) from ${set.exporter.key} expired after waiting ${state.config.pendingTimeoutSeconds} s for its template`);
  }
}
