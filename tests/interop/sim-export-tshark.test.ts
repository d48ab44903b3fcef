// The simulator's NetFlow v5/v9, IPFIX and sFlow exporters, checked by an independent decoder:
// datagrams really go over loopback UDP, are received, written to a pcap, and tshark must decode
// every one without malformed or error-level expert items, with record counts and byte totals
// equal to what the exporter reports sending.
import { execFileSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createFlowBatch, flowRecords, type FlowBatch } from '../../src-worker/flow/record.js';
import { writeIPv4 } from '../../src-worker/flow/address.js';
import type { ExportFormat } from '../../src-worker/sim/export/encoder.js';
import { FlowExporter } from '../../src-worker/sim/export/udp-exporter.js';
import { Prng } from '../../src-worker/sim/prng.js';
import { missingToolReason, which } from '../support/tools.js';
import { writePcap } from './sim-pcap.js';

const tshark = which('tshark');

/** Random IPv4 flows from `exporters` routers; some with sampling. */
function randomBatch(rows: number, exporters: number, seed: number, samplingRate = 1): FlowBatch {
  const rng = new Prng(seed);
  const batch = createFlowBatch(rows);
  const t0 = Date.UTC(2026, 10, 23, 12) * 1000;
  for (let r = 0; r < rows; r++) {
    const exporter = (0xac100001 + (r % exporters)) >>> 0;
    writeIPv4(batch.exporter, r * 16, exporter);
    writeIPv4(batch.src_addr, r * 16, (0x0a000000 + rng.int(1 << 20)) >>> 0);
    writeIPv4(batch.dst_addr, r * 16, (0x0a000000 + rng.int(1 << 20)) >>> 0);
    writeIPv4(batch.next_hop, r * 16, (0xc0000201 + rng.int(200)) >>> 0);
    const protocol = rng.pick([6, 6, 6, 17, 17, 1]);
    batch.protocol[r] = protocol;
    batch.src_port[r] = protocol === 1 ? 0 : 1024 + rng.int(60000);
    batch.dst_port[r] = protocol === 1 ? 0 : rng.pick([80, 443, 53, 22, 8080]);
    const packets = 1 + Math.floor(rng.pareto(20, 1.5));
    batch.packets[r] = packets;
    batch.bytes[r] = packets * (60 + rng.int(1400));
    batch.time_start[r] = t0 + rng.int(60_000_000);
    batch.time_end[r] = batch.time_start[r]! + rng.int(30_000_000);
    batch.time_received[r] = batch.time_end[r]!;
    batch.sampling_rate[r] = samplingRate;
    batch.in_if[r] = 1 + rng.int(48);
    batch.out_if[r] = 1 + rng.int(48);
    batch.tcp_flags[r] = protocol === 6 ? 0x1b : NaN;
    batch.tos[r] = rng.pick([0, 0, 46 << 2]);
    batch.src_as[r] = 64512 + rng.int(100);
    batch.dst_as[r] = 64512 + rng.int(100);
    batch.direction[r] = 0;
  }
  batch.length = rows;
  return batch;
}

async function exportAndReceive(format: ExportFormat, batch: FlowBatch, rate = 0) {
  const receiver = createSocket('udp4');
  const datagrams: Buffer[] = [];
  const sources = new Set<string>();
  let srcPort = 0;
  receiver.on('message', (msg, rinfo) => {
    datagrams.push(msg);
    sources.add(rinfo.address);
    srcPort = rinfo.port;
  });
  receiver.bind(0, '127.0.0.1');
  await new Promise((r) => receiver.once('listening', r));
  receiver.setRecvBufferSize(16 * 1024 * 1024);
  const port = (receiver.address() as AddressInfo).port;
  const exporter = new FlowExporter({ host: '127.0.0.1', port, format, rate, loopbackOnly: true });
  await exporter.start();
  const started = performance.now();
  await exporter.send(batch);
  const stats = await exporter.stop();
  const elapsed = performance.now() - started;
  const deadline = Date.now() + 5000;
  while (datagrams.length < stats.datagrams && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  receiver.close();
  return { datagrams, stats, srcPort, port, elapsed, sources };
}

function tsharkFields(pcap: string, decodeAs: string, fields: string[], filter?: string): string[][] {
  const args = ['-r', pcap, '-d', decodeAs, '-T', 'fields', '-E', 'occurrence=a', '-E', 'separator=\t'];
  if (filter) args.push('-Y', filter);
  for (const f of fields) args.push('-e', f);
  const out = execFileSync(tshark!, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return out.split('\n').filter((l) => l.length > 0).map((l) => l.split('\t'));
}

function sumList(cells: string[][], column: number): { sum: number; count: number } {
  let sum = 0;
  let count = 0;
  for (const row of cells) {
    for (const v of (row[column] ?? '').split(',')) {
      if (v === '') continue;
      sum += Number(v);
      count++;
    }
  }
  return { sum, count };
}

describe.skipIf(!tshark)(`sim exporters decoded by tshark${tshark ? '' : ` (${missingToolReason('tshark')})`}`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'nw-sim-export-'));

  for (const format of ['netflow5', 'netflow9', 'ipfix'] as const) {
    it(`${format}: every datagram decodes, counts and octets match what was sent`, async () => {
      const batch = randomBatch(1000, 4, 11, format === 'netflow5' ? 1 : 10);
      const { datagrams, stats, srcPort, port, sources } = await exportAndReceive(format, batch);
      expect(stats.flows).toBe(1000);
      // Each router sends from its own loopback source (172.16.0.k → 127.16.0.k), as real ones do.
      expect([...sources].sort()).toEqual(['127.16.0.1', '127.16.0.2', '127.16.0.3', '127.16.0.4']);
      expect(stats.sendErrors).toBe(0);
      expect(datagrams.length).toBe(stats.datagrams);
      const pcap = join(dir, `${format}.pcap`);
      writePcap(pcap, datagrams, srcPort, port);
      const bad = tsharkFields(pcap, `udp.port==${port},cflow`, ['frame.number'], '_ws.malformed || _ws.expert.severity >= "error"');
      expect(bad).toEqual([]);
      const rows = tsharkFields(pcap, `udp.port==${port},cflow`, ['cflow.octets', 'cflow.packets', 'cflow.srcaddr', 'cflow.version']);
      expect(rows.length).toBe(stats.datagrams);
      expect(rows.every((r) => r[3] === (format === 'netflow5' ? '5' : format === 'netflow9' ? '9' : '10'))).toBe(true);
      const octets = sumList(rows, 0);
      const packets = sumList(rows, 1);
      expect(octets.count).toBe(1000);
      expect(octets.sum).toBe(stats.octets);
      expect(packets.sum).toBe(stats.packets);
      let expectedOctets = 0;
      for (let r = 0; r < batch.length; r++) expectedOctets += batch.bytes[r]!;
      expect(stats.octets).toBe(expectedOctets);
      expect(sumList(rows, 2).count).toBe(1000);
      // Field by field: the multiset of (src, dst, sport, dport, proto, octets) tshark decoded
      // equals the batch's rows.
      const decoded = tsharkFields(pcap, `udp.port==${port},cflow`, ['cflow.srcaddr', 'cflow.dstaddr', 'cflow.srcport', 'cflow.dstport', 'cflow.protocol', 'cflow.octets']);
      const tuples: string[] = [];
      for (const row of decoded) {
        const cols = row.map((c) => c.split(','));
        for (let i = 0; i < cols[0]!.length; i++) tuples.push(cols.map((c) => c[i]).join(' '));
      }
      const expected: string[] = [];
      for (const rec of flowRecords(batch)) expected.push([rec.src_addr, rec.dst_addr, rec.src_port, rec.dst_port, rec.protocol, rec.bytes].join(' '));
      expect(tuples.sort()).toEqual(expected.sort());
    });
  }

  it('netflow9 and ipfix carry the sampling interval per record', async () => {
    for (const format of ['netflow9', 'ipfix'] as const) {
      const batch = randomBatch(50, 1, 12, 100);
      const { datagrams, srcPort, port } = await exportAndReceive(format, batch);
      const pcap = join(dir, `${format}-sampled.pcap`);
      writePcap(pcap, datagrams, srcPort, port);
      const rows = tsharkFields(pcap, `udp.port==${port},cflow`, ['cflow.sampling_interval']);
      const values = rows.flatMap((r) => r[0]!.split(',')).filter(Boolean);
      expect(values.length).toBe(50);
      expect(new Set(values)).toEqual(new Set(['100']));
    }
  });

  it('sflow: every datagram decodes; samples, frame lengths and rate-weighted bytes match', async () => {
    const batch = randomBatch(1000, 3, 13, 4);
    const { datagrams, stats, srcPort, port } = await exportAndReceive('sflow', batch);
    expect(datagrams.length).toBe(stats.datagrams);
    const pcap = join(dir, 'sflow.pcap');
    writePcap(pcap, datagrams, srcPort, port);
    const decode = `udp.port==${port},sflow`;
    const bad = tsharkFields(pcap, decode, ['frame.number'], '_ws.malformed || _ws.expert.severity >= "error"');
    expect(bad).toEqual([]);
    const rows = tsharkFields(pcap, decode, ['sflow_245.header.frame_length', 'sflow.flow_sample.sampling_rate', 'sflow_245.agent', 'ip.src']);
    expect(rows.length).toBe(stats.datagrams);
    const frames = sumList(rows, 0);
    expect(frames.count).toBe(1000);
    expect(frames.sum).toBe(stats.sampledFrameBytes);
    let estimated = 0;
    for (const row of rows) {
      const f = row[0]!.split(',').map(Number);
      const s = row[1]!.split(',').map(Number);
      f.forEach((v, i) => (estimated += v * s[i]!));
    }
    expect(estimated).toBe(stats.estimatedBytes);
    expect(new Set(rows.map((r) => r[2]))).toEqual(new Set(['172.16.0.1', '172.16.0.2', '172.16.0.3']));
    // The synthesised inner headers carry the flows' addresses (the outer is 127.0.0.1).
    const inner = new Set(rows.flatMap((r) => r[3]!.split(',').slice(1)));
    expect(inner.size).toBeGreaterThan(100);
  });

  it('paces export to the requested rate', async () => {
    const batch = randomBatch(4000, 2, 14);
    const { stats, elapsed } = await exportAndReceive('ipfix', batch, 20_000);
    expect(stats.flows).toBe(4000);
    // 4000 flows at 20k/s is 200 ms; allow scheduling slack but not an unpaced burst.
    expect(elapsed).toBeGreaterThan(150);
  });

  it('refuses a non-loopback destination when limited to loopback', async () => {
    const exporter = new FlowExporter({ host: '192.0.2.1', format: 'ipfix', rate: 0, loopbackOnly: true });
    await expect(exporter.start()).rejects.toThrow(/^sim-export: refusing/);
  });
});
