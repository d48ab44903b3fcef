// The hot path of NetFlow v9 and IPFIX: turns the records of one data set into flow rows by
// running the template's compiled program (record-program.ts). Values are read with DataView
// straight into the batch columns or into locals; nothing is allocated per record. Handles
// variable-length fields, reduced-size encoding (any counter length 1..8), absolute and
// relative timestamps, sampler-id tables, RFC 5103 biflows and Cisco ASA NSEL events.
import { copyIPv4 } from './address.js';
import type { DecodeStats } from './decode-stats.js';
import type { Exporter } from './exporter.js';
import type { DomainState } from './exporter-inventory.js';
import type { FlowBatchBuilder } from './flow-batch-builder.js';
import { resetRow } from './flow-batch-builder.js';
import type { FlowBatch } from './record.js';
import { sampledRate, type SamplingChoice } from './sampling-policy.js';
import {
  OP_BGP_NEXTHOP_V4, OP_BGP_NEXTHOP_V6, OP_DIRECTION, OP_DST_AS, OP_DST_PORT, OP_DST_PORT_ALT, OP_DST_V4, OP_DST_V6, OP_END_DELTA_US, OP_END_MS, OP_END_NS, OP_END_SEC, OP_END_US, OP_EVENT_TIME_MS, OP_FIRST_UPTIME, OP_FW_EVENT, OP_ICMP_TYPE_CODE, OP_INITIATOR_OCTETS, OP_INITIATOR_PACKETS, OP_IN_IF, OP_LAST_UPTIME, OP_NEXTHOP_V4, OP_NEXTHOP_V6, OP_OCTETS, OP_OCTETS_TOTAL, OP_OUT_IF, OP_PACKETS, OP_PACKETS_TOTAL, OP_POST_VLAN, OP_PROTOCOL, OP_RESPONDER_OCTETS, OP_RESPONDER_PACKETS, OP_REV_OCTETS, OP_REV_PACKETS, OP_REV_TCP_FLAGS, OP_SAMPLER_ID, OP_SAMPLING_INTERVAL, OP_SAMPLING_PKT_INTERVAL, OP_SAMPLING_PKT_SPACE, OP_SKIP, OP_SRC_AS, OP_SRC_PORT, OP_SRC_PORT_ALT, OP_SRC_V4, OP_SRC_V6, OP_START_DELTA_US, OP_START_MS, OP_START_NS, OP_START_SEC, OP_START_US, OP_SYS_INIT_MS, OP_TCP_FLAGS, OP_TOS, OP_VLAN,
} from './record-program.js';
import type { Template } from './template.js';
import {
  S_END_ABS, S_END_DELTA, S_EVENT_MS, S_FIRST_UP, S_FW_EVENT, S_ICMP, S_INIT_OCT, S_INIT_PKTS, S_INTERVAL, S_LAST_UP,
  S_OCT_TOTAL, S_OCTETS, S_PACKETS, S_PKT_INTERVAL, S_PKT_SPACE, S_PKT_TOTAL, S_POST_VLAN, S_RESP_OCT, S_RESP_PKTS,
  S_REV_FLAGS, S_REV_OCT, S_REV_PKTS, S_SAMPLER_ID, S_START_ABS, S_START_DELTA, S_SYS_INIT,
} from './record-extractor.js';
import type { MessageContext } from './template-cache.js';
import { allZero, copy16, ntpToUs, readUint } from './wire.js';

export interface DataSetContext {
  exporter: Exporter;
  /** Index into FLOW_SOURCES. */
  source: number;
  message: MessageContext;
  domain: DomainState;
  /** Sampling rate forced by settings for this exporter (0 = none). */
  /** The sampling rules for this exporter and domain. */
  sampling: SamplingChoice;
  splitBiflows: boolean;
  nselOnce: boolean;
  stats: DecodeStats;
  out: FlowBatchBuilder;
}







/** Writes the reverse direction of row `row` into row `row + 1`. */
function writeReverseRow(b: FlowBatch, row: number, bytes: number, packets: number, revFlags: number): void {
  const r = row + 1;
  const a = row * 16;
  const ra = r * 16;
  for (let k = 0; k < 16; k++) {
    b.exporter[ra + k] = b.exporter[a + k]!;
    b.src_addr[ra + k] = b.dst_addr[a + k]!;
    b.dst_addr[ra + k] = b.src_addr[a + k]!;
  }
  b.time_start[r] = b.time_start[row]!;
  b.time_end[r] = b.time_end[row]!;
  b.time_received[r] = b.time_received[row]!;
  b.source[r] = b.source[row]!;
  b.src_port[r] = b.dst_port[row]!;
  b.dst_port[r] = b.src_port[row]!;
  b.protocol[r] = b.protocol[row]!;
  b.bytes[r] = bytes;
  b.packets[r] = packets;
  b.sampling_rate[r] = b.sampling_rate[row]!;
  b.in_if[r] = b.out_if[row]!;
  b.out_if[r] = b.in_if[row]!;
  const dir = b.direction[row]!;
  b.direction[r] = dir === 0 ? 1 : dir === 1 ? 0 : dir;
  b.tcp_flags[r] = revFlags >= 0 ? revFlags : NaN;
  b.tos[r] = b.tos[row]!;
  b.vlan[r] = b.vlan[row]!;
  b.src_as[r] = b.dst_as[row]!;
  b.dst_as[r] = b.src_as[row]!;
}

/**
 * Decodes the data records in bytes[start, end) with template `t`; appends rows to ctx.out.
 * Returns the number of data records read (rows may be more with biflows, fewer with NSEL).
 */
export function decodeDataRecords(t: Template, bytes: Uint8Array, dv: DataView, start: number, end: number, ctx: DataSetContext): number {
  const prog = t.program;
  const ops = prog.ops;
  const lengths = prog.lengths;
  const nf = ops.length;
  const v9 = t.version === 9;
  const minLength = prog.minLength;
  const extract = prog.extract;
  const v = prog.scratch;
  if (minLength <= 0) return 0; // cannot happen for parsed templates; guards imported snapshots
  const maxRecords = Math.floor((end - start) / minLength);
  let b = ctx.out.reserve(prog.bidirectional && ctx.splitBiflows ? maxRecords * 2 : maxRecords);
  const msg = ctx.message;
  const exportUs = msg.exportUs;
  const sysUptime = msg.sysUptimeMs;
  const domain = ctx.domain;
  const samplers = domain.samplers;
  const choice = ctx.sampling;
  const domainRate = domain.samplingRate > 0 ? domain.samplingRate : 0;
  const exp = ctx.exporter.address;
  const source = ctx.source;
  const receivedUs = msg.receivedUs;
  const stats = ctx.stats;
  let records = 0;
  let p = start;

  while (p + minLength <= end) {
    const row = b.length;
    const a = row * 16;
    const recordStart = p;
    let octets = -1, packets = -1, octTotal = -1, pktTotal = -1, initOct = -1, respOct = -1, initPkts = -1, respPkts = -1;
    let revOct = -1, revPkts = -1, revFlags = -1, fwEvent = -1, samplerId = -1, interval = -1, pktInterval = -1, pktSpace = 0;
    let firstUp = NaN, lastUp = NaN, startAbs = NaN, endAbs = NaN, startDelta = NaN, endDelta = NaN, recSysInit = NaN, eventMs = NaN;
    let icmp = -1, postVlan = -1, bgpHop = false, hop = false;
    let ok = true;
    if (extract !== null) {
      // Fixed-length template: the generated reader (the while condition checked it fits).
      extract(bytes, dv, p, b, row, a, v);
      p += minLength;
      octets = v[S_OCTETS]!; packets = v[S_PACKETS]!; octTotal = v[S_OCT_TOTAL]!; pktTotal = v[S_PKT_TOTAL]!;
      initOct = v[S_INIT_OCT]!; respOct = v[S_RESP_OCT]!; initPkts = v[S_INIT_PKTS]!; respPkts = v[S_RESP_PKTS]!;
      revOct = v[S_REV_OCT]!; revPkts = v[S_REV_PKTS]!; revFlags = v[S_REV_FLAGS]!; fwEvent = v[S_FW_EVENT]!;
      samplerId = v[S_SAMPLER_ID]!; interval = v[S_INTERVAL]!; pktInterval = v[S_PKT_INTERVAL]!; pktSpace = v[S_PKT_SPACE]!;
      icmp = v[S_ICMP]!; postVlan = v[S_POST_VLAN]!; firstUp = v[S_FIRST_UP]!; lastUp = v[S_LAST_UP]!;
      startAbs = v[S_START_ABS]!; endAbs = v[S_END_ABS]!; startDelta = v[S_START_DELTA]!; endDelta = v[S_END_DELTA]!;
      recSysInit = v[S_SYS_INIT]!; eventMs = v[S_EVENT_MS]!;
    } else for (let i = 0; i < nf; i++) {
      let len = lengths[i]!;
      if (len === 65535) {
        if (p >= end) { ok = false; break; }
        len = bytes[p++]!;
        if (len === 255) {
          if (p + 2 > end) { ok = false; break; }
          len = dv.getUint16(p);
          p += 2;
        }
      }
      if (p + len > end) { ok = false; break; }
      switch (ops[i]) {
        case OP_SKIP: break;
        // Templates that carry both IPv4 and IPv6 addresses leave the unused family zero: a zero
        // field never overwrites an address the record already gave.
        case OP_SRC_V4: if (dv.getUint32(p) !== 0 || allZero(b.src_addr, a, a + 16)) copyIPv4(b.src_addr, a, bytes, p); break;
        case OP_DST_V4: if (dv.getUint32(p) !== 0 || allZero(b.dst_addr, a, a + 16)) copyIPv4(b.dst_addr, a, bytes, p); break;
        case OP_SRC_V6: if (!allZero(bytes, p, p + 16)) copy16(b.src_addr, a, bytes, p); break;
        case OP_DST_V6: if (!allZero(bytes, p, p + 16)) copy16(b.dst_addr, a, bytes, p); break;
        case OP_SRC_PORT_ALT: { const v = readUint(bytes, dv, p, len); if (v !== 0) b.src_port[row] = v; break; }
        case OP_DST_PORT_ALT: { const v = readUint(bytes, dv, p, len); if (v !== 0) b.dst_port[row] = v; break; }
        case OP_NEXTHOP_V4: if (dv.getUint32(p) !== 0) { copyIPv4(b.next_hop, a, bytes, p); hop = true; } break;
        case OP_NEXTHOP_V6: if (!allZero(bytes, p, p + 16)) { copy16(b.next_hop, a, bytes, p); hop = true; } break;
        case OP_BGP_NEXTHOP_V4: if (!hop && dv.getUint32(p) !== 0) { copyIPv4(b.next_hop, a, bytes, p); bgpHop = true; } break;
        case OP_BGP_NEXTHOP_V6: if (!hop && !allZero(bytes, p, p + 16)) { copy16(b.next_hop, a, bytes, p); bgpHop = true; } break;
        case OP_SRC_PORT: b.src_port[row] = readUint(bytes, dv, p, len); break;
        case OP_DST_PORT: b.dst_port[row] = readUint(bytes, dv, p, len); break;
        case OP_PROTOCOL: b.protocol[row] = bytes[p]!; break;
        case OP_TOS: b.tos[row] = bytes[p]!; break;
        case OP_TCP_FLAGS: b.tcp_flags[row] = readUint(bytes, dv, p, len); break;
        case OP_IN_IF: b.in_if[row] = readUint(bytes, dv, p, len); break;
        case OP_OUT_IF: b.out_if[row] = readUint(bytes, dv, p, len); break;
        case OP_DIRECTION: b.direction[row] = bytes[p]!; break;
        case OP_VLAN: b.vlan[row] = readUint(bytes, dv, p, len) & 0xfff; break;
        case OP_POST_VLAN: postVlan = readUint(bytes, dv, p, len) & 0xfff; break;
        case OP_SRC_AS: b.src_as[row] = readUint(bytes, dv, p, len); break;
        case OP_DST_AS: b.dst_as[row] = readUint(bytes, dv, p, len); break;
        case OP_OCTETS: octets = readUint(bytes, dv, p, len); break;
        case OP_PACKETS: packets = readUint(bytes, dv, p, len); break;
        case OP_OCTETS_TOTAL: octTotal = readUint(bytes, dv, p, len); break;
        case OP_PACKETS_TOTAL: pktTotal = readUint(bytes, dv, p, len); break;
        case OP_INITIATOR_OCTETS: initOct = readUint(bytes, dv, p, len); break;
        case OP_RESPONDER_OCTETS: respOct = readUint(bytes, dv, p, len); break;
        case OP_INITIATOR_PACKETS: initPkts = readUint(bytes, dv, p, len); break;
        case OP_RESPONDER_PACKETS: respPkts = readUint(bytes, dv, p, len); break;
        case OP_REV_OCTETS: revOct = readUint(bytes, dv, p, len); break;
        case OP_REV_PACKETS: revPkts = readUint(bytes, dv, p, len); break;
        case OP_REV_TCP_FLAGS: revFlags = readUint(bytes, dv, p, len); break;
        case OP_FIRST_UPTIME: firstUp = readUint(bytes, dv, p, len); break;
        case OP_LAST_UPTIME: lastUp = readUint(bytes, dv, p, len); break;
        case OP_START_SEC: startAbs = readUint(bytes, dv, p, len) * 1e6; break;
        case OP_END_SEC: endAbs = readUint(bytes, dv, p, len) * 1e6; break;
        case OP_START_MS: startAbs = readUint(bytes, dv, p, len) * 1000; break;
        case OP_END_MS: endAbs = readUint(bytes, dv, p, len) * 1000; break;
        case OP_START_US: case OP_START_NS: startAbs = len === 8 ? ntpToUs(dv, p) : NaN; break;
        case OP_END_US: case OP_END_NS: endAbs = len === 8 ? ntpToUs(dv, p) : NaN; break;
        case OP_START_DELTA_US: startDelta = readUint(bytes, dv, p, len); break;
        case OP_END_DELTA_US: endDelta = readUint(bytes, dv, p, len); break;
        case OP_SYS_INIT_MS: recSysInit = readUint(bytes, dv, p, len); break;
        case OP_EVENT_TIME_MS: eventMs = readUint(bytes, dv, p, len); break;
        case OP_FW_EVENT: fwEvent = readUint(bytes, dv, p, len); break;
        case OP_SAMPLER_ID: samplerId = readUint(bytes, dv, p, len); break;
        case OP_SAMPLING_INTERVAL: interval = readUint(bytes, dv, p, len); break;
        case OP_SAMPLING_PKT_INTERVAL: pktInterval = readUint(bytes, dv, p, len); break;
        case OP_SAMPLING_PKT_SPACE: pktSpace = readUint(bytes, dv, p, len); break;
        case OP_ICMP_TYPE_CODE: icmp = readUint(bytes, dv, p, len); break;
        default: break;
      }
      p += len;
    }
    if (!ok) {
      resetRow(b, row);
      // A short tail of zeros is padding; anything else is a record cut off by the set's end.
      if (!allZero(bytes, recordStart, end)) {
        stats.error('truncated', `${v9 ? 'netflow9' : 'ipfix'}: a record of template ${t.templateId} from ${ctx.exporter.key} runs past the end of its set`);
      }
      break;
    }
    records++;
    void bgpHop;

    // Cisco ASA NSEL: a flow is reported at creation, on updates and at teardown. Creation
    // carries no traffic, and when counters are totals (IE 85) only teardown's are final; rows
    // are kept for teardown, denials and delta-counter updates so each byte is counted once.
    // (Other firewalls — Barracuda — send complete counters with event 1: those are kept.)
    const fromTotals = octets < 0 && octTotal >= 0;
    const carried = octets > 0 || octTotal > 0 || initOct > 0 || respOct > 0 || revOct > 0;
    if (fwEvent >= 0 && ctx.nselOnce && ((fwEvent === 1 && !carried) || (fwEvent === 5 && fromTotals))) {
      resetRow(b, row);
      stats.nselEventsFolded++;
      continue;
    }

    for (let k = 0; k < 16; k++) b.exporter[a + k] = exp[k]!;
    b.source[row] = source;
    b.time_received[row] = receivedUs;
    b.bytes[row] = octets >= 0 ? octets : octTotal >= 0 ? octTotal : initOct >= 0 ? initOct : 0;
    b.packets[row] = packets >= 0 ? packets : pktTotal >= 0 ? pktTotal : initPkts >= 0 ? initPkts : 0;
    if (postVlan >= 0 && Number.isNaN(b.vlan[row]!)) b.vlan[row] = postVlan;
    if (icmp >= 0 && b.dst_port[row] === 0) b.dst_port[row] = icmp;

    // Timestamps: absolute fields win; then sysUptime-relative (v9 header uptime, or IPFIX
    // systemInitTimeMilliseconds); then µs-before-export deltas; then the event or export time.
    let ts = startAbs;
    let te = endAbs;
    if (Number.isNaN(ts) || Number.isNaN(te)) {
      const sysInit = Number.isNaN(recSysInit) ? domain.sysInitMs : recSysInit;
      if (Number.isNaN(ts)) {
        if (!Number.isNaN(firstUp)) ts = v9 ? exportUs - ((sysUptime - firstUp) | 0) * 1000 : Number.isNaN(sysInit) ? NaN : (sysInit + firstUp) * 1000;
        if (Number.isNaN(ts) && !Number.isNaN(startDelta)) ts = exportUs - startDelta;
      }
      if (Number.isNaN(te)) {
        if (!Number.isNaN(lastUp)) te = v9 ? exportUs - ((sysUptime - lastUp) | 0) * 1000 : Number.isNaN(sysInit) ? NaN : (sysInit + lastUp) * 1000;
        if (Number.isNaN(te) && !Number.isNaN(endDelta)) te = exportUs - endDelta;
        if (Number.isNaN(te)) te = Number.isNaN(eventMs) ? (Number.isNaN(ts) ? exportUs : Math.max(ts, exportUs)) : eventMs * 1000;
      }
      if (Number.isNaN(ts)) ts = te;
    }
    b.time_start[row] = ts;
    b.time_end[row] = te;

    let rate = domainRate;
    if (samplerId >= 0 && samplers.has(samplerId)) rate = samplers.get(samplerId)!;
    else if (interval > 0) rate = interval;
    else if (pktInterval > 0) rate = (pktInterval + pktSpace) / pktInterval;
    b.sampling_rate[row] = sampledRate(choice, rate > 0 ? Math.round(rate) : 0, b.in_if[row]!);
    b.length = row + 1;

    const rb = revOct >= 0 ? revOct : respOct;
    const rp = revPkts >= 0 ? revPkts : respPkts;
    if (ctx.splitBiflows && (rb > 0 || rp > 0)) {
      writeReverseRow(b, row, rb > 0 ? rb : 0, rp > 0 ? rp : 0, revFlags);
      b.length = row + 2;
      stats.biflowReverseRows++;
    }
    if (b.length + 2 > b.time_start.length) b = ctx.out.reserve(2);
  }
  stats.records += records;
  return records;
}
