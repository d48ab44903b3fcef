// Rollups and retention, run by the app on both backends (TimescaleDB could do them with
// continuous aggregates and policies; plain PostgreSQL and DuckDB cannot, so the app does it
// the same way everywhere and results stay identical). Rollups aggregate raw flows by
// time_received bucket without ports or addresses (the exporter stays), keeping sampling_rate in
// the key so volumes are still multiplied at query time. A watermark per rollup table records
// how far raw flows have been rolled up; only whole buckets older than `settleSeconds` are
// rolled, so late rows of an open bucket are never missed.
import { dialectFor, SqlParams } from '../query/sql-dialect.js';
import type { Store } from '../store.js';

export interface RetentionConfig {
  rawDays: number;
  rollupDays: number;
}

export const DEFAULT_RETENTION: RetentionConfig = { rawDays: 30, rollupDays: 365 };

export const ROLLUP_TABLES = [
  { table: 'flows_1m', seconds: 60 },
  { table: 'flows_5m', seconds: 300 },
  { table: 'flows_1h', seconds: 3600 },
] as const;

const ROLLUP_KEY = 'exporter, source, protocol, in_if, out_if, direction, src_as, dst_as, vlan, sampling_rate';

/** Rolls up every complete bucket up to `nowUs - settleSeconds`. Returns rows written per table. */
export async function runRollups(store: Store, nowUs: number, settleSeconds = 30): Promise<Record<string, number>> {
  const d = dialectFor(store.kind);
  const out: Record<string, number> = {};
  for (const { table, seconds } of ROLLUP_TABLES) {
    const untilUs = Math.floor((nowUs - settleSeconds * 1e6) / (seconds * 1e6)) * seconds * 1e6;
    const rows = await store.all<{ ms: number | null }>(`SELECT ${d.epochMs('done_until')} AS ms FROM rollup_state WHERE name = $1`, [table]);
    let fromUs = rows.length && rows[0]!.ms !== null ? Number(rows[0]!.ms) * 1000 : null;
    if (fromUs === null) {
      const first = await store.all<{ ms: number | null }>(`SELECT ${d.epochMs('min(time_received)')} AS ms FROM flows`);
      if (first[0]?.ms === null || first[0]?.ms === undefined) { out[table] = 0; continue; }
      fromUs = Math.floor(Number(first[0].ms) * 1000 / (seconds * 1e6)) * seconds * 1e6;
    }
    if (untilUs <= fromUs) { out[table] = 0; continue; }
    const p = new SqlParams();
    const bucket = store.kind === 'duckdb'
      ? `time_bucket(INTERVAL '${seconds} seconds', time_received)`
      : `to_timestamp(floor(extract(epoch from time_received) / ${seconds}) * ${seconds})`;
    const from = d.timestamp(fromUs, p);
    const until = d.timestamp(untilUs, p);
    await store.run('BEGIN TRANSACTION');
    try {
      await store.run(
        `INSERT INTO ${table} (bucket, ${ROLLUP_KEY}, flows, bytes, packets)
         SELECT ${bucket} AS b, ${ROLLUP_KEY}, count(*), sum(bytes), sum(packets) FROM flows
         WHERE time_received >= ${from} AND time_received < ${until} GROUP BY b, ${ROLLUP_KEY}`,
        p.values,
      );
      await store.run('DELETE FROM rollup_state WHERE name = $1', [table]);
      const q = new SqlParams();
      await store.run(`INSERT INTO rollup_state (name, done_until) VALUES (${q.add(table)}, ${d.timestamp(untilUs, q)})`, q.values);
      await store.run('COMMIT');
    } catch (error) {
      await store.run('ROLLBACK').catch(() => undefined);
      throw error;
    }
    out[table] = await count(store, table, 'bucket', fromUs, untilUs);
  }
  return out;
}

/** Rows of `table` whose `column` lies in [fromUs, toUs). Table and column names are ours, never input. */
async function count(store: Store, table: string, column: string, fromUs: number, toUs: number): Promise<number> {
  const d = dialectFor(store.kind);
  const p = new SqlParams();
  const rows = await store.all<{ n: number }>(`SELECT count(*) AS n FROM ${table} WHERE ${column} >= ${d.timestamp(fromUs, p)} AND ${column} < ${d.timestamp(toUs, p)}`, p.values);
  return Number(rows[0]?.n ?? 0);
}

/** Deletes raw flows older than rawDays and rollup rows older than rollupDays. */
export async function runRetention(store: Store, nowUs: number, config: RetentionConfig = DEFAULT_RETENTION): Promise<{ deletedRaw: number; deletedRollup: number }> {
  const d = dialectFor(store.kind);
  const rawCut = nowUs - config.rawDays * 86400e6;
  const deletedRaw = await count(store, 'flows', 'time_received', 0, rawCut);
  const p = new SqlParams();
  if (deletedRaw) await store.run(`DELETE FROM flows WHERE time_received < ${d.timestamp(rawCut, p)}`, p.values);
  let deletedRollup = 0;
  const rollupCut = nowUs - config.rollupDays * 86400e6;
  for (const { table } of ROLLUP_TABLES) {
    const n = await count(store, table, 'bucket', 0, rollupCut);
    const q = new SqlParams();
    if (n) await store.run(`DELETE FROM ${table} WHERE bucket < ${d.timestamp(rollupCut, q)}`, q.values);
    deletedRollup += n;
  }
  return { deletedRaw, deletedRollup };
}

/**
 * Rows just written with time_received older than a rollup's watermark (an imported capture, a
 * backlog that waited for an unreachable store) would never be rolled up: move each watermark
 * back to the bucket of `oldestUs` and delete the rollup rows from there, so the next run
 * recomputes them from raw flows. Returns the tables rewound.
 */
export async function rewindRollups(store: Store, oldestUs: number): Promise<string[]> {
  const d = dialectFor(store.kind);
  const rewound: string[] = [];
  for (const { table, seconds } of ROLLUP_TABLES) {
    const rows = await store.all<{ ms: number | null }>(`SELECT ${d.epochMs('done_until')} AS ms FROM rollup_state WHERE name = $1`, [table]);
    if (!rows.length || rows[0]!.ms === null || Number(rows[0]!.ms) * 1000 <= oldestUs) continue;
    const bucketUs = Math.floor(oldestUs / (seconds * 1e6)) * seconds * 1e6;
    const p = new SqlParams();
    await store.run('BEGIN TRANSACTION');
    try {
      await store.run(`DELETE FROM ${table} WHERE bucket >= ${d.timestamp(bucketUs, p)}`, p.values);
      const q = new SqlParams();
      await store.run(`UPDATE rollup_state SET done_until = ${d.timestamp(bucketUs, q)} WHERE name = ${q.add(table)}`, q.values);
      await store.run('COMMIT');
    } catch (error) {
      await store.run('ROLLBACK').catch(() => undefined);
      throw error;
    }
    rewound.push(table);
  }
  return rewound;
}
