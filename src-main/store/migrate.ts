// Applies pending migrations on open, each in its own transaction, recording them in
// schema_migrations so every backend knows exactly which version it holds.
import { migrations as allMigrations } from './migrations/index.js';
import type { Migration } from './migrations/migration.js';
import { StoreError, type Store } from './store.js';

export async function currentSchemaVersion(store: Pick<Store, 'all'>): Promise<number> {
  const rows = await store.all<{ v: number | string | null }>('SELECT max(version) AS v FROM schema_migrations');
  return Number(rows[0]?.v ?? 0);
}

export async function migrate(store: Store, migrations: Migration[] = allMigrations): Promise<{ from: number; to: number }> {
  const timestampType = store.kind === 'postgres' ? 'TIMESTAMPTZ' : 'TIMESTAMP';
  await store.run(`CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at ${timestampType} NOT NULL DEFAULT now())`);
  const from = await currentSchemaVersion(store);
  const latest = Math.max(0, ...migrations.map((m) => m.version));
  if (from > latest) {
    throw new StoreError(`store: ${store.location} has schema version ${from}, newer than this NetWeaver understands (${latest}); upgrade NetWeaver`);
  }
  // Areas number their migrations in agreed ranges (see migrations/index.ts), so a store may hold
  // 40 but not yet 10: apply every migration not recorded, not only those above the maximum.
  const applied = new Set((await store.all<{ version: number | string }>('SELECT version FROM schema_migrations')).map((r) => Number(r.version)));
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (applied.has(migration.version)) continue;
    await applyOne(store, migration);
  }
  return { from, to: await currentSchemaVersion(store) };
}

async function applyOne(store: Store, migration: Migration): Promise<void> {
  const statements = store.kind === 'postgres' ? migration.postgres : migration.duckdb;
  await store.run('BEGIN TRANSACTION');
  try {
    for (const sql of statements) await store.run(sql);
    await store.run('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
    await store.run('COMMIT');
  } catch (error) {
    await store.run('ROLLBACK').catch(() => undefined);
    const reason = error instanceof Error ? error.message : String(error);
    throw new StoreError(`store: migration ${migration.version} (${migration.name}) failed on ${store.location}: ${reason}`);
  }
}
