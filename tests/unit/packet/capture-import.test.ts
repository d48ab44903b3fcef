// The capture importer and its job: telemetry recognised by port and by structure and decoded
// through the flow decoders, raw traffic assembled, non-IP and malformed packets counted, exporters
// with their interfaces, progress, cancel keeping what was read, a non-capture refused clearly.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type FlowRecord, flowRecords } from '../../../src-worker/flow/record.js';
import type { JobContext, JobProgress } from '../../../src-worker/jobs/job.js';
import { jobHandlers } from '../../../src-worker/jobs/registry.js';
import { CaptureImporter } from '../../../src-worker/packet/capture-import.js';
import type { CaptureImportChunk } from '../../../src-worker/packet/import-jobs.js';
import { LINKTYPE_ETHERNET } from '../../../src-worker/packet/headers.js';
import { TelemetryDecoder } from '../../../src-worker/packet/telemetry-decoder.js';
import { telemetryClassifier, telemetryStructureValid } from '../../../src-worker/packet/telemetry-sniff.js';
import { type TestPacket, writePcap } from './capture-files.js';
import { ethernet, ipv4, netflowV5, tcp, text, u16, u32, udp } from './frames.js';

function udpFrame(src: string, dst: string, sp: number, dp: number, payload: Uint8Array): Uint8Array {
  return ethernet(0x0800, ipv4({ protocol: 17, src, dst }, udp(sp, dp, payload)));
}

const T0 = 1_700_000_000_000_000;

function mixedCapture(): TestPacket[] {
  const pkts: Uint8Array[] = [
    udpFrame('192.0.2.1', '192.0.2.100', 50001, 2055, netflowV5(3, 1_700_000_000)), // standard port
    udpFrame('192.0.2.2', '192.0.2.100', 50002, 12345, netflowV5(2, 1_700_000_001)), // sniffed by structure
    udpFrame('10.0.0.5', '10.0.0.53', 5353, 53, Uint8Array.from([0, 9, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 3, 119, 119, 119, 0, 0, 1, 0, 1])), // DNS id 9
    ethernet(0x0800, ipv4({ protocol: 6, src: '10.0.0.1', dst: '10.0.0.2' }, tcp(40000, 80, 0x02))),
    ethernet(0x0800, ipv4({ protocol: 6, src: '10.0.0.2', dst: '10.0.0.1' }, tcp(80, 40000, 0x12))),
    ethernet(0x0806, new Uint8Array(28)), // ARP
    ethernet(0x0800, ipv4({ protocol: 6, src: '10.0.0.1', dst: '10.0.0.2' }, tcp(1, 2, 0)).subarray(0, 30)), // cut TCP header
    udpFrame('192.0.2.1', '192.0.2.100', 50001, 2055, netflowV5(1, 1_700_000_002, 3)),
  ];
  return pkts.map((data, i) => ({ data, timestampUs: T0 + i * 1000 }));
}

describe('telemetry sniffing', () => {
  const v5 = netflowV5(2, 1);
  it('trusts the version on collector ports, demands exact structure elsewhere', () => {
    const c = telemetryClassifier();
    expect(c.classify(v5, 0, v5.length, 2055)).toBe('netflow5');
    expect(c.classify(v5, 0, v5.length, 40000)).toBe('netflow5');
    expect(c.classify(v5, 0, v5.length - 1, 40000)).toBeNull();
    expect(c.classify(v5, 0, v5.length - 1, 2055)).toBe('netflow5');
    const dns = Uint8Array.from([0, 9, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0]);
    expect(c.classify(dns, 0, dns.length, 53)).toBeNull();
    expect(telemetryClassifier([2055], false).classify(v5, 0, v5.length, 40000)).toBeNull();
  });

  it('checks IPFIX, v9 and sFlow structure', () => {
    const ipfix = Uint8Array.from([...u16(10), ...u16(16 + 8), ...u32(1), ...u32(1), ...u32(0), ...u16(256), ...u16(8), 1, 2, 3, 4]);
    expect(telemetryStructureValid('ipfix', ipfix, 0, ipfix.length)).toBe(true);
    expect(telemetryStructureValid('ipfix', ipfix, 0, ipfix.length - 2)).toBe(false);
    const v9 = Uint8Array.from([...u16(9), ...u16(1), ...u32(1), ...u32(1), ...u32(0), ...u32(0), ...u16(0), ...u16(8), ...u16(256), ...u16(0)]);
    expect(telemetryStructureValid('netflow9', v9, 0, v9.length)).toBe(true);
    v9[21] = 0x99; // flowset id 0x0099: reserved
    expect(telemetryStructureValid('netflow9', v9, 0, v9.length)).toBe(false);
    const sflow = Uint8Array.from([...u32(5), ...u32(1), 10, 0, 0, 1, ...u32(0), ...u32(1), ...u32(1000), ...u32(1), ...u32(1), ...u32(4), 0, 0, 0, 0]);
    expect(telemetryStructureValid('sflow', sflow, 0, sflow.length)).toBe(true);
    expect(telemetryStructureValid('sflow', sflow, 0, sflow.length - 4)).toBe(false);
  });
});

describe('capture importer', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nw-import-'));

  it('splits telemetry from traffic and accounts for every packet', async () => {
    const path = join(dir, 'mixed.pcap');
    writeFileSync(path, writePcap({ linkType: LINKTYPE_ETHERNET }, mixedCapture()));
    const assembled: FlowRecord[] = [];
    const telemetry: FlowRecord[] = [];
    const importer = new CaptureImporter({
      onFlows: (batch) => assembled.push(...flowRecords(batch)),
      telemetry: new TelemetryDecoder((batch) => telemetry.push(...flowRecords(batch))),
    });
    const s = await importer.run([path]);
    expect(s.packets).toBe(8);
    expect(s.telemetry.datagrams).toBe(3);
    expect(s.telemetry.byProtocol).toEqual({ netflow5: 3 });
    expect(s.telemetry.records).toBe(6);
    expect(telemetry.length).toBe(6);
    expect(telemetry.every((r) => r.source === 'netflow5')).toBe(true);
    expect(new Set(telemetry.map((r) => r.exporter))).toEqual(new Set(['192.0.2.1', '192.0.2.2']));
    expect(telemetry.every((r) => r.time_received >= T0)).toBe(true);
    // DNS (id 9 looks like NetFlow v9) and the TCP handshake are traffic.
    expect(assembled.map((r) => [r.protocol, r.src_addr, r.dst_port]).sort()).toEqual([
      [17, '10.0.0.5', 53], [6, '10.0.0.1', 80], [6, '10.0.0.2', 40000],
    ].sort());
    expect(assembled.every((r) => r.source === 'pcap')).toBe(true);
    expect(s.nonIpPackets).toBe(1);
    expect(s.nonIpByEtherType).toEqual({ '0x0806': 1 });
    expect(s.errors).toEqual({ 'tcp-truncated': 1 });
    expect(s.ipPackets + s.nonIpPackets + 1).toBe(s.packets);
    expect(s.flows.rows).toBe(3);
    expect(s.timeSpan).toEqual({ firstUs: T0, lastUs: T0 + 7000, seconds: 0.007 });
    const exp1 = s.exporters.find((e) => e.exporter === '192.0.2.1:50001')!;
    expect([exp1.datagrams, exp1.records, exp1.protocols]).toEqual([2, 4, ['netflow5']]);
    expect(exp1.interfaces.map((i) => [i.ifIndex, i.flowsIn, i.flowsOut])).toEqual([[10, 2, 0], [11, 1, 0], [12, 1, 0], [20, 0, 4]]);
    expect(s.cancelled).toBe(false);
    expect(s.files[0]).toMatchObject({ format: 'pcap', packets: 8, truncated: null, error: null });
  });

  it('a non-capture file is one clear error; with several files the others still import', async () => {
    const bad = join(dir, 'readme.txt');
    writeFileSync(bad, 'just some text, not packets');
    const good = join(dir, 'good.pcap');
    writeFileSync(good, writePcap({ linkType: LINKTYPE_ETHERNET }, mixedCapture()));
    await expect(new CaptureImporter({ onFlows: () => {} }).run([bad])).rejects.toThrow(/^capture: readme\.txt is not a pcap or pcapng capture/);
    const s = await new CaptureImporter({ onFlows: () => {} }).run([bad, good]);
    expect(s.packets).toBe(8);
    expect(s.errors['not-a-capture']).toBe(1);
    expect(s.files[0]!.error).toMatch(/not a pcap/);
  });

  it('a truncated file imports up to the cut and says so', async () => {
    const file = writePcap({ linkType: LINKTYPE_ETHERNET }, mixedCapture());
    const path = join(dir, 'cut.pcap');
    writeFileSync(path, file.subarray(0, file.length - 10));
    const s = await new CaptureImporter({ onFlows: () => {} }).run([path]);
    expect(s.packets).toBe(7);
    expect(s.errors['truncated-file']).toBe(1);
    expect(s.messages[0]).toMatch(/cut\.pcap ends inside a packet record .* truncated capture/);
  });
});

describe('capture.import job', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nw-import-job-'));
  // Enough packets for several chunks: 3000 short UDP flows.
  const many: TestPacket[] = Array.from({ length: 3000 }, (_, i) => ({
    data: udpFrame(`10.1.${i >> 8}.${i & 0xff}`, '10.2.0.1', 1024 + i, 9000, text('x'.repeat(100))),
    timestampUs: T0 + i * 1000,
  }));
  const path = join(dir, 'many.pcap');
  writeFileSync(path, writePcap({ linkType: LINKTYPE_ETHERNET }, many));

  function context(cancelAfterChunks = Infinity) {
    const chunks: { chunk: CaptureImportChunk; transfer: ArrayBuffer[] }[] = [];
    const progress: JobProgress[] = [];
    let polls = 0;
    const ctx: JobContext = {
      jobId: 'test',
      progress: (p) => progress.push(p),
      cancelled: () => ++polls > cancelAfterChunks,
      throwIfCancelled: () => {},
      emit: (chunk, transfer) => chunks.push({ chunk: chunk as CaptureImportChunk, transfer: transfer ?? [] }),
    };
    return { ctx, chunks, progress };
  }

  it('is registered, streams transferable batches and reports progress', async () => {
    const { ctx, chunks, progress } = context();
    const handler = jobHandlers['capture.import']!;
    const summary = await handler({ paths: [path], batchRows: 500 }, ctx);
    expect(summary.packets).toBe(3000);
    expect(summary.flows.rows).toBe(3000);
    const rows = chunks.reduce((n, c) => n + c.chunk.batch.length, 0);
    expect(rows).toBe(3000);
    expect(chunks.length).toBe(6);
    for (const { chunk, transfer } of chunks) {
      expect(chunk.origin).toBe('assembled');
      expect(transfer).toContain(chunk.batch.src_addr.buffer);
      expect(transfer).toContain(chunk.links!.conversation.buffer);
    }
    const last = progress.at(-1)!;
    expect(last).toMatchObject({ fraction: 1, percent: 100, packets: 3000, etaSeconds: 0 });
    expect(typeof last.packetsPerSecond).toBe('number');
  });

  it('cancel stops between chunks, keeps what was read and says cancelled', async () => {
    const { ctx, chunks } = context(1);
    const handler = jobHandlers['capture.import']!;
    const summary = await handler({ paths: [path], batchRows: 100, chunkSize: 16384 }, ctx);
    expect(summary.cancelled).toBe(true);
    expect(summary.packets).toBeGreaterThan(0);
    expect(summary.packets).toBeLessThan(3000);
    expect(chunks.reduce((n, c) => n + c.chunk.batch.length, 0)).toBe(summary.flows.rows);
    expect(summary.flows.rows).toBe(summary.packets);
  });

  it('refuses a missing file with the path in the message', async () => {
    const { ctx } = context();
    await expect(jobHandlers['capture.import']!({ paths: [join(dir, 'nope.pcap')] }, ctx)).rejects.toThrow(/^capture: cannot open .*nope\.pcap: ENOENT/);
  });
});
