// Registers the PostgreSQL backend with openStore (imported once by the host), so DuckDB-only
// code paths never load `pg`.
import { registerPostgresOpener } from '../open-store.js';
import { defaultPostgresStoreConfig, PostgresStore } from './postgres-store.js';

registerPostgresOpener((url) => new PostgresStore(defaultPostgresStoreConfig(url)).open());
