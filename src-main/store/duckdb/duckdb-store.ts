// The embedded DuckDB backend: one file, one writer (this process). Opening checks that the
// file really is DuckDB and is not held by another NetWeaver, and applies migrations.
import { DuckDBConnection, DuckDBInstance, DuckDBTypeId, type DuckDBResultReader, type DuckDBValue } from '@duckdb/node-api';
import { closeSync, existsSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { currentSchemaVersion, migrate } from '../migrate.js';
import { StoreError, type Store, type StoreInfo } from '../store.js';
import { convertWideIntegerColumns } from '../wide-integers.js';

export interface DuckDBStoreConfig {
  path: string;
  /** Apply pending migrations when opening (the app always does; tools that inspect may not). */
  migrate: boolean;
  /** DuckDB threads; the host leaves cores to the engine workers. */
  threads: number;
}

export const defaultDuckDBStoreConfig = (path: string): DuckDBStoreConfig => ({ path, migrate: true, threads: 2 });

/** DuckDB's file header has "DUCK" at byte 8. */
function checkIsDuckDBFile(path: string): void {
  if (!existsSync(path)) return;
  const size = statSync(path).size;
  if (size === 0) return;
  const header = Buffer.alloc(12);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, header, 0, 12, 0);
  } finally {
    closeSync(fd);
  }
  if (size < 12 || header.toString('latin1', 8, 12) !== 'DUCK') {
    throw new StoreError(`store: ${path} is not a DuckDB database file; choose another file with --db`);
  }
}

function explainOpenError(path: string, error: unknown): StoreError {
  const message = error instanceof Error ? error.message : String(error);
  const lock = /Could not set lock on file.*?(?:PID (\d+))?/s.exec(message);
  if (lock) {
    const pid = /PID (\d+)/.exec(message)?.[1];
    return new StoreError(
      `store: ${path} is in use by another NetWeaver or DuckDB program${pid ? ` (process ${pid})` : ''}; close it, or choose another file with --db`,
    );
  }
  if (/not a valid DuckDB database|Invalid database file|database file .* is not/i.test(message)) {
    return new StoreError(`store: ${path} is not a DuckDB database file; choose another file with --db`);
  }
  return new StoreError(`store: cannot open ${path}: ${message}`);
}

function toDuckValues(params: unknown[]): DuckDBValue[] {
  return params.map((p) => (p === undefined ? null : (p as DuckDBValue)));
}

export class DuckDBStore implements Store {
  readonly kind = 'duckdb' as const;
  readonly location: string;
  private instance: DuckDBInstance | null = null;
  private conn: DuckDBConnection | null = null;

  constructor(private readonly config: DuckDBStoreConfig) {
    this.location = resolve(config.path);
  }

  async open(): Promise<this> {
    checkIsDuckDBFile(this.location);
    mkdirSync(dirname(this.location), { recursive: true });
    try {
      // Bit-packed UHUGEINT address columns scan ~20x slower than uncompressed; migration 004
      // makes just those columns uncompressed (it used to be bit-packing off database-wide).
      this.instance = await DuckDBInstance.create(this.location, { threads: String(this.config.threads) });
      this.conn = await this.instance.connect();
    } catch (error) {
      throw explainOpenError(this.location, error);
    }
    if (this.config.migrate) await migrate(this);
    return this;
  }

  /** A second connection on the same database, e.g. for an appender that must not share a
   * connection with queries running at the same time. The caller closes it. */
  async newConnection(): Promise<DuckDBConnection> {
    if (!this.instance) throw new StoreError(`store: ${this.location} is not open`);
    return this.instance.connect();
  }

  /** The live connection, for backends' fast paths (appenders). */
  connection(): DuckDBConnection {
    if (!this.conn) throw new StoreError(`store: ${this.location} is not open`);
    return this.conn;
  }

  async run(sql: string, params: unknown[] = []): Promise<void> {
    await this.connection().run(sql, params.length ? toDuckValues(params) : undefined);
  }

  async all<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    const reader = await this.connection().runAndReadAll(sql, params.length ? toDuckValues(params) : undefined);
    return convertWideIntegerColumns(reader.getRowObjectsJson() as Record<string, unknown>[], wideIntegerColumns(reader)) as T[];
  }

  async info(): Promise<StoreInfo> {
    return { kind: this.kind, location: this.location, schemaVersion: await currentSchemaVersion(this) };
  }

  async close(): Promise<void> {
    this.conn?.closeSync();
    this.instance?.closeSync();
    this.conn = null;
    this.instance = null;
  }
}

const WIDE_INTEGER_TYPES = new Set<number>([DuckDBTypeId.BIGINT, DuckDBTypeId.UBIGINT, DuckDBTypeId.HUGEINT, DuckDBTypeId.UHUGEINT]);

/** The columns DuckDB's JSON form gives as strings because they are 64/128-bit integers. */
function wideIntegerColumns(reader: DuckDBResultReader): string[] {
  const names = reader.columnNames();
  return names.filter((_, i) => WIDE_INTEGER_TYPES.has(reader.columnType(i).typeId));
}
