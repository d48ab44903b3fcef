// `npm run bench -- query`: top-N and time series over 10 million stored flows in DuckDB (target
// under 300 ms), plus the same queries read from the 1 h rollup over a 30-day range, and over
// 1 million flows in PostgreSQL when NETWEAVER_TEST_POSTGRES_URL is set. The flows are generated
// inside the database with SQL (ingest speed is the ingest benchmark's business), spread over one
// day with skewed ports/addresses like real traffic; the DuckDB file is kept in
// /tmp/netweaver-bench for reruns.
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { runRollups } from '../../src-main/store/flows/maintenance.js';
import { openStore } from '../../src-main/store/open-store.js';
import '../../src-main/store/postgres/register.js';
import { flowConversations, flowTimeSeries, flowTopN } from '../../src-main/store/query/flow-query.js';
import type { Store } from '../../src-main/store/store.js';
import { freshDatabase } from '../support/postgres-db.js';

const DAY_US = 86400e6;
const T0_US = Date.UTC(2026, 9, 1) * 1000;

function generateSql(kind: 'duckdb' | 'postgres', n: number): string {
  if (kind === 'duckdb') {
    return `INSERT INTO flows SELECT
      make_timestamp(${T0_US} + (i * ${DAY_US / n})::BIGINT - 2000000) AS time_start,
      make_timestamp(${T0_US} + (i * ${DAY_US / n})::BIGINT) AS time_end,
      make_timestamp(${T0_US} + (i * ${DAY_US / n})::BIGINT + 1000) AS time_received,
      (281470681743360 + 3221225984 + (i % 8))::UHUGEINT AS exporter,
      (i % 3)::UTINYINT,
      (281470681743360 + 167772160 + (hash(i) % 65536))::UHUGEINT AS src_addr,
      (281470681743360 + 3232235520 + (hash(i * 7) % 4096))::UHUGEINT AS dst_addr,
      (1024 + hash(i * 3) % 60000)::USMALLINT,
      ([443, 80, 53, 22, 123, 8080, 3389, 25][1 + (hash(i * 5) % 8)::INTEGER * (hash(i * 5) % 8)::INTEGER // 8])::USMALLINT,
      (CASE WHEN i % 10 < 7 THEN 6 WHEN i % 10 < 9 THEN 17 ELSE 1 END)::UTINYINT,
      (64 + hash(i * 11) % 150000)::UBIGINT, (1 + hash(i * 13) % 100)::UBIGINT,
      (CASE WHEN i % 4 = 0 THEN 100 ELSE 1 END)::UINTEGER,
      (i % 48)::UINTEGER, ((i + 7) % 48)::UINTEGER, NULL, NULL, 0, NULL, (64500 + i % 20)::UINTEGER, 15169, NULL
      FROM range(${n}) t(i)`;
  }
  return `INSERT INTO flows SELECT
      to_timestamp((${T0_US} + i * ${DAY_US / n} - 2000000) / 1e6), to_timestamp((${T0_US} + i * ${DAY_US / n}) / 1e6), to_timestamp((${T0_US} + i * ${DAY_US / n} + 1000) / 1e6),
      ('192.0.2.' || (i % 8))::inet, i % 3, ('10.0.' || ((i * 2654435761) % 65536 / 256)::int || '.' || ((i * 2654435761) % 256))::inet,
      ('192.168.' || ((i * 40503) % 4096 / 256)::int || '.' || ((i * 40503) % 256))::inet,
      1024 + (i * 48271) % 60000, (ARRAY[443, 80, 53, 22, 123, 8080, 3389, 25])[1 + ((i * 69621) % 8) * ((i * 69621) % 8) / 8],
      CASE WHEN i % 10 < 7 THEN 6 WHEN i % 10 < 9 THEN 17 ELSE 1 END, 64 + (i * 16807) % 150000, 1 + (i * 48271) % 100,
      CASE WHEN i % 4 = 0 THEN 100 ELSE 1 END, i % 48, (i + 7) % 48, NULL, NULL, 0, NULL, 64500 + i % 20, 15169, NULL
      FROM generate_series(0::bigint, ${n - 1}) AS i`;
}

async function timed<T>(label: string, f: () => Promise<T>, describe: (r: T) => string): Promise<number> {
  await f(); // warm-up (file cache, plans)
  const times: number[] = [];
  let last: T | undefined;
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    last = await f();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  console.log(`  ${label.padEnd(58)} median ${times[1]!.toFixed(0).padStart(5)} ms  (min ${times[0]!.toFixed(0)})  ${describe(last!)}`);
  return times[1]!;
}

async function queries(store: Store, n: number): Promise<number[]> {
  const day = { fromUs: T0_US, toUs: T0_US + DAY_US };
  const month = { fromUs: T0_US - 15 * DAY_US, toUs: T0_US + 15 * DAY_US };
  const out: number[] = [];
  console.log(`${store.kind}: ${n.toLocaleString('en')} flows`);
  out.push(await timed('top-10 dst_port by bytes, whole day', () => flowTopN(store, { ...day, groupBy: ['dst_port'], top: 10 }), (r) => `${r.rows.length} rows, ${r.total.flows} flows`));
  out.push(await timed('top-10 src_addr, filter tcp and dst_port in (80, 443)', () => flowTopN(store, { ...day, groupBy: ['src_addr'], top: 10, filter: 'protocol = tcp and dst_port in (80, 443)' }), (r) => `${r.total.flows} flows matched`));
  out.push(await timed('top-10 src_addr << 10.0.0.0/20 by packets', () => flowTopN(store, { ...day, groupBy: ['src_addr'], top: 10, metric: 'packets', filter: 'src_addr << 10.0.0.0/20' }), (r) => `${r.total.flows} flows matched`));
  out.push(await timed('time series by protocol, top 5, 5-min step, whole day', () => flowTimeSeries(store, { ...day, groupBy: ['protocol'], top: 5, stepSeconds: 300 }), (r) => `${r.series.length} series × ${r.times.length} points`));
  out.push(await timed('IP conversations, top 100', () => flowConversations(store, { ...day, layer: 'ip', limit: 100 }), (r) => `${r.length} conversations`));
  await runRollups(store, Date.now() * 1000);
  out.push(await timed('top-10 exporter × protocol over 30 days (1 h rollup)', () => flowTopN(store, { ...month, groupBy: ['exporter', 'protocol'], top: 10 }), (r) => `from ${r.table}, ${r.total.flows} flows`));
  return out;
}

export async function run(): Promise<void> {
  const dir = '/tmp/netweaver-bench';
  mkdirSync(dir, { recursive: true });
  const n = Number(process.env.NETWEAVER_BENCH_FLOWS ?? 10_000_000);
  const path = join(dir, `query-${n}.duckdb`);
  let fresh = !existsSync(path);
  let store = await openStore({ db: path });
  if (!fresh) {
    const [r] = await store.all<{ n: number }>('SELECT count(*) AS n FROM flows');
    if (Number(r!.n) !== n) { await store.close(); rmSync(path); fresh = true; store = await openStore({ db: path }); }
  }
  if (fresh) {
    const t = performance.now();
    await store.run(generateSql('duckdb', n));
    console.log(`duckdb: generated ${n.toLocaleString('en')} flows in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
  const times = await queries(store, n);
  await store.close();
  console.log(`duckdb: slowest raw query ${Math.max(...times.slice(0, 5)).toFixed(0)} ms over ${n.toLocaleString('en')} flows (target < 300 ms)`);
  const pgUrl = process.env.NETWEAVER_TEST_POSTGRES_URL;
  if (!pgUrl) return console.log('postgres: skipped — NETWEAVER_TEST_POSTGRES_URL is not set');
  const pgN = Number(process.env.NETWEAVER_BENCH_PG_FLOWS ?? 1_000_000);
  const pg = await openStore({ postgres: await freshDatabase(pgUrl, 'nw_bench_query') });
  const t = performance.now();
  await pg.run(generateSql('postgres', pgN));
  await pg.run('ANALYZE flows');
  console.log(`postgres: generated ${pgN.toLocaleString('en')} flows in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  await queries(pg, pgN);
  await pg.close();
}
