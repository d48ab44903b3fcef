// Real exporters on this machine: softflowd reads a capture (built here: IPv4/IPv6 TCP and UDP
// flows) and exports NetFlow v5, v9 and IPFIX — plain, bidirectional (RFC 5103) and with
// absolute micro/nanosecond timestamps — to a loopback UDP socket this test owns. The captured
// export packets are decoded by our decoders and by tshark; flow, packet and byte totals must be
// equal. Only 127.0.0.1 is used.
import { spawn, execFileSync } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exporterFromText } from '../../src-worker/flow/exporter.js';
import { FlowBatchBuilder } from '../../src-worker/flow/flow-batch-builder.js';
import { FlowDecoder } from '../../src-worker/flow/flow-decoder.js';
import { flowRecords } from '../../src-worker/flow/record.js';
import { missingToolReason, which } from '../support/tools.js';
import { trafficFlowCount, trafficPcap, tsharkJson, writePcap, type UdpPayload } from './decoders-pcap.js';

const softflowd = which('softflowd');
const softflowctl = which('softflowctl');
const tshark = which('tshark');
const missing = !softflowd || !softflowctl ? missingToolReason('softflowd') : !tshark ? missingToolReason('tshark') : '';

async function captureExport(work: string, pcap: string, args: string[]): Promise<UdpPayload[]> {
  const socket: Socket = createSocket('udp4');
  const received: UdpPayload[] = [];
  socket.on('message', (msg, rinfo) => received.push({ payload: new Uint8Array(msg), srcAddr: rinfo.address, srcPort: rinfo.port, dstPort: 0, timeUs: Date.now() * 1000 }));
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  // Exporters reading a file send in bursts; a large buffer keeps a busy machine from dropping them.
  socket.setRecvBufferSize(16 * 1024 * 1024);
  const port = socket.address().port;
  const ctl = join(work, `softflowd-${port}.ctl`);
  const child = spawn(softflowd!, ['-r', pcap, '-n', `127.0.0.1:${port}`, '-d', '-p', join(work, `softflowd-${port}.pid`), '-c', ctl, ...args], { stdio: 'ignore' });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  try {
    // softflowd 1.1 blocks on its control socket before reading the file: the first command
    // lets it read the capture (a few ms here); then "shutdown" expires every flow, exports them
    // and exits. (After end of file it answers further commands only slowly, so ask once.)
    const ctlCommand = (cmd: string): string | null => {
      try {
        return execFileSync(softflowctl!, ['-c', ctl, cmd], { encoding: 'utf8', timeout: 10_000, stdio: ['ignore', 'pipe', 'ignore'] });
      } catch {
        return null;
      }
    };
    let answered = false;
    for (let i = 0; i < 100 && !answered; i++) {
      await new Promise((r) => setTimeout(r, 100));
      answered = ctlCommand('statistics') !== null;
    }
    expect(answered).toBe(true);
    await new Promise((r) => setTimeout(r, 500));
    ctlCommand('shutdown');
    const code = await Promise.race([exited, new Promise<string>((r) => setTimeout(() => r('timeout'), 20_000))]);
    expect(code).toBe(0);
    await new Promise((r) => setTimeout(r, 300)); // let the last datagrams arrive
  } finally {
    if (child.exitCode === null) child.kill();
    socket.close();
  }
  for (const p of received) p.dstPort = 2055;
  return received;
}

interface Totals { flows: number; packets: number; bytes: number }

function tsharkTotals(layers: Array<Record<string, unknown>>): Totals {
  const totals: Totals = { flows: 0, packets: 0, bytes: 0 };
  const num = (v: unknown) => (Array.isArray(v) ? v.map(Number) : v === undefined ? [] : [Number(v)]);
  const visitFlow = (f: Record<string, unknown>) => {
    const octets = num(f['cflow.octets'] ?? f['cflow.octets64']);
    const packets = num(f['cflow.packets'] ?? f['cflow.packets64']);
    const revOctets = num(f['cflow.reverse_octets'] ?? f['cflow.pie.reverse.octetdeltacount']);
    const revPackets = num(f['cflow.reverse_packets'] ?? f['cflow.pie.reverse.packetdeltacount']);
    // With --no-duplicate-keys a biflow's forward and reverse counters may share one array.
    const all = [...octets, ...revOctets];
    const allPk = [...packets, ...revPackets];
    totals.flows += all.filter((b, i) => i === 0 || b > 0 || (allPk[i] ?? 0) > 0).length;
    totals.bytes += all.reduce((a, b) => a + b, 0);
    totals.packets += allPk.reduce((a, b) => a + b, 0);
  };
  const walk = (o: unknown) => {
    if (!o || typeof o !== 'object') return;
    for (const [k, v] of Object.entries(o as Record<string, unknown>)) {
      if (/^(Flow \d+|pdu \d+)/.test(k)) visitFlow(v as Record<string, unknown>);
      else walk(v);
    }
  };
  for (const l of layers) walk(l.cflow);
  return totals;
}

describe.skipIf(!!missing)(`decoders: softflowd exports${missing ? ` (skipped: ${missing})` : ''}`, () => {
  const work = mkdtempSync(join(tmpdir(), 'nw-softflowd-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const pcap = join(work, 'traffic.pcap');
  const FLOWS = 400;
  writeFileSync(pcap, trafficPcap(FLOWS));

  const cases: Array<{ name: string; args: string[]; v6: boolean }> = [
    // -a: uptime-relative times follow the capture's clock, not the wall clock.
    { name: 'NetFlow v5', args: ['-v', '5', '-a'], v6: false },
    { name: 'NetFlow v9', args: ['-v', '9', '-a'], v6: true },
    { name: 'IPFIX', args: ['-v', '10', '-a'], v6: true },
    { name: 'IPFIX bidirectional (RFC 5103)', args: ['-v', '10', '-b', '-a'], v6: true },
    { name: 'IPFIX with microsecond timestamps', args: ['-v', '10', '-A', 'micro'], v6: true },
    { name: 'IPFIX with nanosecond timestamps', args: ['-v', '10', '-A', 'nano'], v6: true },
  ];

  for (const c of cases) {
    it(`${c.name}: flow, packet and byte totals equal tshark's`, async () => {
      const exports = await captureExport(work, pcap, c.args);
      expect(exports.length).toBeGreaterThan(0);
      const decoder = new FlowDecoder();
      const out = new FlowBatchBuilder();
      const exporter = exporterFromText('127.0.0.1', exports[0]!.srcPort);
      for (const p of exports) decoder.decode(p.payload, exporter, p.timeUs, out);
      decoder.flushPending();
      const stats = decoder.stats();
      expect(decoder.state.stats.errorTotal(), stats.recentErrors.join('\n')).toBe(0);
      const rows = flowRecords(out.batch);
      const ours: Totals = { flows: rows.length, packets: rows.reduce((a, r) => a + r.packets, 0), bytes: rows.reduce((a, r) => a + r.bytes, 0) };

      const exportPcap = join(work, `export-${c.args.join('')}.pcap`);
      writePcap(exportPcap, exports);
      const theirs = tsharkTotals(tsharkJson(exportPcap, 2055, 'cflow'));
      expect(ours).toEqual(theirs);
      // Every directional flow of the capture, once — also when softflowd sends biflows.
      const expected = trafficFlowCount(FLOWS);
      expect(ours.flows).toBe(c.v6 ? expected.all : expected.ipv4);
      if (c.v6) expect(rows.some((r) => r.src_addr.startsWith('2001:db8::'))).toBe(true);
      // Times are plausible: inside the capture's span, start ≤ end.
      for (const r of rows) {
        expect(r.time_start).toBeLessThanOrEqual(r.time_end);
        expect(Math.abs(r.time_start - 1_700_000_000_000_000)).toBeLessThan(3_600e6);
      }
      if (c.args.includes('-b')) expect(stats.biflowReverseRows).toBeGreaterThan(0);
      else expect(stats.biflowReverseRows).toBe(0);
    }, 60_000);
  }
});
