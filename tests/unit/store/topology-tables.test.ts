// Topologies in real DuckDB files: the shared topology-table suite.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../../src-main/store/open-store.js';
import { topologyTablesSuite } from './topology-tables-suite.js';

let n = 0;
topologyTablesSuite(() => openStore({ db: join(mkdtempSync(join(tmpdir(), 'nw-topo-')), `t${n++}.duckdb`) }));
