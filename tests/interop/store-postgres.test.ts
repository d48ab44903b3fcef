// The same flow-store suite as DuckDB's, against a real PostgreSQL 15 server (`source
// .ci/start-postgres.sh` starts one and sets NETWEAVER_TEST_POSTGRES_URL; .ci/run does it). Each
// run uses a fresh database so runs never see each other's rows.
import pg from 'pg';
import { describe } from 'vitest';
import { openStore } from '../../src-main/store/open-store.js';
import '../../src-main/store/postgres/register.js';
import { flowStoreSuite } from '../unit/store/flow-store-suite.js';

const url = process.env.NETWEAVER_TEST_POSTGRES_URL;

export async function freshDatabase(base: string, prefix: string): Promise<string> {
  const name = `${prefix}_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(base);
  u.pathname = `/${name}`;
  return u.toString();
}

describe.skipIf(!url)('flow store on PostgreSQL 15 (skipped: NETWEAVER_TEST_POSTGRES_URL is not set — run `source .ci/start-postgres.sh`)', () => {
  flowStoreSuite(async () => openStore({ postgres: await freshDatabase(url!, 'nw_store') }));
});
