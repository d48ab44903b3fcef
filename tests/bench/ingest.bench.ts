// `npm run bench -- ingest`: a sender process blasts NetFlow v5 and IPFIX over loopback at rising
// rates into the collector (this process) writing to DuckDB, and to PostgreSQL when
// NETWEAVER_TEST_POSTGRES_URL is set; each step is checked for zero loss by row counts (stored ==
// sent), the decoders' sequence-gap counters and kernel socket drops. Prints the highest rate
// stored with zero loss. Targets: 500k flows/s into DuckDB, 100k flows/s into PostgreSQL.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Collector } from '../../src-main/collector/collector.js';
import { openStore } from '../../src-main/store/open-store.js';
import '../../src-main/store/postgres/register.js';
import type { Store } from '../../src-main/store/store.js';
import { projectRoot } from '../support/shared-data.js';
import { freshDatabase } from '../support/postgres-db.js';

const SECONDS = Number(process.env.NETWEAVER_BENCH_SECONDS ?? 2);

interface Sent { flows: number; packets: number; bytes: number; seconds: number; rate: number }

function runSender(kind: string, port: number, rate: number): Promise<Sent> {
  return new Promise((resolve, reject) => {
    const child = spawn(join(projectRoot, 'node_modules/.bin/tsx'), [join(projectRoot, 'tests/bench/ingest-sender.ts'), kind, String(port), String(rate), String(SECONDS), '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => { out += String(d); });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as Sent) : reject(new Error(`ingest: sender exited ${code}`))));
  });
}

async function settle(collector: Collector, target: number): Promise<void> {
  let last = -1, stableSince = Date.now();
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const s = collector.status();
    if (s.rowsDecoded >= target) break;
    if (s.rowsDecoded !== last) { last = s.rowsDecoded; stableSince = Date.now(); } else if (Date.now() - stableSince > 1500) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  await collector.flush();
}

async function rowCount(store: Store): Promise<number> {
  const [r] = await store.all<{ n: number }>('SELECT count(*) AS n FROM flows');
  return Number(r!.n);
}

async function ladder(label: string, open: () => Promise<Store>, kind: 'v5' | 'ipfix', rates: number[]): Promise<number> {
  const store = await open();
  const collector = new Collector({ netflow: [0], ipfix: [0], sflow: [], bind: ['127.0.0.1'], maintenanceIntervalMs: 0, inventoryIntervalMs: 3_600_000 }, { store });
  await collector.start();
  const port = kind === 'v5' ? collector.ports('netflow')[0]! : collector.ports('ipfix')[0]!;
  let best = 0;
  try {
    for (const rate of rates) {
      const before = collector.status();
      const rowsBefore = await rowCount(store);
      const t0 = performance.now();
      const sent = await runSender(kind, port, rate);
      await settle(collector, before.rowsDecoded + sent.flows);
      const storeSeconds = (performance.now() - t0) / 1000;
      const after = collector.status();
      const stored = (await rowCount(store)) - rowsBefore;
      const seqLoss = after.decode.lostFlows - before.decode.lostFlows + (after.decode.lostPackets - before.decode.lostPackets) * 30;
      const kernel = (after.kernelDrops ?? 0) - (before.kernelDrops ?? 0);
      const dropped = Object.values(after.rowsDropped).reduce((a, b) => a + b, 0) - Object.values(before.rowsDropped).reduce((a, b) => a + b, 0);
      const ok = stored === sent.flows && seqLoss === 0 && dropped === 0;
      console.log(`${label} ${kind.padEnd(5)} target ${String(rate).padStart(7)} flows/s  sent ${sent.flows} at ${Math.round(sent.rate)} flows/s  stored ${stored} in ${storeSeconds.toFixed(2)} s  sequence loss ${seqLoss}  kernel drops ${kernel}  dropped ${dropped}  ${ok ? 'OK' : 'LOSS'}`);
      if (!ok) break;
      best = Math.round(sent.rate);
    }
  } finally {
    await collector.stop();
    await store.close();
  }
  console.log(`${label} ${kind}: highest rate stored with zero loss ≈ ${best} flows/s`);
  return best;
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'nw-bench-ingest-'));
  const results: string[] = [];
  try {
    for (const kind of ['v5', 'ipfix'] as const) {
      const best = await ladder('duckdb  ', () => openStore({ db: join(dir, `${kind}.duckdb`) }), kind, [50_000, 100_000, 200_000, 350_000, 500_000, 750_000, 1_000_000]);
      results.push(`duckdb ${kind}: ${best} flows/s (target 500000)`);
    }
    const pgUrl = process.env.NETWEAVER_TEST_POSTGRES_URL;
    if (pgUrl) {
      for (const kind of ['v5', 'ipfix'] as const) {
        const best = await ladder('postgres', async () => openStore({ postgres: await freshDatabase(pgUrl, `nw_bench_${kind}`) }), kind, [25_000, 50_000, 100_000, 150_000, 200_000, 300_000]);
        results.push(`postgres ${kind}: ${best} flows/s (target 100000)`);
      }
    } else {
      console.log('postgres: skipped — NETWEAVER_TEST_POSTGRES_URL is not set (source .ci/start-postgres.sh)');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`\ningest summary (zero-loss rates, ${SECONDS} s per step, sender and collector on this machine's cores):\n  ${results.join('\n  ')}`);
}
