// Opens the store an engineer asked for: --db PATH (DuckDB, the default in the user's data
// folder) or --postgres URL. Backends register here so callers never pick classes themselves.
import { defaultDatabasePath } from './data-dir.js';
import { defaultDuckDBStoreConfig, DuckDBStore } from './duckdb/duckdb-store.js';
import { StoreError, type Store } from './store.js';

export interface StoreOptions {
  db?: string;
  postgres?: string;
  /** The settings folder (--config DIR); its settings.json may name the store when db/postgres are absent. */
  config?: string;
}

export type PostgresOpener = (url: string) => Promise<Store>;
let postgresOpener: PostgresOpener | null = null;

/** The PostgreSQL backend registers itself; keeps `pg` out of DuckDB-only paths. */
export function registerPostgresOpener(opener: PostgresOpener): void {
  postgresOpener = opener;
}

export async function openStore(options: StoreOptions): Promise<Store> {
  if (options.db && options.postgres) throw new StoreError('store: give either --db or --postgres, not both');
  if (options.postgres) {
    if (!postgresOpener) throw new StoreError('store: this build of NetWeaver has no PostgreSQL backend');
    return postgresOpener(options.postgres);
  }
  return new DuckDBStore(defaultDuckDBStoreConfig(options.db ?? defaultDatabasePath())).open();
}
