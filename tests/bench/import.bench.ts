// `npm run bench -- import`: packets per second importing a large raw capture (≥ 5 million
// packets, generated once into the temp folder) on one core — parsing every packet and assembling
// flows — beside `softflowd -r FILE` and `tshark -q -z conv,ip -r FILE` on the same file in the
// same run, with the ratios. NETWEAVER_BENCH_PACKETS overrides the packet count.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CaptureImporter } from '../../src-worker/packet/capture-import.js';
import { TelemetryDecoder } from '../../src-worker/packet/telemetry-decoder.js';
import { which } from '../support/tools.js';
import { writeMixedCapture } from './capture-mix.js';

const GENERATOR_VERSION = 1;

interface Timing {
  wall: number;
  cpu: number;
}

/** Runs a peer tool under /usr/bin/time: wall and CPU (user + system) seconds. */
function timeTool(label: string, cmd: string, args: string[]): Timing | null {
  if (!which(cmd)) {
    console.log(`${label}: not installed, skipped`);
    return null;
  }
  const r = spawnSync('/usr/bin/time', ['-f', 'NWTIME %e %U %S', cmd, ...args], { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 28 });
  const line = r.stderr.toString().split('\n').find((l) => l.startsWith('NWTIME '));
  if (r.status !== 0 || !line) {
    console.log(`${label}: failed (exit ${r.status}): ${r.stderr.toString().trim().split('\n').slice(-2).join(' ')}`);
    return null;
  }
  const [wall, user, sys] = line.split(' ').slice(1).map(Number) as [number, number, number];
  return { wall, cpu: user + sys };
}

const mpps = (packets: number, seconds: number) => `${(packets / seconds / 1e6).toFixed(2)} M packets/s`;

export async function run(): Promise<void> {
  const packets = Number(process.env.NETWEAVER_BENCH_PACKETS ?? 5_000_000);
  const dir = join(tmpdir(), 'netweaver-bench');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `import-mix-v${GENERATOR_VERSION}-${packets}.pcap`);
  if (!existsSync(file)) {
    const t0 = Date.now();
    const mix = writeMixedCapture(file, packets, 42);
    console.log(`generated ${file}: ${mix.packets.toLocaleString('en-US')} packets, ${mix.sessions.toLocaleString('en-US')} sessions in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  const size = statSync(file).size;
  console.log(`capture: ${file} (${(size / 1e6).toFixed(0)} MB, ${packets.toLocaleString('en-US')} packets)`);

  // Warm the page cache so every contender reads from memory.
  execFileSync('cat', [file], { stdio: ['ignore', 'ignore', 'ignore'] });

  let rows = 0;
  const importer = new CaptureImporter({
    onFlows: (batch) => { rows += batch.length; },
    telemetry: new TelemetryDecoder((batch) => { rows += batch.length; }),
    yieldBetweenChunks: false,
    onProgress: () => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    },
    progressIntervalMs: 50,
  });
  // Constant memory: the peak resident size while importing, against the file's size.
  let peakRss = process.memoryUsage().rss;
  const rssBefore = peakRss;
  const importer2 = importer;
  const t0 = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  const summary = await importer2.run([file]);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const cpuUsed = process.cpuUsage(cpu0);
  const ours: Timing = { wall: Number(process.hrtime.bigint() - t0) / 1e9, cpu: (cpuUsed.user + cpuUsed.system) / 1e6 };
  if (summary.packets !== packets) throw new Error(`bench: imported ${summary.packets} packets, expected ${packets}`);
  if (rows !== summary.flows.rows + summary.telemetry.records) throw new Error(`bench: ${rows} rows emitted, the summary counts ${summary.flows.rows + summary.telemetry.records}`);
  console.log(`netweaver import: wall ${ours.wall.toFixed(2)} s (${mpps(packets, ours.wall)}), CPU ${ours.cpu.toFixed(2)} s (${mpps(packets, ours.cpu)}); ${summary.flows.rows.toLocaleString('en-US')} flow rows, ${summary.flows.conversations.toLocaleString('en-US')} conversations, errors ${JSON.stringify(summary.errors)}`);

  console.log(`memory: resident ${(rssBefore / 1e6).toFixed(0)} MB before, peak ${(peakRss / 1e6).toFixed(0)} MB while importing a ${(size / 1e6).toFixed(0)} MB capture`);

  // softflowd sends its NetFlow export to the discard port on loopback; nothing listens there.
  // `-c none`: with a control socket, softflowd 1.1.0 -r can block in accept() before reading
  // (it polls an uninitialised descriptor), depending only on the socket path.
  const softflowd = timeTool('softflowd -r', 'softflowd', ['-r', file, '-n', '127.0.0.1:9', '-d', '-m', '262144', '-6', '-p', 'none', '-c', 'none']);
  const tshark = timeTool('tshark -z conv,ip', 'tshark', ['-q', '-n', '-z', 'conv,ip', '-r', file]);
  const peers: Array<[string, Timing | null]> = [['softflowd -r', softflowd], ['tshark -q -z conv,ip', tshark]];
  let fasterThanAll = true;
  for (const [name, t] of peers) {
    if (t === null) continue;
    const ratioCpu = t.cpu / ours.cpu;
    const ratioWall = t.wall / ours.wall;
    if (ratioCpu <= 1) fasterThanAll = false;
    console.log(`${name}: wall ${t.wall.toFixed(2)} s (${mpps(packets, t.wall)}), CPU ${t.cpu.toFixed(2)} s (${mpps(packets, t.cpu)}) — netweaver is ${ratioCpu.toFixed(2)}x by CPU, ${ratioWall.toFixed(2)}x by wall time`);
  }
  const rate = packets / ours.cpu;
  console.log(`target ≥ 2 M packets/s per core: ${rate >= 2e6 ? 'met' : 'NOT met'} (${mpps(packets, ours.cpu)}); faster than every peer by CPU: ${fasterThanAll ? 'yes' : 'no'}`);
  console.log(`(load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.cpus().length} cores: wall times suffer when the machine is shared, CPU times much less)`);
}
