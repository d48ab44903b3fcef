// sFlow v5 against tcpdump: every sflow*.pcap in ../shared/fixtures/pcap-tcpdump/ is decoded and
// compared with tcpdump's own decoding in the .out file beside it (parsed at test time):
// datagram agent and sample counts, flow samples (rate, pool, drops, interfaces, sampled frame
// length) and counter samples (every generic-interface and Ethernet counter).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { exporterFromText } from '../../src-worker/flow/exporter.js';
import { FlowBatchBuilder } from '../../src-worker/flow/flow-batch-builder.js';
import { detectFlowProtocol, FlowDecoder } from '../../src-worker/flow/flow-decoder.js';
import type { InterfaceCounterRecord } from '../../src-worker/flow/interface-counters.js';
import { flowRecords } from '../../src-worker/flow/record.js';
import { sharedMissingReason, sharedPath, sharedPresent } from '../support/shared-data.js';
import { readUdpPayloads } from './decoders-pcap.js';

interface OutSample {
  kind: 'flow' | 'counter';
  line: Record<string, number>;
  values: Record<string, number>;
}
interface OutPacket {
  agent: string;
  seqnum: number;
  samples: number;
  invalid: boolean;
  /** tcpdump saw a version other than 5 ("sFlow version N packet not supported"). */
  notSflow: boolean;
  list: OutSample[];
}

/** "a 1, b c 2" → { a: 1, 'b c': 2 } for the "name number" pairs tcpdump prints. */
function pairs(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of text.split(',')) {
    const m = /^\s*([A-Za-z][A-Za-z ]*?)\s+(\d+)/.exec(part);
    if (m) out[m[1]!.trim()] = Number(m[2]);
  }
  return out;
}

function parseTcpdumpOut(text: string): OutPacket[] {
  const packets: OutPacket[] = [];
  let cur: OutPacket | null = null;
  let sample: OutSample | null = null;
  let section = '';
  for (const line of text.split('\n')) {
    const head = /sFlowv5, IPv[46] agent (\S+), agent-id \d+, seqnum (\d+), uptime \d+, samples (\d+)/.exec(line);
    if (/^\s*\d+\s+\d{4}-\d\d-\d\d /.test(line)) {
      cur = { agent: '', seqnum: -1, samples: 0, invalid: false, notSflow: false, list: [] };
      packets.push(cur);
      sample = null;
    }
    if (!cur) continue;
    // The datagram header may be on the packet's first line or (after IP options) the next.
    if (head) {
      cur.agent = head[1]!;
      cur.seqnum = Number(head[2]);
      cur.samples = Number(head[3]);
    }
    if (/sFlowv5 .*\(invalid\)/.test(line)) cur.invalid = true;
    if (/sFlow version \d+ packet not supported/.test(line)) cur.notSflow = true;
    const s = /^\s*(expanded )?(flow|counter) sample \(\d\), (.*)$/.exec(line);
    if (s) {
      sample = { kind: s[2] as 'flow' | 'counter', line: pairs(s[3]!), values: {} };
      const io = /input (\d+)(?: \((\d+)\))?,? output (\d+)(?: \((\d+)\))?/.exec(s[3]!);
      if (io) {
        sample.line.input = Number(io[1]);
        sample.line.inputFormat = io[2] === undefined ? -1 : Number(io[2]);
        sample.line.output = Number(io[3]);
        sample.line.outputFormat = io[4] === undefined ? -1 : Number(io[4]);
      }
      cur.list.push(sample);
      continue;
    }
    if (!sample) continue;
    if (/^\s*In octets/.test(line)) section = 'in';
    else if (/^\s*Out octets/.test(line)) section = 'out';
    else if (/^\s*(In|Out) errors/.test(line)) section = /In errors/.test(line) ? 'in' : 'out';
    else section = '';
    const prefix = section ? `${section} ` : '';
    const body = line.replace(/^\s*(In|Out) /, '');
    for (const [k, v] of Object.entries(pairs(body))) sample.values[prefix + k] = v;
    const raw = /protocol \S+ \(\d+\), length (\d+), stripped bytes (\d+), header_size (\d+)/.exec(line);
    if (raw) sample.values.frameLength = Number(raw[1]);
  }
  return packets;
}

function counterDiffs(o: OutSample, r: InterfaceCounterRecord | undefined): string[] {
  if (!r) return ['missing counter record'];
  const d: string[] = [];
  const eq = (what: string, theirs: number | undefined, ours: number | null | undefined) => {
    if (theirs !== undefined && theirs !== ours) d.push(`${what}: tcpdump ${theirs}, ours ${ours}`);
  };
  const v = o.values;
  eq('sequence', o.line.seqnum, r.sequence);
  eq('source_type', o.line.type, r.source_type);
  eq('source_index', o.line.idx, r.source_index);
  eq('if_index', v.ifindex, r.if_index);
  eq('if_type', v.iftype, r.if_type);
  eq('if_speed', v.ifspeed, r.if_speed);
  eq('if_direction', v.ifdirection, r.if_direction);
  eq('in_octets', v['in octets'], r.in_octets);
  eq('in_ucast', v['in unicast pkts'], r.in_ucast_pkts);
  eq('in_mcast', v['in multicast pkts'], r.in_multicast_pkts);
  eq('in_bcast', v['in broadcast pkts'], r.in_broadcast_pkts);
  eq('in_discards', v['in discards'], r.in_discards);
  eq('in_errors', v['in errors'], r.in_errors);
  eq('in_unknown', v['in unknown protos'], r.in_unknown_protos);
  eq('out_octets', v['out octets'], r.out_octets);
  eq('out_ucast', v['out unicast pkts'], r.out_ucast_pkts);
  eq('out_mcast', v['out multicast pkts'], r.out_multicast_pkts);
  eq('out_bcast', v['out broadcast pkts'], r.out_broadcast_pkts);
  eq('out_discards', v['out discards'], r.out_discards);
  eq('out_errors', v['out errors'], r.out_errors);
  eq('promisc', v['promisc mode'], r.promiscuous_mode);
  const e = r.ethernet;
  if (v['align errors'] !== undefined) {
    eq('align', v['align errors'], e?.alignmentErrors);
    eq('fcs', v['fcs errors'], e?.fcsErrors);
    eq('single collision', v['single collision'], e?.singleCollisionFrames);
    eq('multiple collision', v['multiple collision'], e?.multipleCollisionFrames);
    eq('deferred', v.deferred, e?.deferredTransmissions);
    eq('late collision', v['late collision'], e?.lateCollisions);
    eq('excessive', v['excessive collision'], e?.excessiveCollisions);
    eq('carrier', v['carrier error'], e?.carrierSenseErrors);
    eq('too long', v['frames too long'], e?.frameTooLongs);
    eq('symbol', v['symbol errors'], e?.symbolErrors);
  }
  return d;
}

const dir = sharedPresent ? sharedPath('fixtures/pcap-tcpdump') : '';
const files = sharedPresent ? readdirSync(dir).filter((f) => /^sflow.*\.pcap$/.test(f)).sort() : [];

describe.skipIf(!sharedPresent)(`decoders: sFlow v5 equals tcpdump's decoding${sharedPresent ? '' : ` (skipped: ${sharedMissingReason})`}`, () => {
  it('finds the sFlow captures', () => {
    expect(files.length).toBeGreaterThanOrEqual(4);
  });

  for (const file of files) {
    const outFile = `${dir}/${file.replace(/\.pcap$/, '.out')}`;
    it.skipIf(!existsSync(outFile))(`${file}: samples and counters match ${file.replace(/\.pcap$/, '.out')}`, () => {
      const expected = parseTcpdumpOut(readFileSync(outFile, 'utf8'));
      const payloads = readUdpPayloads(`${dir}/${file}`);
      expect(payloads.length).toBe(expected.length);
      const decoder = new FlowDecoder();
      const exporter = exporterFromText('192.0.2.9', 6343);
      const problems: string[] = [];
      let checkedSamples = 0;
      payloads.forEach((p, k) => {
        const o = expected[k]!;
        if (o.notSflow) {
          // tcpdump refuses it as sFlow; it must not decode as sFlow here either.
          expect(detectFlowProtocol(p.payload)).not.toBe('sflow');
          return;
        }
        const out = new FlowBatchBuilder(16);
        const errorsBefore = decoder.state.stats.errorTotal();
        decoder.decode(p.payload, exporter, p.timeUs, out);
        const rows = flowRecords(out.batch);
        const counters = decoder.takeInterfaceCounters();
        if (o.invalid) {
          expect(decoder.state.stats.errorTotal()).toBeGreaterThan(errorsBefore);
          expect(rows.length).toBe(0);
          return;
        }
        expect(decoder.state.stats.errorTotal(), decoder.stats().recentErrors.join('\n')).toBe(errorsBefore);
        const flows = o.list.filter((s) => s.kind === 'flow');
        const counterSamples = o.list.filter((s) => s.kind === 'counter');
        expect(rows.length, `packet ${k + 1} flow samples`).toBe(flows.length);
        expect(counters.length, `packet ${k + 1} counter samples`).toBe(counterSamples.length);
        flows.forEach((s, i) => {
          const r = rows[i]!;
          if (r.exporter !== o.agent) problems.push(`packet ${k + 1} flow ${i + 1}: agent ${o.agent} vs ${r.exporter}`);
          if (r.sampling_rate !== Math.max(1, s.line.rate!)) problems.push(`packet ${k + 1} flow ${i + 1}: rate ${s.line.rate} vs ${r.sampling_rate}`);
          const iface = (value: number, format: number) => {
            if (format >= 0) return format === 0 && value !== 0x3fffffff ? value : null;
            return value >>> 30 === 0 && value !== 0x3fffffff ? value : null;
          };
          if (iface(s.line.input!, s.line.inputFormat!) !== r.in_if) problems.push(`packet ${k + 1} flow ${i + 1}: input ${s.line.input} vs ${r.in_if}`);
          if (iface(s.line.output!, s.line.outputFormat!) !== r.out_if) problems.push(`packet ${k + 1} flow ${i + 1}: output ${s.line.output} vs ${r.out_if}`);
          if (s.values.frameLength !== undefined && s.values.frameLength !== r.bytes) problems.push(`packet ${k + 1} flow ${i + 1}: frame length ${s.values.frameLength} vs ${r.bytes}`);
          checkedSamples++;
        });
        // The per-source table holds the last flow sample's pool and drops.
        const sources = decoder.state.sflowSources.snapshot();
        for (const s of flows) {
          const src = sources.find((x) => x.agent === o.agent && x.sourceType === s.line.type && x.sourceIndex === s.line.idx);
          const last = [...flows].reverse().find((x) => x.line.type === s.line.type && x.line.idx === s.line.idx)!;
          if (!src || src.samplePool !== last.line.pool || src.drops !== last.line.drops || src.lastSequence !== last.line.seqnum) {
            problems.push(`packet ${k + 1}: source ${s.line.type}:${s.line.idx} pool/drops/seq differ from tcpdump`);
          }
        }
        counterSamples.forEach((s, i) => {
          for (const d of counterDiffs(s, counters[i])) problems.push(`packet ${k + 1} counter sample ${i + 1}: ${d}`);
          if (counters[i]?.agent !== o.agent) problems.push(`packet ${k + 1} counter sample ${i + 1}: agent differs`);
          checkedSamples++;
        });
      });
      expect(problems.slice(0, 20)).toEqual([]);
      if (!/segv/.test(file) && !/-nv/.test(outFile)) expect(checkedSamples).toBeGreaterThan(0);
    });
  }
});
