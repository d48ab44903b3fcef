// The simulator's exporters against NetWeaver's own decoders (src-worker/flow): a simulated
// network's flows go over loopback UDP, are decoded by FlowDecoder exactly as the collector
// does, and every record comes back with the same fields — the round trip a digital twin needs
// ("indistinguishable, to the rest of the app, from a real network").
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exporterFromText } from '../../src-worker/flow/exporter.js';
import { FlowBatchBuilder } from '../../src-worker/flow/flow-batch-builder.js';
import { FlowDecoder } from '../../src-worker/flow/flow-decoder.js';
import { flowRecords, type FlowBatch, type FlowRecord } from '../../src-worker/flow/record.js';
import type { ExportFormat } from '../../src-worker/sim/export/encoder.js';
import { FlowExporter } from '../../src-worker/sim/export/udp-exporter.js';
import { sflowFrameLength, sflowSamplingRate } from '../../src-worker/sim/export/sflow-encoder.js';
import { generateNetwork } from '../../src-worker/sim/generate.js';
import { Simulation } from '../../src-worker/sim/simulation.js';
import { runSimulation } from '../../src-worker/sim/sim-jobs.js';
import { which } from '../support/tools.js';
import { writePcap } from './sim-pcap.js';
import { udpCounter } from '../unit/sim/udp-counter.js';

const tshark = which('tshark');



function simulatedFlows(steps: number): FlowBatch[] {
  const network = generateNetwork({ kind: 'waxman', nodes: 30 }, { seed: 77 });
  const sim = new Simulation({ network, seed: 77, steps, stepSeconds: 300, flows: { recordsPerStep: 400 }, events: { ddos: 6 } });
  const out: FlowBatch[] = [];
  while (!sim.done) out.push(sim.step().flows!);
  return out;
}

async function roundTrip(format: ExportFormat, batches: FlowBatch[]) {
  const receiver = await udpCounter(true);
  const { payloads, port } = receiver;
  const exporter = new FlowExporter({ host: '127.0.0.1', port, format, rate: 200_000, loopbackOnly: true });
  await exporter.start();
  for (const b of batches) await exporter.send(b);
  const stats = await exporter.stop();
  await receiver.close(stats.datagrams);
  const decoder = new FlowDecoder();
  const out = new FlowBatchBuilder();
  // As the collector does: the exporter is the datagram's source (one per simulated router).
  for (const { msg, address, port } of payloads) decoder.decode(new Uint8Array(msg.buffer, msg.byteOffset, msg.byteLength), exporterFromText(address, port), Date.now() * 1000, out);
  return { stats, decoded: flowRecords(out.take()), decodeStats: decoder.stats(), datagrams: payloads.length };
}

const key = (f: FlowRecord) => [f.src_addr, f.dst_addr, f.src_port, f.dst_port, f.protocol].join(' ');

describe('sim exporters → NetWeaver decoders', () => {
  const batches = simulatedFlows(3);
  const sent = batches.flatMap((b) => flowRecords(b));

  for (const format of ['netflow5', 'netflow9', 'ipfix'] as const) {
    it(`${format}: every flow decodes with its fields intact, no decode errors`, async () => {
      const { stats, decoded, decodeStats, datagrams } = await roundTrip(format, batches);
      expect(datagrams).toBe(stats.datagrams);
      expect(Object.values(decodeStats.errors).reduce((a, b) => a + b, 0)).toBe(0);
      expect(decodeStats.lostFlows + decodeStats.lostPackets).toBe(0);
      expect(decoded.length).toBe(sent.length);
      expect(decoded.reduce((s, f) => s + f.bytes, 0)).toBe(stats.octets);
      // Every router is its own exporter: 172.16.x.y's flows arrive from 127.16.x.y.
      expect(new Set(decoded.map((f) => f.exporter))).toEqual(new Set(sent.map((f) => f.exporter.replace(/^172\./, '127.'))));
      const bySent = [...sent].sort((a, b) => key(a).localeCompare(key(b)) || a.bytes - b.bytes || a.time_start - b.time_start);
      const byDecoded = [...decoded].sort((a, b) => key(a).localeCompare(key(b)) || a.bytes - b.bytes || a.time_start - b.time_start);
      byDecoded.forEach((d, i) => {
        const s = bySent[i]!;
        expect(key(d)).toBe(key(s));
        expect(d.bytes).toBe(s.bytes);
        expect(d.packets).toBe(s.packets);
        expect(d.in_if).toBe(s.in_if);
        expect(d.out_if).toBe(s.out_if);
        expect(d.tos).toBe(s.tos);
        expect(d.sampling_rate).toBe(s.sampling_rate);
        expect(d.next_hop ?? '0.0.0.0').toBe(s.next_hop ?? '0.0.0.0');
        // Every format carries milliseconds: decoded times are within 1 ms (1000 µs) of the sent ones.
        expect(Math.abs(d.time_start - s.time_start)).toBeLessThan(1000);
        expect(Math.abs(d.time_end - s.time_end)).toBeLessThan(1000);
        if (format !== 'netflow5') {
          expect(d.src_as).toBe(s.src_as);
          expect(d.dst_as).toBe(s.dst_as);
        }
      });
    });
  }

  it('sflow: one sample per flow; frame lengths and rates give the volume the exporter reports', async () => {
    const { stats, decoded, decodeStats } = await roundTrip('sflow', batches);
    expect(Object.values(decodeStats.errors).reduce((a, b) => a + b, 0)).toBe(0);
    expect(decoded.length).toBe(sent.length);
    expect(decoded.reduce((s, f) => s + f.bytes, 0)).toBe(stats.sampledFrameBytes);
    expect(decoded.reduce((s, f) => s + f.bytes * f.sampling_rate, 0)).toBe(stats.estimatedBytes);
    // Agents are the simulated routers' loopbacks, not the UDP source.
    expect(new Set(decoded.map((f) => f.exporter))).toEqual(new Set(sent.map((f) => f.exporter)));
    expect(new Set(decoded.map(key))).toEqual(new Set(sent.map(key)));
    let expected = 0;
    for (const b of batches) for (let r = 0; r < b.length; r++) expected += sflowFrameLength(b, r) * sflowSamplingRate(b, r);
    expect(stats.estimatedBytes).toBe(expected);
  });
});

describe('sim sFlow interface counters → NetWeaver decoders and tshark', () => {
  it('a run exporting sFlow sends every router\'s interface counters; decoded values equal the simulator\'s', async () => {
    const receiver = await udpCounter(true);
    const { payloads, port } = receiver;
    const ctx = { jobId: 't', progress: () => undefined, cancelled: () => false, throwIfCancelled: () => undefined, emit: () => undefined };
    const result = await runSimulation(
      { generator: { kind: 'ring', nodes: 6 }, seed: 3, steps: 2, stepSeconds: 300, options: { flows: { recordsPerStep: 20 } }, export: { host: '127.0.0.1', port, format: 'sflow', rate: 0 } },
      ctx,
    );
    await receiver.close(result.export!.datagrams);
    // 6 routers × 2 interfaces × 2 steps.
    expect(result.export!.counterSamples).toBe(24);
    const decoder = new FlowDecoder();
    const out = new FlowBatchBuilder();
    for (const { msg, address, port: p } of payloads) decoder.decode(new Uint8Array(msg.buffer, msg.byteOffset, msg.byteLength), exporterFromText(address, p), Date.now() * 1000, out);
    expect(Object.values(decoder.stats().errors).reduce((a, b) => a + b, 0)).toBe(0);
    const counters = decoder.interfaceCounters.take();
    expect(counters).toHaveLength(24);
    // The last sample of router r0's interface 1 carries the run's cumulative out-octets of that arc.
    const r0 = counters.filter((c) => c.agent === '172.16.0.1' && c.if_index === 1);
    expect(r0).toHaveLength(2);
    // Arcs are sorted by router, so r0's interface 1 is arc 0.
    expect(Number(r0[1]!.out_octets)).toBe(Math.round(result.counters.outOctets[0]!));
    expect(r0.every((c) => c.oper_up === true && Number(c.if_speed) > 0)).toBe(true);
    if (tshark) {
      const dir = mkdtempSync(join(tmpdir(), 'nw-sim-counters-'));
      const pcap = join(dir, 'counters.pcap');
      writePcap(pcap, payloads.map((p) => p.msg), 40000, port);
      const malformed = execFileSync(tshark, ['-r', pcap, '-d', `udp.port==${port},sflow`, '-Y', '_ws.malformed || _ws.expert.severity >= "error"', '-T', 'fields', '-e', 'frame.number'], { encoding: 'utf8' });
      expect(malformed.trim()).toBe('');
      const octets = execFileSync(tshark, ['-r', pcap, '-d', `udp.port==${port},sflow`, '-T', 'fields', '-E', 'occurrence=a', '-e', 'sflow_245.ifoutoct'], { encoding: 'utf8' });
      const values = octets.split(/[\n,]/).filter(Boolean).map(Number);
      expect(values).toHaveLength(24);
      expect(values.reduce((a, b) => a + b, 0)).toBe(counters.reduce((a, c) => a + Number(c.out_octets), 0));
    }
  });
});
