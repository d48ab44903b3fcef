// The Store interface every backend (embedded DuckDB, remote PostgreSQL/TimescaleDB) implements.
// The host process is the only writer; engines never open the database.

export type StoreKind = 'duckdb' | 'postgres';

export interface StoreInfo {
  kind: StoreKind;
  /** File path for DuckDB; the URL without its password for PostgreSQL. */
  location: string;
  schemaVersion: number;
}

export interface Store {
  readonly kind: StoreKind;
  readonly location: string;
  /** Runs one statement; `$1, $2 …` placeholders bind `params` (both backends use this form). */
  run(sql: string, params?: unknown[]): Promise<void>;
  /** Rows as JSON-safe objects: integers beyond 2^53 as strings, timestamps as ISO strings. */
  all<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  info(): Promise<StoreInfo>;
  close(): Promise<void>;
}

export class StoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreError';
  }
}
