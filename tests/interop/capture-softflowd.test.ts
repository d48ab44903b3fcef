// A capture of a real exporter's NetFlow/IPFIX imports to the same flows as a live collector
// receives: softflowd reads a traffic capture and exports to a UDP socket this test owns on
// 127.0.0.1 (the "live collector", decoding with the same FlowDecoder the collector uses) while
// tcpdump captures the export datagrams on loopback. Importing that capture — telemetry found by
// its structure, since the port is random — must give the same flow records. Also: assembling the
// original traffic capture ourselves gives the flows softflowd exported (5-tuple, packets, bytes).
import { type ChildProcess, spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exporterFromText } from '../../src-worker/flow/exporter.js';
import { FlowBatchBuilder } from '../../src-worker/flow/flow-batch-builder.js';
import { FlowDecoder } from '../../src-worker/flow/flow-decoder.js';
import { type FlowRecord, flowRecords } from '../../src-worker/flow/record.js';
import { CaptureImporter } from '../../src-worker/packet/capture-import.js';
import { TelemetryDecoder } from '../../src-worker/packet/telemetry-decoder.js';
import { missingToolReason, which } from '../support/tools.js';
import { trafficPcap } from './decoders-pcap.js';

const missing = !which('softflowd') ? missingToolReason('softflowd') : !which('tcpdump') ? missingToolReason('tcpdump') : process.getuid?.() !== 0 ? 'needs root for tcpdump on loopback' : '';

function waitFor(child: ChildProcess, pattern: RegExp, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`softflowd test: no ${pattern} within ${ms} ms (${text})`)), ms);
    child.stderr?.on('data', (d: Buffer) => {
      text += d.toString();
      if (pattern.test(text)) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
}

/** A flow as both paths must agree on (time_received and the exporter's port differ by nature). */
function comparable(r: FlowRecord): string {
  return JSON.stringify([r.source, r.exporter, r.src_addr, r.src_port, r.dst_addr, r.dst_port, r.protocol, r.packets, r.bytes, r.time_start, r.time_end, r.tcp_flags, r.tos]);
}

describe.skipIf(missing !== '')(`softflowd exports captured, then imported ${missing}`, () => {
  for (const version of ['9', '10']) {
    it(`${version === '10' ? 'IPFIX' : 'NetFlow v9'}: the capture gives the flows the live socket got`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'nw-sfcap-'));
      const traffic = join(dir, 'traffic.pcap');
      writeFileSync(traffic, trafficPcap(300));
      const socket = createSocket('udp4');
      const live: FlowRecord[] = [];
      const decoder = new FlowDecoder();
      const builder = new FlowBatchBuilder();
      socket.on('message', (msg, rinfo) => {
        decoder.decode(new Uint8Array(msg), exporterFromText(rinfo.address, rinfo.port), Date.now() * 1000, builder);
      });
      await new Promise<void>((r) => socket.bind(0, '127.0.0.1', r));
      const port = socket.address().port;
      const capture = join(dir, 'exports.pcap');
      let tcpdumpLog = '';
      const tcpdump = spawn('tcpdump', ['-i', 'lo', '-n', '-U', '--immediate-mode', '-w', capture, 'udp', 'and', 'dst', 'port', String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
      try {
        tcpdump.stderr?.on('data', (d: Buffer) => (tcpdumpLog += d.toString()));
        await waitFor(tcpdump, /listening on/, 10_000);
        await new Promise((r) => setTimeout(r, 1000)); // tcpdump says "listening" a moment before it captures
        // `-c none`: softflowd 1.1's control socket can block it before it reads the file.
        const sf = spawn('softflowd', ['-r', traffic, '-n', `127.0.0.1:${port}`, '-v', version, '-6', '-d', '-p', 'none', '-c', 'none'], { stdio: 'ignore' });
        const code = await new Promise<number | null>((r) => sf.on('exit', r));
        expect(code).toBe(0);
        await new Promise((r) => setTimeout(r, 500));
      } finally {
        tcpdump.kill('SIGINT');
        await new Promise((r) => tcpdump.once('exit', r));
        socket.close();
      }
      decoder.flushPending();
      live.push(...flowRecords(builder.take()));
      expect(live.length).toBeGreaterThan(100);
      expect(tcpdumpLog).toMatch(/[1-9]\d* packets? captured/);

      const imported: FlowRecord[] = [];
      const summary = await new CaptureImporter({
        onFlows: () => {},
        telemetry: new TelemetryDecoder((batch) => imported.push(...flowRecords(batch))),
      }).run([capture]);
      expect(summary.telemetry.byProtocol).toEqual({ [version === '10' ? 'ipfix' : 'netflow9']: summary.telemetry.datagrams });
      expect(summary.flows.rows).toBe(0);
      expect(summary.exporters.map((e) => e.address)).toEqual(['127.0.0.1']);
      expect(imported.map(comparable).sort()).toEqual(live.map(comparable).sort());

      // Our own assembly of the traffic softflowd read: the same directional flows.
      const assembled: FlowRecord[] = [];
      await new CaptureImporter({ onFlows: (b) => assembled.push(...flowRecords(b)) }).run([traffic]);
      const key = (r: FlowRecord) => JSON.stringify([r.src_addr, r.src_port, r.dst_addr, r.dst_port, r.protocol, r.packets, r.bytes]);
      expect(assembled.map(key).sort()).toEqual(live.map(key).sort());
    }, 60_000);
  }
});
