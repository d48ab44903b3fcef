// The embedded store on real DuckDB files: migrations on open, reopen, a file that is not
// DuckDB, a file held by another process, and a schema newer than this build.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../src-main/store/migrate.js';
import { migrations } from '../../../src-main/store/migrations/index.js';
import { openStore } from '../../../src-main/store/open-store.js';
import { projectRoot } from '../../support/shared-data.js';

const LATEST = Math.max(...migrations.map((m) => m.version));
const tmp = () => mkdtempSync(join(tmpdir(), 'nw-store-'));

describe('DuckDB store', () => {
  it('creates the file, applies migrations, and keeps them on reopen', async () => {
    const path = join(tmp(), 'a.duckdb');
    const store = await openStore({ db: path });
    expect(await store.info()).toMatchObject({ kind: 'duckdb', location: path, schemaVersion: LATEST });
    await store.run('INSERT INTO settings (key, value) VALUES ($1, $2)', ['theme', '"dark"']);
    await store.close();
    const again = await openStore({ db: path });
    const rows = await again.all<{ key: string; value: string; n: number }>('SELECT key, value, (SELECT count(*) FROM schema_migrations) AS n FROM settings');
    expect(rows).toEqual([{ key: 'theme', value: '"dark"', n: migrations.length }]);
    await again.close();
  });

  it('refuses a file that is not a DuckDB database, naming it', async () => {
    const path = join(tmp(), 'notes.duckdb');
    writeFileSync(path, 'these are my notes, not a database\n');
    await expect(openStore({ db: path })).rejects.toThrow(`store: ${path} is not a DuckDB database file`);
  });

  it('says the file is in use when another process holds it', async () => {
    const path = join(tmp(), 'locked.duckdb');
    const holder = spawn(
      process.execPath,
      ['--input-type=module', '-e', `import { DuckDBInstance } from '@duckdb/node-api'; const i = await DuckDBInstance.create(${JSON.stringify(path)}); await i.connect(); console.log('held'); setTimeout(() => {}, 60000);`],
      { cwd: projectRoot, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      await new Promise<void>((resolve, reject) => {
        holder.stdout!.on('data', (d) => String(d).includes('held') && resolve());
        holder.on('exit', (code) => reject(new Error(`holder exited ${code}`)));
      });
      await expect(openStore({ db: path })).rejects.toThrow(new RegExp(`store: ${path} is in use by another NetWeaver or DuckDB program \\(process ${holder.pid}\\)`));
    } finally {
      holder.kill('SIGKILL');
    }
  });

  it('refuses a database from a newer NetWeaver', async () => {
    const path = join(tmp(), 'newer.duckdb');
    const store = await openStore({ db: path });
    await store.run("INSERT INTO schema_migrations (version, name) VALUES (999, 'from the future')");
    await expect(migrate(store)).rejects.toThrow(/schema version 999, newer than this NetWeaver understands/);
    await store.close();
  });

  it('rolls back a failing migration and names it', async () => {
    const path = join(tmp(), 'broken.duckdb');
    const store = await openStore({ db: path });
    const bad = { version: LATEST + 1, name: 'broken', duckdb: ['CREATE TABLE ok_table (a INTEGER)', 'CREATE TABLE oops ('], postgres: [] };
    await expect(migrate(store, [...migrations, bad])).rejects.toThrow(new RegExp(`migration ${LATEST + 1} \\(broken\\) failed`));
    expect((await store.info()).schemaVersion).toBe(LATEST);
    expect(await store.all("SELECT * FROM information_schema.tables WHERE table_name = 'ok_table'")).toEqual([]);
    await store.close();
  });

  it('turns 64-bit integers into numbers, keeps digit-only text as text and huge integers exact', async () => {
    const store = await openStore({ db: join(tmp(), 'types.duckdb') });
    const [row] = await store.all("SELECT 42::BIGINT AS big, '887142552900'::VARCHAR AS id, 340282366920938463463374607431768211455::UHUGEINT AS huge");
    expect(row).toEqual({ big: 42, id: '887142552900', huge: '340282366920938463463374607431768211455' });
    await store.close();
  });

  it('refuses --db and --postgres together', async () => {
    await expect(openStore({ db: 'x.duckdb', postgres: 'postgres://x' })).rejects.toThrow(/either --db or --postgres/);
  });
});
