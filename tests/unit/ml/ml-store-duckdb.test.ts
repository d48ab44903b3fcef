// The ML store suite on an embedded DuckDB file.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mlStoreSuite } from './ml-store-suite.js';

mlStoreSuite('DuckDB', async () => ({ db: join(mkdtempSync(join(tmpdir(), 'nw-ml-flows-')), 'flows.duckdb') }));
