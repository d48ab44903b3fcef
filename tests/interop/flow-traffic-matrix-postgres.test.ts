// Traffic matrix from stored flows on a real PostgreSQL 15 server (`source .ci/start-postgres.sh`
// starts one and sets NETWEAVER_TEST_POSTGRES_URL), each test in a fresh database.
import { describe } from 'vitest';
import { openStore } from '../../src-main/store/open-store.js';
import '../../src-main/store/postgres/register.js';
import { flowTrafficMatrixSuite } from '../unit/store/flow-traffic-matrix-suite.js';
import { freshDatabase } from '../support/postgres-db.js';

const url = process.env.NETWEAVER_TEST_POSTGRES_URL;

describe.skipIf(!url)('traffic matrix from stored flows on PostgreSQL 15 (skipped: NETWEAVER_TEST_POSTGRES_URL is not set — run `source .ci/start-postgres.sh`)', () => {
  flowTrafficMatrixSuite(async () => openStore({ postgres: await freshDatabase(url!, 'nw_matrix') }));
});
