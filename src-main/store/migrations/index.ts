// Every schema migration in order. Add a new file NNN-name.ts and one line here; never edit an
// applied migration.
import { migration001 } from './001-meta.js';
import { migration040 } from './040-ml.js';
import type { Migration } from './migration.js';

export const migrations: Migration[] = [migration001, migration040];
