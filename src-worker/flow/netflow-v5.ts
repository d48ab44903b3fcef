// NetFlow v5 (and the older v1 and Catalyst v7) decoder: fixed 48/52-byte records after a fixed
// header, so each record is read straight into the batch columns. The sampling interval in the
// v5 header becomes the rows' sampling rate; flow_sequence gaps become a lost-flow estimate.
import { copyIPv4 } from './address.js';
import type { DecodeStats } from './decode-stats.js';
import type { Exporter } from './exporter.js';
import type { ExporterInventory } from './exporter-inventory.js';
import { sampledRate, type SamplingChoice } from './sampling-policy.js';
import type { FlowBatchBuilder } from './flow-batch-builder.js';
import { FLOW_SOURCES } from './record.js';
import type { SequenceResult, SequenceTracker } from './sequence-tracker.js';

interface Layout {
  header: number;
  record: number;
  maxCount: number;
  source: number;
}

const LAYOUTS: Record<number, Layout> = {
  1: { header: 16, record: 48, maxCount: 24, source: FLOW_SOURCES.indexOf('netflow1') },
  5: { header: 24, record: 48, maxCount: 30, source: FLOW_SOURCES.indexOf('netflow5') },
  7: { header: 24, record: 52, maxCount: 28, source: FLOW_SOURCES.indexOf('netflow7') },
};

export interface NetflowV5Context {
  stats: DecodeStats;
  sequences: SequenceTracker;
  /** The sampling rules for an exporter and domain (here the v5 engine id). */
  samplingChoice(exporter: Exporter, domain: number): SamplingChoice;
  /** Where the header's sampling interval is recorded as the rate the device reports. */
  inventory?: ExporterInventory;
}

const seqResult: SequenceResult = { lost: 0, reset: false };

/** Decodes one NetFlow v1/v5/v7 packet; returns the number of rows appended. */
export function decodeNetflowV5(
  bytes: Uint8Array, dv: DataView, exporter: Exporter, receivedUs: number, out: FlowBatchBuilder, ctx: NetflowV5Context,
): number {
  const { stats } = ctx;
  const version = dv.getUint16(0);
  const layout = LAYOUTS[version]!;
  const name = `netflow${version}`;
  if (bytes.length < layout.header) {
    stats.error('truncated', `${name}: packet from ${exporter.key} is ${bytes.length} bytes, shorter than the ${layout.header}-byte header`);
    return 0;
  }
  const count = dv.getUint16(2);
  if (count > layout.maxCount) {
    stats.error('bad_length', `${name}: packet from ${exporter.key} claims ${count} records; v${version} allows at most ${layout.maxCount}`);
    return 0;
  }
  const fits = Math.floor((bytes.length - layout.header) / layout.record);
  let n = count;
  if (fits < count) {
    stats.error('truncated', `${name}: packet from ${exporter.key} claims ${count} records but only ${fits} fit in ${bytes.length} bytes`);
    n = fits;
  }
  const sysUptime = dv.getUint32(4);
  const exportUs = dv.getUint32(8) * 1e6 + Math.floor(dv.getUint32(12) / 1000);
  let sampling = 0; // 0: the device reports none
  if (version === 5) {
    const interval = dv.getUint16(22) & 0x3fff;
    if (interval > 0) sampling = interval;
    const seq = dv.getUint32(16);
    const r = ctx.sequences.observe(`${exporter.key}/5/${bytes[20]}/${bytes[21]}`, seq, count, seqResult);
    stats.lostFlows += r.lost;
    if (r.reset) stats.sequenceResets++;
  } else if (version === 7) {
    const r = ctx.sequences.observe(`${exporter.key}/7`, dv.getUint32(16), count, seqResult);
    stats.lostFlows += r.lost;
    if (r.reset) stats.sequenceResets++;
  }
  const engineId = version === 5 ? bytes[21]! : 0;
  if (sampling > 0 && ctx.inventory) ctx.inventory.domain(exporter.key, exporter.text, version, engineId).samplingRate = sampling;
  const choice = ctx.samplingChoice(exporter, engineId);
  const uniform = choice.byIf === null ? sampledRate(choice, sampling, 0) : 0;

  const b = out.reserve(n);
  const exp = exporter.address;
  for (let i = 0; i < n; i++) {
    const p = layout.header + i * layout.record;
    const row = b.length;
    const a = row * 16;
    for (let k = 0; k < 16; k++) b.exporter[a + k] = exp[k]!;
    copyIPv4(b.src_addr, a, bytes, p);
    copyIPv4(b.dst_addr, a, bytes, p + 4);
    if (dv.getUint32(p + 8) !== 0) copyIPv4(b.next_hop, a, bytes, p + 8);
    b.in_if[row] = dv.getUint16(p + 12);
    b.out_if[row] = dv.getUint16(p + 14);
    b.packets[row] = dv.getUint32(p + 16);
    b.bytes[row] = dv.getUint32(p + 20);
    // first/last are sysUptime (ms) at the flow's first/last packet; the difference is taken as
    // signed 32-bit so a flow that started just before the uptime counter wrapped stays right.
    b.time_start[row] = exportUs - ((sysUptime - dv.getUint32(p + 24)) | 0) * 1000;
    b.time_end[row] = exportUs - ((sysUptime - dv.getUint32(p + 28)) | 0) * 1000;
    b.time_received[row] = receivedUs;
    b.src_port[row] = dv.getUint16(p + 32);
    b.dst_port[row] = dv.getUint16(p + 34);
    if (version === 1) {
      b.protocol[row] = bytes[p + 38]!;
      b.tos[row] = bytes[p + 39]!;
      b.tcp_flags[row] = bytes[p + 40]!;
    } else if (version === 5) {
      b.tcp_flags[row] = bytes[p + 37]!;
      b.protocol[row] = bytes[p + 38]!;
      b.tos[row] = bytes[p + 39]!;
      b.src_as[row] = dv.getUint16(p + 40);
      b.dst_as[row] = dv.getUint16(p + 42);
    } else {
      b.tcp_flags[row] = bytes[p + 37]!;
      b.protocol[row] = bytes[p + 38]!;
      b.tos[row] = bytes[p + 39]!;
      b.src_as[row] = dv.getUint16(p + 40);
      b.dst_as[row] = dv.getUint16(p + 42);
    }
    b.source[row] = layout.source;
    b.sampling_rate[row] = uniform > 0 ? uniform : sampledRate(choice, sampling, b.in_if[row]!);
    b.length = row + 1;
  }
  stats.records += n;
  return n;
}

