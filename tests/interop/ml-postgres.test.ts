// The ML store suite against a real PostgreSQL 15 server (`source .ci/start-postgres.sh` starts
// one and sets NETWEAVER_TEST_POSTGRES_URL); a fresh database per run.
import { describe } from 'vitest';
import '../../src-main/store/postgres/register.js';
import { mlStoreSuite } from '../unit/ml/ml-store-suite.js';
import { freshDatabase } from '../support/postgres-db.js';

const url = process.env.NETWEAVER_TEST_POSTGRES_URL;

describe.skipIf(!url)('ML on PostgreSQL 15 (skipped: NETWEAVER_TEST_POSTGRES_URL is not set — run `source .ci/start-postgres.sh`)', () => {
  mlStoreSuite('PostgreSQL', async () => ({ postgres: await freshDatabase(url!, 'nw_ml') }));
});
