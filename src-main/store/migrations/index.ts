// Every schema migration in order. Add a new file NNN-name.ts and one line here; never edit an
// applied migration. Ranges: 002–009 flows/collector, 010–019 topology, 020–029 captures,
// 030–039 simulation, 040–049 ML, 050–059 reports.
import { migration001 } from './001-meta.js';
import { migration002 } from './002-flows.js';
import { migration003 } from './003-exporter-stats.js';
import { migration004 } from './004-address-compression.js';
import { migration010 } from './010-topology.js';
import { migration020 } from './020-captures.js';
import { migration030 } from './030-sim.js';
import { migration040 } from './040-ml.js';
import type { Migration } from './migration.js';

export const migrations: Migration[] = [migration001, migration002, migration003, migration004, migration010, migration020, migration030, migration040];
