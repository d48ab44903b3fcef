// sFlow v5 on datagrams built here: raw headers through 802.1Q and VXLAN, expanded samples,
// extended switch data, counter samples as interface metrics, discarded-packet samples,
// datagram and sample sequence gaps.
import { describe, expect, it } from 'vitest';
import { exporterFromText } from '../../../src-worker/flow/exporter.js';
import { FlowBatchBuilder } from '../../../src-worker/flow/flow-batch-builder.js';
import { FlowDecoder } from '../../../src-worker/flow/flow-decoder.js';
import { flowRecords } from '../../../src-worker/flow/record.js';
import { ethernetTcpFrame, sflowPacket } from './packets.js';

const relay = exporterFromText('198.51.100.9', 6343);

describe('sFlow v5', () => {
  it('turns flow samples into rows keyed by the sampled header (inner header of VXLAN)', () => {
    const decoder = new FlowDecoder();
    const out = new FlowBatchBuilder();
    decoder.decode(sflowPacket(), relay, 1.7e15, out);
    const rows = flowRecords(out.batch);
    expect(rows).toHaveLength(2);
    const [tcp, vxlan] = rows;
    expect(tcp).toMatchObject({ source: 'sflow', exporter: '192.0.2.50', src_addr: '10.1.1.1', dst_addr: '10.2.2.2', src_port: 40000, dst_port: 443, protocol: 6, packets: 1, sampling_rate: 512, in_if: 3, out_if: 4, vlan: 100, tcp_flags: 0x18 });
    expect(tcp!.bytes).toBe(ethernetTcpFrame('10.1.1.1', '10.2.2.2', 40000, 443).length + 4);
    expect(vxlan).toMatchObject({ src_addr: '172.16.0.1', dst_addr: '172.16.0.2', src_port: 5353, dst_port: 53, protocol: 17, sampling_rate: 512 });
    expect(decoder.state.stats.errorTotal()).toBe(0);
  });

  it('lets a per-agent sampling override from settings win over the sample\'s rate', () => {
    const decoder = new FlowDecoder({ samplingOverrides: { '192.0.2.50': 2048 } });
    const out = new FlowBatchBuilder();
    decoder.decode(sflowPacket(), relay, 1.7e15, out);
    expect(flowRecords(out.batch).map((r) => r.sampling_rate)).toEqual([2048, 2048]);
  });

  it('turns counter samples into interface metrics', () => {
    const decoder = new FlowDecoder();
    decoder.decode(sflowPacket({ flows: [], counters: [7, 8] }), relay, 1.7e15, new FlowBatchBuilder());
    const counters = decoder.takeInterfaceCounters();
    expect(counters).toHaveLength(2);
    expect(counters[0]).toMatchObject({ agent: '192.0.2.50', if_index: 7, if_speed: 10_000_000_000, admin_up: true, oper_up: true, in_octets: 123_456_789_012, out_octets: 98_765_432_109, in_discards: 4, out_errors: 8 });
    expect(counters[0]!.ethernet?.fcsErrors).toBe(1);
    expect(counters[1]!.if_index).toBe(8);
    expect(decoder.takeInterfaceCounters()).toHaveLength(0);
  });

  it('counts discarded-packet samples by reason and datagram/sample sequence gaps', () => {
    const decoder = new FlowDecoder();
    const out = new FlowBatchBuilder();
    decoder.decode(sflowPacket({ sequence: 1, discard: true, flows: [{ frame: ethernetTcpFrame('10.0.0.1', '10.0.0.2', 1, 2), sequence: 10 }] }), relay, 1.7e15, out);
    decoder.decode(sflowPacket({ sequence: 4, flows: [{ frame: ethernetTcpFrame('10.0.0.1', '10.0.0.2', 1, 2), sequence: 15 }] }), relay, 1.7e15, out);
    expect(decoder.stats().lostPackets).toBe(2);
    const src = decoder.state.sflowSources.snapshot().find((s) => s.sourceIndex === 7 && s.flowSamples > 0)!;
    expect(src.lostSamples).toBe(4);
    expect(src.samplePool).toBe(1000);
    const discards = decoder.state.sflowSources.snapshot().find((s) => Object.keys(s.discards).length > 0)!;
    expect(discards.discards).toEqual({ '262': 1 });
  });

  it('reports a sample whose length lies as an error and keeps going with the next datagram', () => {
    const decoder = new FlowDecoder();
    const out = new FlowBatchBuilder();
    const bad = sflowPacket();
    new DataView(bad.buffer).setUint32(28 + 4, 0xfffff); // first sample's length
    decoder.decode(bad, relay, 1.7e15, out);
    decoder.decode(sflowPacket(), relay, 1.7e15, out);
    expect(decoder.stats().errors.truncated).toBe(1);
    expect(out.length).toBe(2);
  });
});
