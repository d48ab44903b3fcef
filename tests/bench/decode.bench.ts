// `npm run bench -- decode`: flow records decoded per second on one core for NetFlow v5, v9,
// IPFIX and sFlow (raw headers parsed) from pre-built packets, and tshark's rate on the same
// packets (its start-up cost measured separately and subtracted) with the ratio. Both are CPU
// time, so the figures mean "per core" even on a busy machine.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exporterFromText } from '../../src-worker/flow/exporter.js';
import { FlowBatchBuilder } from '../../src-worker/flow/flow-batch-builder.js';
import { FlowDecoder } from '../../src-worker/flow/flow-decoder.js';
import { writePcap } from '../interop/decoders-pcap.js';
import { which } from '../support/tools.js';
import {
  ethernetTcpFrame, FLOW_FIELDS_IPFIX, FLOW_FIELDS_V9, flowRecords, ipfixMessage, netflowV5Packet, setOf, sflowPacket,
  templateRecord, v9Message, vxlanFrame,
} from '../unit/flow/packets.js';

interface Workload {
  name: string;
  port: number;
  proto: 'cflow' | 'sflow';
  /** Packets that set up state (templates); decoded once, not timed. */
  setup: Uint8Array[];
  packets: Uint8Array[];
  recordsPerPacket: number;
}

function workloads(): Workload[] {
  const v5 = Array.from({ length: 64 }, (_, i) => netflowV5Packet(5, { first: i * 30, sequence: i * 30 }));
  const v9Count = Math.floor(1400 / FLOW_FIELDS_V9.reduce((n, f) => n + f[1], 0));
  const v9 = Array.from({ length: 64 }, (_, i) => v9Message([setOf(256, flowRecords(FLOW_FIELDS_V9, i * v9Count, v9Count))], { sequence: i + 1 }));
  const ipfixCount = Math.floor(1400 / FLOW_FIELDS_IPFIX.reduce((n, f) => n + f[1], 0));
  const ipfix = Array.from({ length: 64 }, (_, i) => ipfixMessage([setOf(300, flowRecords(FLOW_FIELDS_IPFIX, i * ipfixCount, ipfixCount))], { sequence: i * ipfixCount }));
  const frames = [ethernetTcpFrame('10.1.1.1', '10.2.2.2', 40000, 443), vxlanFrame('172.16.0.1', '172.16.0.2', 5353, 53)];
  const sflow = Array.from({ length: 64 }, (_, i) => sflowPacket({
    sequence: i + 1, counters: [],
    flows: Array.from({ length: 8 }, (_, k) => ({ frame: frames[k % 2]!, sequence: i * 8 + k, expanded: k % 2 === 1 })),
  }));
  return [
    { name: 'NetFlow v5', port: 2055, proto: 'cflow', setup: [], packets: v5, recordsPerPacket: 30 },
    { name: 'NetFlow v9', port: 2055, proto: 'cflow', setup: [v9Message([setOf(0, templateRecord(9, 256, FLOW_FIELDS_V9))])], packets: v9, recordsPerPacket: v9Count },
    { name: 'IPFIX', port: 4739, proto: 'cflow', setup: [ipfixMessage([setOf(2, templateRecord(10, 300, FLOW_FIELDS_IPFIX))])], packets: ipfix, recordsPerPacket: ipfixCount },
    { name: 'sFlow v5 (headers parsed)', port: 6343, proto: 'sflow', setup: [], packets: sflow, recordsPerPacket: 8 },
  ];
}

function ourRate(w: Workload, seconds: number): number {
  const decoder = new FlowDecoder();
  const exporter = exporterFromText('192.0.2.1', 2055);
  let out = new FlowBatchBuilder(16384);
  for (const p of w.setup) decoder.decode(p, exporter, 1.7e15, out);
  let rows = 0;
  // warm-up
  for (let i = 0; i < 2000; i++) {
    rows += decoder.decode(w.packets[i % w.packets.length]!, exporter, 1.7e15, out);
    if (out.length > 16000) out.take();
  }
  rows = 0;
  // CPU time, not wall time: the figure is per core even when the machine is busy.
  const cpu0 = process.cpuUsage();
  const cpuSeconds = () => {
    const d = process.cpuUsage(cpu0);
    return (d.user + d.system) / 1e6;
  };
  let elapsed = 0;
  let i = 0;
  while (elapsed < seconds) {
    for (let k = 0; k < 256; k++, i++) {
      rows += decoder.decode(w.packets[i % w.packets.length]!, exporter, 1.7e15, out);
      if (out.length > 16000) out = new FlowBatchBuilder(16384); // the collector hands batches on
    }
    elapsed = cpuSeconds();
  }
  const errors = decoder.state.stats.errorTotal();
  if (errors > 0) throw new Error(`bench: ${w.name}: ${errors} decode errors: ${decoder.stats().recentErrors[0]}`);
  return rows / elapsed;
}

/** tshark's CPU time (user + system, from bash's `time`) to dissect a file. */
function tsharkSeconds(file: string, w: Workload): number {
  const script = `TIMEFORMAT='%U %S'; time tshark -r "$1" -n -d "$2" -T fields -e frame.number > /dev/null 2>/dev/null`;
  const text = spawnSync('bash', ['-c', script, 'bash', file, `udp.port==${w.port},${w.proto}`], { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] }).stderr;
  const [user, sys] = text.trim().split(/\s+/).slice(-2).map(Number);
  return (user ?? 0) + (sys ?? 0);
}

function tsharkRate(w: Workload, dir: string, repeats: number): number | null {
  if (!which('tshark')) return null;
  const payload = (packets: Uint8Array[]) => packets.map((p, i) => ({ payload: p, srcAddr: '192.0.2.1', srcPort: 40000, dstPort: w.port, timeUs: 1.7e15 + i }));
  const small = join(dir, `${w.port}-${w.proto}-small.pcap`);
  const big = join(dir, `${w.port}-${w.proto}-big.pcap`);
  writePcap(small, payload([...w.setup, w.packets[0]!]));
  const many: Uint8Array[] = [...w.setup];
  for (let r = 0; r < repeats; r++) many.push(...w.packets);
  writePcap(big, payload(many));
  const base = Math.min(tsharkSeconds(small, w), tsharkSeconds(small, w));
  const full = tsharkSeconds(big, w);
  const records = (many.length - w.setup.length - 1) * w.recordsPerPacket;
  return records / Math.max(1e-3, full - base);
}

export async function run(): Promise<void> {
  const seconds = Number(process.env.BENCH_SECONDS ?? 1.5);
  const dir = mkdtempSync(join(tmpdir(), 'nw-bench-decode-'));
  try {
    console.log('decode: records/s on one core (pre-built packets), and tshark on the same packets');
    const targets: Record<string, number> = { 'NetFlow v5': 3e6, IPFIX: 2e6 };
    for (const w of workloads()) {
      const ours = ourRate(w, seconds);
      const theirs = tsharkRate(w, dir, 40);
      const target = targets[w.name];
      const fmt = (n: number) => `${(n / 1e6).toFixed(2)} M/s`;
      console.log(
        `  ${w.name.padEnd(26)} ours ${fmt(ours).padStart(10)}` +
        (theirs ? `   tshark ${fmt(theirs).padStart(10)}   ratio ${(ours / theirs).toFixed(0)}x` : '   tshark not installed') +
        (target ? `   target ${fmt(target)} ${ours >= target ? 'met' : 'NOT met'}` : ''),
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
