// NetFlow v1/v5/v7, v9 and IPFIX decoding on packets built byte by byte from the RFCs: field
// values, timestamps, sampling, sequence gaps, template lifecycle (pending, withdrawal, expiry,
// caps, persistence), biflows, NSEL, variable-length and enterprise fields, options data.
import { describe, expect, it } from 'vitest';
import { exporterFromText } from '../../../src-worker/flow/exporter.js';
import { FlowBatchBuilder } from '../../../src-worker/flow/flow-batch-builder.js';
import { FlowDecoder } from '../../../src-worker/flow/flow-decoder.js';
import { flowRecords, type FlowRecord } from '../../../src-worker/flow/record.js';
import {
  ByteWriter, FLOW_FIELDS_IPFIX, FLOW_FIELDS_V9, flowN, flowRecords as buildRecords, ipfixMessage, ipfixPacket,
  netflowV5Packet, netflowV9Packet, setOf, SYS_UPTIME_MS, templateRecord, UNIX_SECS, v9Message, type FieldSpec,
} from './packets.js';

const exporter = exporterFromText('192.0.2.1', 2055);
const RECEIVED = 1.7e15;

function run(packets: Uint8Array[], config: ConstructorParameters<typeof FlowDecoder>[0] = {}, decoder = new FlowDecoder(config)) {
  const out = new FlowBatchBuilder(16);
  packets.forEach((p, i) => decoder.decode(p, exporter, RECEIVED + i, out));
  return { decoder, rows: flowRecords(out.batch), stats: decoder.stats() };
}

function expectFlow(r: FlowRecord, i: number): void {
  const f = flowN(i);
  expect(r.src_addr).toBe(f.src);
  expect(r.dst_addr).toBe(f.dst);
  expect(r.src_port).toBe(f.srcPort);
  expect(r.dst_port).toBe(f.dstPort);
  expect(r.protocol).toBe(f.protocol);
  expect(r.bytes).toBe(f.bytes);
  expect(r.packets).toBe(f.packets);
  expect(r.in_if).toBe(f.inIf);
  expect(r.out_if).toBe(f.outIf);
  expect(r.exporter).toBe('192.0.2.1');
}

describe('NetFlow v1/v5/v7', () => {
  it('decodes every v5 field, the sysUptime-relative times and the header sampling interval', () => {
    const { rows, stats } = run([netflowV5Packet(5, { samplingInterval: 100 })]);
    expect(rows).toHaveLength(30);
    rows.forEach((r, i) => {
      expectFlow(r, i);
      const f = flowN(i);
      expect(r.source).toBe('netflow5');
      expect(r.sampling_rate).toBe(100);
      expect(r.tcp_flags).toBe(f.tcpFlags);
      expect(r.tos).toBe(f.tos);
      expect(r.src_as).toBe(f.srcAs);
      expect(r.next_hop).toBe('198.51.100.1');
      const exportUs = UNIX_SECS * 1e6 + 500_000;
      expect(r.time_start).toBe(exportUs - (SYS_UPTIME_MS - f.firstMs) * 1000);
      expect(r.time_end).toBe(exportUs - (SYS_UPTIME_MS - f.lastMs) * 1000);
      expect(r.time_received).toBe(RECEIVED);
    });
    expect(stats.records).toBe(30);
  });

  it('decodes v1 and v7 layouts', () => {
    for (const version of [1, 7] as const) {
      const { rows } = run([netflowV5Packet(version)]);
      expect(rows).toHaveLength(version === 1 ? 24 : 28);
      rows.forEach((r, i) => {
        expectFlow(r, i);
        expect(r.source).toBe(`netflow${version}`);
        expect(r.tcp_flags).toBe(flowN(i).tcpFlags);
      });
    }
  });

  it('turns flow_sequence gaps into lost flows and a per-exporter override beats the header rate', () => {
    const { rows, stats } = run([
      netflowV5Packet(5, { sequence: 0, samplingInterval: 10 }),
      netflowV5Packet(5, { sequence: 30 }),
      netflowV5Packet(5, { sequence: 90 }), // 30 flows missing
    ], { samplingOverrides: { '192.0.2.1': 1000 } });
    expect(stats.lostFlows).toBe(30);
    expect(new Set(rows.map((r) => r.sampling_rate))).toEqual(new Set([1000]));
  });

  it('rejects a count that lies and decodes what fits of a truncated packet', () => {
    const lying = netflowV5Packet(5);
    lying[3] = 200;
    const truncated = netflowV5Packet(5).subarray(0, 24 + 48 * 10 + 20);
    const { rows, stats } = run([lying, truncated]);
    expect(stats.errors.bad_length).toBe(1);
    expect(stats.errors.truncated).toBe(1);
    expect(rows).toHaveLength(10);
  });
});

describe('NetFlow v9', () => {
  it('decodes template + data with uptime-relative times', () => {
    const { rows, stats } = run([netflowV9Packet(20)]);
    expect(rows).toHaveLength(20);
    rows.forEach((r, i) => {
      expectFlow(r, i);
      expect(r.source).toBe('netflow9');
      expect(r.time_start).toBe(UNIX_SECS * 1e6 - (SYS_UPTIME_MS - flowN(i).firstMs) * 1000);
      expect(r.next_hop).toBe('198.51.100.1');
    });
    expect(stats.templates).toBe(1);
  });

  it('holds data that arrives before its template and decodes it when the template comes', () => {
    const data = v9Message([setOf(256, buildRecords(FLOW_FIELDS_V9, 0, 5))], { sequence: 0 });
    const tpl = v9Message([setOf(0, templateRecord(9, 256, FLOW_FIELDS_V9))], { sequence: 1 });
    const { rows, stats } = run([data, tpl]);
    expect(stats.pendingQueued).toBe(1);
    expect(stats.pendingDecoded).toBe(1);
    expect(rows).toHaveLength(5);
    rows.forEach((r, i) => expectFlow(r, i));
  });

  it('counts data whose template never arrives when the pending queue expires or overflows', () => {
    const decoder = new FlowDecoder({ pendingTimeoutSeconds: 10, maxPendingPerExporter: 3 });
    const out = new FlowBatchBuilder();
    for (let i = 0; i < 5; i++) decoder.decode(v9Message([setOf(999, new Uint8Array(20))]), exporter, RECEIVED, out);
    expect(decoder.stats().errors.unknown_template).toBe(2); // overflow evicted the two oldest
    decoder.expire(RECEIVED + 11e6);
    expect(decoder.stats().errors.unknown_template).toBe(5);
    expect(decoder.state.templates.pendingCount).toBe(0);
  });

  it('bounds the pending queue by bytes and the template cache across exporters', () => {
    const decoder = new FlowDecoder({ maxPendingBytes: 10_000, maxTemplatesTotal: 3 });
    const out = new FlowBatchBuilder();
    for (let i = 0; i < 10; i++) decoder.decode(v9Message([setOf(999, new Uint8Array(3000))]), exporter, RECEIVED, out);
    expect(decoder.state.templates.pendingByteCount).toBeLessThanOrEqual(10_000);
    expect(decoder.stats().errors.unknown_template).toBe(7);
    for (let i = 0; i < 5; i++) decoder.decode(netflowV9Packet(1), exporterFromText(`198.51.100.${i + 1}`, 2055), RECEIVED, out);
    expect(decoder.state.templates.size).toBe(3);
    expect(decoder.stats().errors.template_limit).toBe(2);
  });

  it('applies options-data sampling: domain-wide (IE 34) and per sampler id (IE 48/50)', () => {
    const systemScope: FieldSpec[] = [[1, 4], [34, 4], [35, 1]];
    const samplerScope: FieldSpec[] = [[1, 4], [48, 1], [49, 1], [50, 4]];
    const opt = (id: number, values: ByteWriter) => setOf(id, values.finish());
    const withSampler: FieldSpec[] = [...FLOW_FIELDS_V9, [48, 1]];
    const records = new ByteWriter();
    for (let i = 0; i < 4; i++) {
      for (const [id, len] of FLOW_FIELDS_V9) records.bytes(buildRecords([[id, len]], i, 1));
      records.u8(i % 2 === 0 ? 7 : 9); // sampler 7 known, 9 unknown → domain rate
    }
    const packet = v9Message([
      setOf(1, templateRecord(9, 260, systemScope, 1), templateRecord(9, 261, samplerScope, 1)),
      setOf(0, templateRecord(9, 262, withSampler)),
      opt(260, new ByteWriter().u32(0).u32(64).u8(2)),
      opt(261, new ByteWriter().u32(0).u8(7).u8(2).u32(1000)),
      setOf(262, records.finish()),
    ]);
    const { rows, stats, decoder } = run([packet]);
    expect(stats.optionRecords).toBe(2);
    expect(rows.map((r) => r.sampling_rate)).toEqual([1000, 64, 1000, 64]);
    const domain = decoder.inventory()[0]!.domains[0]!;
    expect(domain.samplingRate).toBe(64);
    expect(domain.samplers).toEqual([{ id: 7, rate: 1000, name: null }]);
  });

  it('learns interface names (IE 82/83) from options data keyed by the Interface scope', () => {
    const fields: FieldSpec[] = [[2, 4], [82, 8], [83, 16]];
    const values = new ByteWriter().u32(5).bytes(new TextEncoder().encode('Gi0/1\0\0\0')).bytes(new TextEncoder().encode('uplink to core\0\0'));
    const { decoder } = run([v9Message([setOf(1, templateRecord(9, 270, fields, 1)), setOf(270, values.finish())])]);
    expect(decoder.inventory()[0]!.interfaces).toEqual([{ ifIndex: 5, name: 'Gi0/1', description: 'uplink to core' }]);
  });

  it('tracks the per-source-id packet sequence', () => {
    const { stats } = run([0, 1, 5, 6].map((s) => v9Message([], { sequence: s, sourceId: 3 })));
    expect(stats.lostPackets).toBe(3);
  });

  it('keeps templates apart per source id', () => {
    const a = v9Message([setOf(0, templateRecord(9, 256, FLOW_FIELDS_V9))], { sourceId: 1 });
    const dataOther = v9Message([setOf(256, buildRecords(FLOW_FIELDS_V9, 0, 2))], { sourceId: 2 });
    const { rows, stats } = run([a, dataOther]);
    expect(rows).toHaveLength(0);
    expect(stats.pendingQueued).toBe(1);
  });
});

describe('IPFIX', () => {
  it('decodes 8-byte counters and millisecond timestamps', () => {
    const { rows } = run([ipfixPacket({ count: 10 })]);
    expect(rows).toHaveLength(10);
    rows.forEach((r, i) => {
      expectFlow(r, i);
      expect(r.source).toBe('ipfix');
      expect(r.time_start).toBe(((UNIX_SECS - 10) * 1000 + (i % 1000)) * 1000);
      expect(r.time_end).toBe(((UNIX_SECS - 1) * 1000 + (i % 1000)) * 1000);
    });
  });

  it('splits RFC 5103 biflows into a forward and a reversed row', () => {
    const { rows, stats } = run([ipfixPacket({ count: 3, biflow: true })]);
    expect(rows).toHaveLength(6);
    expect(stats.biflowReverseRows).toBe(3);
    for (let i = 0; i < 3; i++) {
      const fwd = rows[i * 2]!;
      const rev = rows[i * 2 + 1]!;
      expectFlow(fwd, i);
      expect(rev.src_addr).toBe(fwd.dst_addr);
      expect(rev.dst_addr).toBe(fwd.src_addr);
      expect(rev.src_port).toBe(fwd.dst_port);
      expect(rev.in_if).toBe(fwd.out_if);
      expect(rev.bytes).toBe(1000 + i);
      expect(rev.packets).toBe(10 + (i % 5));
    }
  });

  it('reads variable-length fields (1- and 3-byte length prefixes) and keeps enterprise fields without error', () => {
    const fields: FieldSpec[] = [[8, 4], [12, 4], [2, 4], [1, 4], [82, 65535], [100, 2, 6871], [7, 2]];
    const w = new ByteWriter();
    const long = new Uint8Array(300).fill(65);
    w.ipv4('10.0.0.1').ipv4('10.0.0.2').u32(3).u32(300).u8(4).bytes([101, 116, 104, 48]).u16(9).u16(1234);
    w.ipv4('10.0.0.3').ipv4('10.0.0.4').u32(5).u32(500).u8(255).u16(300).bytes(long).u16(9).u16(4321);
    w.zeros(3); // padding
    const { rows, stats } = run([ipfixMessage([setOf(2, templateRecord(10, 400, fields)), setOf(400, w.finish())])]);
    expect(rows.map((r) => [r.src_addr, r.bytes, r.src_port])).toEqual([['10.0.0.1', 300, 1234], ['10.0.0.3', 500, 4321]]);
    expect(stats.errors).toEqual(Object.fromEntries(Object.keys(stats.errors).map((k) => [k, 0])));
  });

  it('reads reduced-size counters, NTP microsecond timestamps and µs-before-export deltas', () => {
    const fields: FieldSpec[] = [[8, 4], [12, 4], [1, 2], [2, 1], [154, 8], [159, 4]];
    const ntp = (UNIX_SECS + 2208988800) >>> 0;
    const w = new ByteWriter().ipv4('10.0.0.1').ipv4('10.0.0.2').u16(1500).u8(3).u32(ntp).u32(0x80000000).u32(250_000);
    const { rows } = run([ipfixMessage([setOf(2, templateRecord(10, 401, fields)), setOf(401, w.finish())])]);
    expect(rows[0]!.bytes).toBe(1500);
    expect(rows[0]!.packets).toBe(3);
    expect(rows[0]!.time_start).toBe(UNIX_SECS * 1e6 + 500_000);
    expect(rows[0]!.time_end).toBe(UNIX_SECS * 1e6 - 250_000);
  });

  it('uses systemInitTimeMilliseconds from options data for sysUpTime-relative fields', () => {
    const optFields: FieldSpec[] = [[149, 4], [160, 8]];
    const flowFields: FieldSpec[] = [[8, 4], [12, 4], [22, 4], [21, 4]];
    const init = (UNIX_SECS - 3600) * 1000;
    const packet = ipfixMessage([
      setOf(3, templateRecord(10, 500, optFields, 1)),
      setOf(2, templateRecord(10, 501, flowFields)),
      setOf(500, new ByteWriter().u32(0).u64(init).finish()),
      setOf(501, new ByteWriter().ipv4('10.0.0.1').ipv4('10.0.0.2').u32(1000).u32(2000).finish()),
    ]);
    const { rows } = run([packet]);
    expect(rows[0]!.time_start).toBe((init + 1000) * 1000);
    expect(rows[0]!.time_end).toBe((init + 2000) * 1000);
  });

  it('takes sampling from IPFIX selector options (302 with 305/306) and names the selector (335)', () => {
    const optFields: FieldSpec[] = [[302, 4], [305, 4], [306, 4], [335, 8]];
    const flowFields: FieldSpec[] = [[8, 4], [12, 4], [1, 4], [302, 4]];
    const packet = ipfixMessage([
      setOf(3, templateRecord(10, 510, optFields, 1)),
      setOf(2, templateRecord(10, 511, flowFields)),
      setOf(510, new ByteWriter().u32(42).u32(1).u32(99).bytes(new TextEncoder().encode('edge-1\0\0')).finish()),
      setOf(511, new ByteWriter().ipv4('10.0.0.1').ipv4('10.0.0.2').u32(100).u32(42).ipv4('10.0.0.3').ipv4('10.0.0.4').u32(100).u32(7).finish()),
    ]);
    const { rows, decoder } = run([packet]);
    expect(rows.map((r) => r.sampling_rate)).toEqual([100, 1]);
    expect(decoder.inventory()[0]!.domains[0]!.samplers).toEqual([{ id: 42, rate: 100, name: 'edge-1' }]);
  });

  it('withdraws templates (one, and all of a domain)', () => {
    const withdrawOne = ipfixMessage([setOf(2, new ByteWriter().u16(300).u16(0).finish())]);
    const data = ipfixPacket({ count: 2, dataOnly: true });
    const { decoder, rows, stats } = run([ipfixPacket({ count: 1, templateOnly: true }), withdrawOne, data]);
    expect(stats.templatesWithdrawn).toBe(1);
    expect(rows).toHaveLength(0);
    expect(decoder.state.templates.pendingCount).toBe(1);
    const withdrawAll = ipfixMessage([setOf(2, new ByteWriter().u16(2).u16(0).finish())]);
    const r2 = run([ipfixPacket({ count: 1, templateOnly: true }), netflowV9Packet(1), withdrawAll]);
    expect(r2.stats.templatesWithdrawn).toBe(1); // the IPFIX one; v9's template is another version
    expect(r2.decoder.state.templates.size).toBe(1);
  });

  it('expires templates that are not refreshed, and caps templates per exporter', () => {
    const decoder = new FlowDecoder({ templateTimeoutSeconds: 60, maxTemplatesPerExporter: 2 });
    const out = new FlowBatchBuilder();
    const tpls = [300, 301, 302].map((id) => ipfixMessage([setOf(2, templateRecord(10, id, FLOW_FIELDS_IPFIX))]));
    tpls.forEach((t) => decoder.decode(t, exporter, RECEIVED, out));
    expect(decoder.state.templates.size).toBe(2);
    expect(decoder.stats().errors.template_limit).toBe(1);
    decoder.expire(RECEIVED + 61e6);
    expect(decoder.state.templates.size).toBe(0);
    expect(decoder.stats().templatesExpired).toBe(2);
  });

  it('exports templates as JSON and a fresh decoder decodes data at once after importing them', () => {
    const first = run([ipfixPacket({ count: 1, templateOnly: true }), netflowV9Packet(1)]);
    const saved = JSON.parse(JSON.stringify(first.decoder.exportTemplates()));
    const restarted = new FlowDecoder();
    expect(restarted.importTemplates(saved)).toEqual({ imported: 2, rejected: [] });
    const out = new FlowBatchBuilder();
    restarted.decode(ipfixPacket({ count: 4, dataOnly: true }), exporter, RECEIVED, out);
    expect(flowRecords(out.batch).map((r) => r.src_addr)).toEqual([0, 1, 2, 3].map((i) => flowN(i).src));
    const bad = restarted.importTemplates([{ ...saved[0], fields: [[1, 0, 0]] }, { ...saved[0], version: 4 }]);
    expect(bad.imported).toBe(0);
    expect(bad.rejected).toHaveLength(2);
  });

  it('estimates lost flows from the data-record sequence', () => {
    const a = ipfixMessage([setOf(2, templateRecord(10, 300, FLOW_FIELDS_IPFIX)), setOf(300, buildRecords(FLOW_FIELDS_IPFIX, 0, 10))], { sequence: 0 });
    const b = ipfixMessage([setOf(300, buildRecords(FLOW_FIELDS_IPFIX, 0, 10))], { sequence: 10 });
    const c = ipfixMessage([setOf(300, buildRecords(FLOW_FIELDS_IPFIX, 0, 10))], { sequence: 35 });
    expect(run([a, b, c]).stats.lostFlows).toBe(15);
  });

  it('counts Cisco ASA NSEL flows once: creation events fold, teardown carries the totals', () => {
    const fields: FieldSpec[] = [[8, 4], [12, 4], [4, 1], [233, 1], [85, 4], [231, 4], [232, 4]];
    const w = new ByteWriter();
    const event = (e: number, total: number, fwd: number, rev: number) => w.ipv4('10.0.0.1').ipv4('10.0.0.2').u8(6).u8(e).u32(total).u32(fwd).u32(rev);
    event(1, 0, 0, 0); // created
    event(5, 100, 60, 40); // update with totals
    event(2, 300, 200, 100); // teardown
    event(3, 0, 0, 0); // denied
    event(1, 500, 0, 0); // Barracuda-style: a creation event that carries the flow's counters
    const packet = v9Message([setOf(0, templateRecord(9, 263, fields)), setOf(263, w.finish())]);
    const once = run([packet]);
    expect(once.stats.nselEventsFolded).toBe(2);
    // teardown row (total 300 forward as 85 wins) + its responder row + the denied flow + the
    // creation event that carried traffic
    expect(once.rows.map((r) => r.bytes)).toEqual([300, 100, 0, 500]);
    const all = run([packet], { nselOnce: false, splitBiflows: false });
    expect(all.rows).toHaveLength(5);
  });
});

describe('flow decoder dispatch', () => {
  it('counts packets that are no flow protocol as bad_version', () => {
    const { stats } = run([new Uint8Array([0, 42, 0, 0, 1, 2, 3, 4]), new Uint8Array([0])]);
    expect(stats.errors.bad_version).toBe(1);
    expect(stats.errors.truncated).toBe(1);
    expect(stats.recentErrors[0]).toMatch(/^flow: packet from 192\.0\.2\.1:2055/);
  });
});
