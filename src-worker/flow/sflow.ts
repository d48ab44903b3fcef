// sFlow v5 decoder (sflow.org/sflow_version_5.txt): datagram header, flow samples and expanded
// flow samples (raw packet headers parsed by src-worker/packet/headers.ts through VLANs, MPLS
// and tunnels; IPv4/IPv6 data, extended switch/router/gateway records), counter samples and
// expanded counter samples (generic interface and Ethernet counters → interface metrics), and
// discarded-packet samples (counted by reason). One flow sample becomes one row with
// packets = 1, bytes = the sampled frame's length and the sample's sampling rate.
import type { DecoderState } from './decoder-state.js';
import type { Exporter } from './exporter.js';
import type { FlowBatchBuilder } from './flow-batch-builder.js';
import { copyIPv4, formatAddress } from './address.js';
import { readUint } from './wire.js';
import { sampledRate } from './sampling-policy.js';
import { emptyInterfaceCounters, type InterfaceCounterBuilder } from './interface-counters.js';
import { FLOW_SOURCES, type FlowBatch } from './record.js';
import type { SequenceResult } from './sequence-tracker.js';
import {
  IPPROTO_ICMP, IPPROTO_ICMPV6, IPPROTO_TCP, LINKTYPE_ETHERNET, LINKTYPE_IPV4, LINKTYPE_IPV6, PacketStatus,
  ParsedPacket, packetStatusName, parsePacket,
} from '../packet/headers.js';

const SOURCE_SFLOW = FLOW_SOURCES.indexOf('sflow');
const seqResult: SequenceResult = { lost: 0, reset: false };
const parsed = new ParsedPacket({ decapsulate: true });
const agentBytes = new Uint8Array(16);
const MAX_SAMPLES = 4096;
const MAX_RECORDS = 1024;

// sFlow header_protocol values → pcap link types the packet parser understands.
function linkTypeOf(headerProtocol: number): number {
  switch (headerProtocol) {
    case 1: return LINKTYPE_ETHERNET; // ETHERNET-ISO88023
    case 11: return LINKTYPE_IPV4;
    case 12: return LINKTYPE_IPV6;
    default: return -1;
  }
}

interface Datagram {
  bytes: Uint8Array;
  dv: DataView;
  exporter: Exporter;
  agent: string;
  subAgent: number;
  receivedUs: number;
  out: FlowBatchBuilder;
  counters: InterfaceCounterBuilder;
  state: DecoderState;
}

/** Reads an sFlow address (type + 4 or 16 bytes) into dst at d; returns bytes consumed or -1. */
function readAddress(dv: DataView, bytes: Uint8Array, p: number, end: number, dst: Uint8Array, d: number): number {
  if (p + 4 > end) return -1;
  const type = dv.getUint32(p);
  if (type === 1) {
    if (p + 8 > end) return -1;
    dst.fill(0, d, d + 10);
    dst[d + 10] = 0xff; dst[d + 11] = 0xff;
    for (let k = 0; k < 4; k++) dst[d + 12 + k] = bytes[p + 4 + k]!;
    return 8;
  }
  if (type === 2) {
    if (p + 20 > end) return -1;
    for (let k = 0; k < 16; k++) dst[d + k] = bytes[p + 4 + k]!;
    return 20;
  }
  return type === 0 ? 4 : -1;
}

export function decodeSflow(
  bytes: Uint8Array, dv: DataView, exporter: Exporter, receivedUs: number, out: FlowBatchBuilder,
  counters: InterfaceCounterBuilder, state: DecoderState,
): void {
  const { stats } = state;
  const n = bytes.length;
  if (n < 28) {
    stats.error('truncated', `sflow: datagram from ${exporter.key} is ${n} bytes, shorter than the 28-byte header`);
    return;
  }
  const agentLen = readAddress(dv, bytes, 4, n, agentBytes, 0);
  if (agentLen < 0) {
    stats.error(n < 28 ? 'truncated' : 'bad_length', `sflow: datagram from ${exporter.key} has an unknown agent address type ${dv.getUint32(4)}`);
    return;
  }
  let p = 4 + agentLen;
  if (p + 16 > n) {
    stats.error('truncated', `sflow: datagram from ${exporter.key} ends inside its header`);
    return;
  }
  const agent = formatAddress(agentBytes);
  const subAgent = dv.getUint32(p);
  const sequence = dv.getUint32(p + 4);
  const numSamples = dv.getUint32(p + 12);
  p += 16;
  const r = state.sequences.observe(`sflow/${agent}/${subAgent}`, sequence, 1, seqResult);
  stats.lostPackets += r.lost;
  if (r.reset) stats.sequenceResets++;
  if (numSamples > MAX_SAMPLES) {
    stats.error('bad_length', `sflow: datagram from agent ${agent} claims ${numSamples} samples`);
    return;
  }
  const dg: Datagram = { bytes, dv, exporter, agent, subAgent, receivedUs, out, counters, state };
  for (let s = 0; s < numSamples; s++) {
    if (p + 8 > n) {
      stats.error('truncated', `sflow: datagram from agent ${agent} announces ${numSamples} samples but ends after ${s}`);
      return;
    }
    const format = dv.getUint32(p);
    const length = dv.getUint32(p + 4);
    const start = p + 8;
    const end = start + length;
    if (end > n) {
      stats.error('truncated', `sflow: sample ${s + 1} from agent ${agent} claims ${length} bytes but the datagram ends ${n - start} bytes later`);
      return;
    }
    const enterprise = format >>> 12;
    const fmt = format & 0xfff;
    if (enterprise !== 0) stats.error('unsupported', `sflow: sample format ${enterprise}:${fmt} from agent ${agent} is vendor-specific; skipped`);
    else if (fmt === 1 || fmt === 3) flowSample(dg, start, end, fmt === 3);
    else if (fmt === 2 || fmt === 4) counterSample(dg, start, end, fmt === 4);
    else if (fmt === 5) discardSample(dg, start, end);
    else stats.error('unsupported', `sflow: sample format ${fmt} from agent ${agent} is unknown; skipped`);
    p = end;
  }
}

function interfaceValue(format: number, value: number): number {
  return format === 0 && value !== 0x3fffffff ? value : NaN;
}

/** A sample's data source: expanded samples give type and index as two words, compact ones pack them in one. */
function sampleSource(dv: DataView, at: number, expanded: boolean): { sourceType: number; sourceIndex: number; next: number } {
  if (expanded) return { sourceType: dv.getUint32(at), sourceIndex: dv.getUint32(at + 4), next: at + 8 };
  const id = dv.getUint32(at);
  return { sourceType: id >>> 24, sourceIndex: id & 0xffffff, next: at + 4 };
}

function flowSample(dg: Datagram, start: number, end: number, expanded: boolean): void {
  const { dv, bytes, state } = dg;
  const { stats } = state;
  const headerLen = expanded ? 44 : 32;
  if (start + headerLen > end) {
    stats.error('bad_sample', `sflow: flow sample from agent ${dg.agent} is shorter than its ${headerLen}-byte header`);
    return;
  }
  const seq = dv.getUint32(start);
  const { sourceType, sourceIndex, next } = sampleSource(dv, start + 4, expanded);
  let q = next;
  const rate = dv.getUint32(q);
  const pool = dv.getUint32(q + 4);
  const drops = dv.getUint32(q + 8);
  let inIf: number, outIf: number;
  if (expanded) {
    inIf = interfaceValue(dv.getUint32(q + 12), dv.getUint32(q + 16));
    outIf = interfaceValue(dv.getUint32(q + 20), dv.getUint32(q + 24));
    q += 28;
  } else {
    const input = dv.getUint32(q + 12);
    const output = dv.getUint32(q + 16);
    inIf = interfaceValue(input >>> 30, input & 0x3fffffff);
    outIf = interfaceValue(output >>> 30, output & 0x3fffffff);
    q += 20;
  }
  const numRecords = dv.getUint32(q);
  q += 4;

  const src = state.sflowSources.source(dg.agent, dg.subAgent, sourceType, sourceIndex);
  if (src.lastSequence >= 0) {
    const gap = (seq - src.lastSequence - 1) >>> 0;
    if (gap > 0 && gap < 0x40000000) src.lostSamples += gap;
  }
  src.lastSequence = seq;
  src.flowSamples++;
  src.samplingRate = rate;
  src.samplePool = pool;
  src.drops = drops;

  const b = dg.out.reserve(1);
  const row = b.length;
  const a = row * 16;
  // sFlow rows name the agent (the switch), not the UDP source, which may be a relay.
  for (let k = 0; k < 16; k++) b.exporter[a + k] = agentBytes[k]!;
  b.time_start[row] = dg.receivedUs;
  b.time_end[row] = dg.receivedUs;
  b.time_received[row] = dg.receivedUs;
  b.source[row] = SOURCE_SFLOW;
  // Rules name the agent (the switch); a rule for the UDP source (a relay) applies when none does.
  let choice = state.samplingChoice(dg.agent, dg.subAgent);
  if (choice.any === null && choice.byIf === null && dg.exporter.text !== dg.agent) choice = state.samplingChoice(dg.exporter, dg.subAgent);
  b.sampling_rate[row] = sampledRate(choice, rate > 0 ? rate : 0, inIf);
  b.packets[row] = 1;
  b.in_if[row] = inIf;
  b.out_if[row] = outIf;

  let haveKey = false;
  for (let i = 0; i < numRecords && i < MAX_RECORDS; i++) {
    if (q + 8 > end) {
      stats.error('bad_sample', `sflow: flow sample ${seq} from agent ${dg.agent} announces ${numRecords} records but ends after ${i}`);
      break;
    }
    const format = dv.getUint32(q);
    const length = dv.getUint32(q + 4);
    const rs = q + 8;
    const re = rs + length;
    if (re > end) {
      stats.error('bad_sample', `sflow: flow record ${format & 0xfff} in sample ${seq} from agent ${dg.agent} claims ${length} bytes, past the end of its sample`);
      break;
    }
    if (format >>> 12 === 0) haveKey = flowRecord(dg, b, row, format & 0xfff, rs, re, haveKey) || haveKey;
    q = re;
  }
  void bytes;
  b.length = row + 1;
  stats.records++;
}

/** Applies one flow record to the row; returns true when it supplied the flow key. */
function flowRecord(dg: Datagram, b: FlowBatch, row: number, fmt: number, s: number, e: number, haveKey: boolean): boolean {
  const { dv, bytes } = dg;
  const a = row * 16;
  switch (fmt) {
    case 1: { // raw packet header
      if (s + 16 > e) return false;
      const linkType = linkTypeOf(dv.getUint32(s));
      const frameLength = dv.getUint32(s + 4);
      const headerLength = dv.getUint32(s + 12);
      b.bytes[row] = frameLength;
      if (linkType < 0 || !dg.state.config.sflowDecodeHeaders) return false;
      const hs = s + 16;
      const status = parsePacket(bytes, hs, Math.min(headerLength, e - hs), linkType, parsed);
      if (parsed.vlan >= 0) b.vlan[row] = parsed.vlan;
      if (status !== PacketStatus.ok) {
        const name = packetStatusName(status);
        const problems = dg.state.sflowSources.headerProblems;
        problems[name] = (problems[name] ?? 0) + 1;
        if (parsed.ipVersion === 0) return false;
      }
      for (let k = 0; k < 16; k++) {
        b.src_addr[a + k] = parsed.src[k]!;
        b.dst_addr[a + k] = parsed.dst[k]!;
      }
      b.protocol[row] = parsed.protocol >= 0 ? parsed.protocol : 0;
      b.tos[row] = parsed.tos;
      if (parsed.hasPorts) {
        b.src_port[row] = parsed.srcPort;
        b.dst_port[row] = parsed.dstPort;
      } else if ((parsed.protocol === IPPROTO_ICMP || parsed.protocol === IPPROTO_ICMPV6) && parsed.icmpType >= 0) {
        b.dst_port[row] = parsed.icmpType * 256 + Math.max(0, parsed.icmpCode);
      }
      if (parsed.protocol === IPPROTO_TCP) b.tcp_flags[row] = parsed.tcpFlags;
      return true;
    }
    case 3: { // IPv4 data: used when no raw header gave the key
      if (haveKey || s + 32 > e) return false;
      if (b.bytes[row] === 0) b.bytes[row] = dv.getUint32(s);
      b.protocol[row] = dv.getUint32(s + 4) & 0xff;
      copyIPv4(b.src_addr, a, bytes, s + 8);
      copyIPv4(b.dst_addr, a, bytes, s + 12);
      b.src_port[row] = dv.getUint32(s + 16) & 0xffff;
      b.dst_port[row] = dv.getUint32(s + 20) & 0xffff;
      b.tcp_flags[row] = dv.getUint32(s + 24) & 0xff;
      b.tos[row] = dv.getUint32(s + 28) & 0xff;
      return true;
    }
    case 4: { // IPv6 data
      if (haveKey || s + 56 > e) return false;
      if (b.bytes[row] === 0) b.bytes[row] = dv.getUint32(s);
      b.protocol[row] = dv.getUint32(s + 4) & 0xff;
      for (let k = 0; k < 16; k++) {
        b.src_addr[a + k] = bytes[s + 8 + k]!;
        b.dst_addr[a + k] = bytes[s + 24 + k]!;
      }
      b.src_port[row] = dv.getUint32(s + 40) & 0xffff;
      b.dst_port[row] = dv.getUint32(s + 44) & 0xffff;
      b.tcp_flags[row] = dv.getUint32(s + 48) & 0xff;
      b.tos[row] = dv.getUint32(s + 52) & 0xff;
      return true;
    }
    case 1001: { // extended switch
      if (s + 16 > e) return false;
      const vlan = dv.getUint32(s);
      if (vlan > 0 && vlan < 4096) b.vlan[row] = vlan;
      return false;
    }
    case 1002: { // extended router: next hop
      readAddress(dv, bytes, s, e, b.next_hop, a);
      return false;
    }
    case 1003: { // extended gateway: next hop, AS numbers, AS path
      const used = readAddress(dv, bytes, s, e, b.next_hop, a);
      if (used < 0) return false;
      let q = s + used;
      if (q + 16 > e) return false;
      b.src_as[row] = dv.getUint32(q + 4);
      let dstAs = dv.getUint32(q); // the router's own AS when the path is empty
      const segments = dv.getUint32(q + 12);
      q += 16;
      for (let i = 0; i < segments && i < 64; i++) {
        if (q + 8 > e) break;
        const count = dv.getUint32(q + 4);
        q += 8;
        if (count > 0 && q + count * 4 <= e) dstAs = dv.getUint32(q + (count - 1) * 4);
        q += count * 4;
      }
      b.dst_as[row] = dstAs;
      return false;
    }
    default:
      return false;
  }
}



function counterSample(dg: Datagram, start: number, end: number, expanded: boolean): void {
  const { dv, state } = dg;
  const headerLen = expanded ? 16 : 12;
  if (start + headerLen > end) {
    state.stats.error('bad_sample', `sflow: counter sample from agent ${dg.agent} is shorter than its ${headerLen}-byte header`);
    return;
  }
  const seq = dv.getUint32(start);
  const { sourceType, sourceIndex, next } = sampleSource(dv, start + 4, expanded);
  let q = next;
  const numRecords = dv.getUint32(q);
  q += 4;
  state.sflowSources.source(dg.agent, dg.subAgent, sourceType, sourceIndex).counterSamples++;
  const rec = emptyInterfaceCounters(dg.agent, dg.subAgent, seq, sourceType, sourceIndex, dg.receivedUs);
  for (let i = 0; i < numRecords && i < MAX_RECORDS; i++) {
    if (q + 8 > end) {
      state.stats.error('bad_sample', `sflow: counter sample ${seq} from agent ${dg.agent} announces ${numRecords} records but ends after ${i}`);
      break;
    }
    const format = dv.getUint32(q);
    const length = dv.getUint32(q + 4);
    const s = q + 8;
    if (s + length > end) {
      state.stats.error('bad_sample', `sflow: counter record ${format & 0xfff} in sample ${seq} from agent ${dg.agent} claims ${length} bytes, past the end of its sample`);
      break;
    }
    if (format === 1 && length >= 88) {
      rec.if_index = dv.getUint32(s);
      rec.if_type = dv.getUint32(s + 4);
      rec.if_speed = readUint(dg.bytes, dv, s + 8, 8);
      rec.if_direction = dv.getUint32(s + 16);
      const status = dv.getUint32(s + 20);
      rec.admin_up = (status & 1) !== 0;
      rec.oper_up = (status & 2) !== 0;
      rec.in_octets = readUint(dg.bytes, dv, s + 24, 8);
      rec.in_ucast_pkts = dv.getUint32(s + 32);
      rec.in_multicast_pkts = dv.getUint32(s + 36);
      rec.in_broadcast_pkts = dv.getUint32(s + 40);
      rec.in_discards = dv.getUint32(s + 44);
      rec.in_errors = dv.getUint32(s + 48);
      rec.in_unknown_protos = dv.getUint32(s + 52);
      rec.out_octets = readUint(dg.bytes, dv, s + 56, 8);
      rec.out_ucast_pkts = dv.getUint32(s + 64);
      rec.out_multicast_pkts = dv.getUint32(s + 68);
      rec.out_broadcast_pkts = dv.getUint32(s + 72);
      rec.out_discards = dv.getUint32(s + 76);
      rec.out_errors = dv.getUint32(s + 80);
      rec.promiscuous_mode = dv.getUint32(s + 84);
    } else if (format === 2 && length >= 52) {
      const v = (i: number) => dv.getUint32(s + i * 4);
      rec.ethernet = {
        alignmentErrors: v(0), fcsErrors: v(1), singleCollisionFrames: v(2), multipleCollisionFrames: v(3),
        sqeTestErrors: v(4), deferredTransmissions: v(5), lateCollisions: v(6), excessiveCollisions: v(7),
        internalMacTransmitErrors: v(8), carrierSenseErrors: v(9), frameTooLongs: v(10),
        internalMacReceiveErrors: v(11), symbolErrors: v(12),
      };
    } else {
      if (rec.other_records.length < 32) rec.other_records.push(`${format >>> 12}:${format & 0xfff}`);
    }
    q = s + length;
  }
  if (rec.if_index === null && sourceType === 0) rec.if_index = sourceIndex;
  dg.counters.push(rec);
}

/** sFlow drops extension (format 5): a packet the device discarded, counted by reason. */
function discardSample(dg: Datagram, start: number, end: number): void {
  const { dv, state } = dg;
  if (start + 28 > end) {
    state.stats.error('bad_sample', `sflow: discarded-packet sample from agent ${dg.agent} is shorter than its 28-byte header`);
    return;
  }
  const src = state.sflowSources.source(dg.agent, dg.subAgent, dv.getUint32(start + 4), dv.getUint32(start + 8));
  const reason = String(dv.getUint32(start + 24));
  src.discards[reason] = (src.discards[reason] ?? 0) + 1;
}

