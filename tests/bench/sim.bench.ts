// `npm run bench -- sim`: topology generation (100 and 1,000 nodes, every generator; networkx's
// generators as the peer, timed in the same run), one simulated day at 5-minute steps on 1,000
// nodes, and the sustained export rate in flows/s as a load generator over loopback (a separate
// receiver process counts what arrives, so the figure is not a send-and-drop rate).
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { generateNetwork, type GeneratorSpec } from '../../src-worker/sim/generate.js';
import { EXPORT_FORMATS, type ExportFormat } from '../../src-worker/sim/export/encoder.js';
import { generateLoad } from '../../src-worker/sim/load-generator.js';
import { Simulation } from '../../src-worker/sim/simulation.js';
import { debianPython, pythonHasModule } from '../support/tools.js';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function timeMs(fn: () => void, runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  return median(times);
}

/** networkx's time for the same generator and size (median ms), or null when it has no equivalent. */
function networkxMs(kind: string, n: number, runs: number): number | null {
  const call: Record<string, string> = {
    mesh: `nx.complete_graph(${n})`,
    ring: `nx.cycle_graph(${n})`,
    tree: `nx.balanced_tree(3, max(1, int(__import__('math').log(${n} * 2 + 1, 3)) - 1))`,
    random: `nx.connected_components(nx.fast_gnp_random_graph(${n}, 4 / ${n - 1}, seed=1))`,
    waxman: `nx.waxman_graph(${n}, beta=0.4, alpha=0.15, seed=1)`,
    ba: `nx.barabasi_albert_graph(${n}, 2, seed=1)`,
    'leaf-spine': `nx.complete_bipartite_graph(${Math.max(2, Math.round(Math.sqrt(n) / 2))}, ${n - Math.max(2, Math.round(Math.sqrt(n) / 2))})`,
  };
  const expr = call[kind];
  if (!expr) return null;
  const script = `import networkx as nx, timeit, statistics\nts = timeit.repeat(lambda: list(${expr}) if False else ${expr}, number=1, repeat=${runs})\nprint(statistics.median(ts) * 1000)`;
  return Number(execFileSync(debianPython, ['-c', script], { encoding: 'utf8' }).trim());
}

function benchGeneration(): void {
  const havePeer = existsSync(debianPython) && pythonHasModule('networkx');
  console.log(`generation (median ms; peer: networkx${havePeer ? '' : ' — not installed, no ratio'})`);
  const kinds: GeneratorSpec['kind'][] = ['mesh', 'ring', 'tree', 'random', 'waxman', 'ba', 'leaf-spine', 'fat-tree'];
  for (const n of [100, 1000]) {
    for (const kind of kinds) {
      const spec = (kind === 'fat-tree' ? { kind, nodes: n } : { kind, nodes: n }) as GeneratorSpec;
      const runs = n === 100 ? 30 : 5;
      generateNetwork(spec, { seed: 1 });
      const ours = timeMs(() => generateNetwork(spec, { seed: 1 }), runs);
      const peer = havePeer ? networkxMs(kind, n, runs) : null;
      const ratio = peer ? `  networkx ${peer.toFixed(2)} ms  (networkx/ours ${(peer / ours).toFixed(1)}x)` : '';
      console.log(`  ${kind.padEnd(10)} n=${String(n).padEnd(5)} ${ours.toFixed(2).padStart(8)} ms${ratio}`);
    }
  }
}

function benchDay(): void {
  const network = generateNetwork({ kind: 'ba', nodes: 1000 }, { seed: 1 });
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const sim = new Simulation({ network, seed: 1, steps: 288, stepSeconds: 300 });
  let flows = 0;
  let first = 0;
  while (!sim.done) {
    flows += sim.step().flows?.length ?? 0;
    if (first === 0) first = performance.now() - t0;
  }
  const total = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const pairs = 1000 * 999;
  // CPU time beside wall time: on a shared machine the wall figure includes other tenants' load.
  console.log(`one day, 288 × 5-minute steps, BA 1,000 nodes (${network.links.length} links, ${pairs} demand pairs): ${(total / 1000).toFixed(2)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s CPU, load average ${loadavg()[0]!.toFixed(1)}` +
    ` (first step incl. routing all destinations ${first.toFixed(0)} ms; then ${((total - first) / 287).toFixed(1)} ms/step; ${flows} flow records; ${sim.events.length} labelled events)`);
}

/** A receiver in its own process: counts datagrams until told to stop. */
async function startReceiver(): Promise<{ port: number; stop: () => Promise<number> }> {
  const code = `const s=require('node:dgram').createSocket('udp4');let n=0;s.on('message',()=>n++);s.bind(0,'127.0.0.1',()=>{try{s.setRecvBufferSize(32<<20)}catch{};console.log(s.address().port)});process.on('SIGTERM',()=>{console.log(n);process.exit(0)});`;
  const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines: string[] = [];
  let wake: (() => void) | null = null;
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    lines.push(...d.split('\n').filter(Boolean));
    wake?.();
  });
  while (lines.length < 1) await new Promise<void>((r) => (wake = r));
  return {
    port: Number(lines[0]),
    stop: async () => {
      await new Promise((r) => setTimeout(r, 200));
      child.kill('SIGTERM');
      while (lines.length < 2) await new Promise<void>((r) => (wake = r));
      return Number(lines[1]);
    },
  };
}

async function benchExport(): Promise<void> {
  console.log(`export as a load generator over loopback (unpaced, 3 s per format, one source address per router, receiver in another process; load average ${loadavg()[0]!.toFixed(1)})`);
  for (const format of EXPORT_FORMATS as readonly ExportFormat[]) {
    const receiver = await startReceiver();
    const t = performance.now();
    const cpu0 = process.cpuUsage();
    const stats = await generateLoad({ host: '127.0.0.1', port: receiver.port, format, rate: 0, seconds: 3, seed: 1, poolFlows: 50_000, loopbackOnly: true });
    const seconds = (performance.now() - t) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    const received = await receiver.stop();
    console.log(`  ${format.padEnd(9)} ${(stats.flows / seconds / 1e6).toFixed(2)} M flows/s, ${(stats.datagrams / seconds / 1e3).toFixed(0)} k datagrams/s, ` +
      `${((stats.datagramBytes * 8) / seconds / 1e9).toFixed(2)} Gbit/s; ${(stats.flows / cpuSeconds / 1e6).toFixed(2)} M flows per CPU-second; receiver got ${received}/${stats.datagrams} datagrams`);
  }
}

export async function run(): Promise<void> {
  benchGeneration();
  benchDay();
  await benchExport();
}
