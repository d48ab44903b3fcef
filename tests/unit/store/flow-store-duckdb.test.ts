// The flow-store suite on a real DuckDB file.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe } from 'vitest';
import { openStore } from '../../../src-main/store/open-store.js';
import { flowStoreSuite } from './flow-store-suite.js';

describe('flow store on DuckDB', () => {
  flowStoreSuite(() => openStore({ db: join(mkdtempSync(join(tmpdir(), 'nw-flows-')), 'flows.duckdb') }));
});
