// The same flow-store suite as DuckDB's, against a real PostgreSQL 15 server (`source
// .ci/start-postgres.sh` starts one and sets NETWEAVER_TEST_POSTGRES_URL; .ci/run does it). Each
// run uses a fresh database so runs never see each other's rows.
import { describe } from 'vitest';
import { openStore } from '../../src-main/store/open-store.js';
import '../../src-main/store/postgres/register.js';
import { flowStoreSuite } from '../unit/store/flow-store-suite.js';
import { freshDatabase } from '../support/postgres-db.js';

const url = process.env.NETWEAVER_TEST_POSTGRES_URL;

describe.skipIf(!url)(url ? 'flow store on PostgreSQL 15' : 'flow store on PostgreSQL 15 — skipped: NETWEAVER_TEST_POSTGRES_URL is not set (run `source .ci/start-postgres.sh`)', () => {
  flowStoreSuite(async () => openStore({ postgres: await freshDatabase(url!, 'nw_store') }));
});
