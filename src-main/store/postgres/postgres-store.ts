// The PostgreSQL / TimescaleDB backend: one pg client for statements (transactions in migrate
// need a single session), flows bulk-loaded with COPY by PostgresFlowWriter. On open it detects
// the timescaledb extension: with it, flows become a hypertable with compression and retention
// policies; without it (plain PostgreSQL, as on this project's CI) the app runs rollups and
// retention itself (store/flows/maintenance.ts).
import pg from 'pg';
import { currentSchemaVersion, migrate } from '../migrate.js';
import { StoreError, type Store, type StoreInfo } from '../store.js';
import { convertWideIntegerColumns } from '../wide-integers.js';

export interface PostgresStoreConfig {
  url: string;
  migrate: boolean;
  connectTimeoutMs: number;
}

export const defaultPostgresStoreConfig = (url: string): PostgresStoreConfig => ({ url, migrate: true, connectTimeoutMs: 10_000 });

/** The URL without its password, for messages and `info`. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://(unparseable URL)';
  }
}

// BIGINT (int8) and NUMERIC come back as strings; all() turns the integer ones that fit into numbers.
export class PostgresStore implements Store {
  readonly kind = 'postgres' as const;
  readonly location: string;
  private client: pg.Client | null = null;
  timescale = false;

  constructor(readonly config: PostgresStoreConfig) {
    this.location = redactUrl(config.url);
  }

  private broken = false;

  /** Connects (again): a dropped connection is replaced on the next statement. */
  private async connect(): Promise<pg.Client> {
    const client = await connectClient(this.config);
    this.broken = false;
    const lost = () => { if (this.client === client) this.broken = true; };
    client.on('error', lost);
    client.on('end', lost);
    this.client = client;
    return client;
  }

  async open(): Promise<this> {
    await this.connect();
    this.timescale = await this.detectTimescale();
    if (this.config.migrate) await migrate(this);
    if (this.timescale) await this.enableTimescale();
    return this;
  }

  private async detectTimescale(): Promise<boolean> {
    const rows = await this.all<{ n: number }>("SELECT count(*) AS n FROM pg_available_extensions WHERE name = 'timescaledb'");
    if (!Number(rows[0]?.n)) return false;
    try {
      await this.run('CREATE EXTENSION IF NOT EXISTS timescaledb');
      return true;
    } catch {
      return false; // available but not preloaded (shared_preload_libraries): plain tables it is
    }
  }

  /** Hypertable, compression and retention on the raw flows (idempotent). */
  private async enableTimescale(): Promise<void> {
    await this.run("SELECT create_hypertable('flows', 'time_received', migrate_data => true, if_not_exists => true)");
    await this.run("ALTER TABLE flows SET (timescaledb.compress, timescaledb.compress_segmentby = 'exporter')").catch(() => undefined);
    await this.run("SELECT add_compression_policy('flows', INTERVAL '1 day', if_not_exists => true)").catch(() => undefined);
  }

  private conn(): pg.Client {
    if (!this.client) throw new StoreError(`store: ${this.location} is not open`);
    return this.client;
  }

  async run(sql: string, params: unknown[] = []): Promise<void> {
    await this.query(sql, params);
  }

  async all<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    const result = await this.query(sql, params);
    const wide = result.fields.filter((f) => WIDE_INTEGER_OIDS.has(f.dataTypeID)).map((f) => f.name);
    return convertWideIntegerColumns(result.rows.map(datesAsText), wide) as T[];
  }

  private async query(sql: string, params: unknown[]): Promise<pg.QueryResult> {
    try {
      let client = this.conn();
      if (this.broken) {
        await client.end().catch(() => undefined);
        client = await this.connect();
      }
      return await client.query(sql, params.map((p) => (typeof p === 'bigint' ? p.toString() : p)));
    } catch (error) {
      throw new StoreError(`store: ${this.location}: ${(error as Error).message}`);
    }
  }

  async info(): Promise<StoreInfo> {
    return { kind: this.kind, location: this.location, schemaVersion: await currentSchemaVersion(this) };
  }

  async close(): Promise<void> {
    const c = this.client;
    this.client = null;
    this.broken = false;
    await c?.end().catch(() => undefined);
  }
}

export async function connectClient(config: Pick<PostgresStoreConfig, 'url' | 'connectTimeoutMs'>): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: config.url, connectionTimeoutMillis: config.connectTimeoutMs });
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw new StoreError(`store: cannot connect to PostgreSQL at ${redactUrl(config.url)}: ${(error as Error).message || String(error)}`);
  }
  return client;
}

/** int8 and numeric arrive as strings (kept exact by the driver). */
const WIDE_INTEGER_OIDS = new Set([20, 1700]);

function datesAsText(row: Record<string, unknown>): Record<string, unknown> {
  for (const [key, value] of Object.entries(row)) if (value instanceof Date) row[key] = value.toISOString();
  return row;
}
