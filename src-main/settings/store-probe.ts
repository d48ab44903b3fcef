// `store.test`: a real connection to a candidate store (a DuckDB file or a PostgreSQL URL) that
// reports what an engineer needs before switching: latency, server version, TimescaleDB, the
// schema version found (or that it is empty and will be created), and failures in plain words
// (refused, authentication, unknown database, not a DuckDB file, locked by another process).
// It never migrates and never creates a file.
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, resolve } from 'node:path';
import pg from 'pg';
import type { StoreChoice, StoreTestResult } from '../api/contract/settings.js';
import { defaultDuckDBStoreConfig, DuckDBStore } from '../store/duckdb/duckdb-store.js';
import { currentSchemaVersion } from '../store/migrate.js';
import { migrations } from '../store/migrations/index.js';
import { redactUrl } from '../store/postgres/postgres-store.js';
import type { Store } from '../store/store.js';

export const LATEST_SCHEMA_VERSION = Math.max(...migrations.map((m) => m.version));
const CONNECT_TIMEOUT_MS = 5000;

/** A DuckDB path as typed: "~" expanded, made absolute (as DuckDBStore does). */
export function duckdbPath(text: string): string {
  const t = text.trim();
  return resolve(t === '~' || t.startsWith('~/') ? homedir() + t.slice(1) : t);
}

/** Tests `choice`; `current` is the store the service uses (null from the CLI, which opens none). */
export async function probeStore(choice: StoreChoice, current: Store | null): Promise<StoreTestResult> {
  return choice.kind === 'duckdb' ? probeDuckDB(duckdbPath(choice.path), current) : probePostgres(choice.url, current);
}

function schemaSummary(version: number): { ok: boolean; summary: string; error?: string } {
  if (version === 0) return { ok: true, summary: `empty: NetWeaver will create its schema (version ${LATEST_SCHEMA_VERSION})` };
  if (version < LATEST_SCHEMA_VERSION) return { ok: true, summary: `schema version ${version}: NetWeaver will upgrade it to ${LATEST_SCHEMA_VERSION}` };
  if (version === LATEST_SCHEMA_VERSION) return { ok: true, summary: `schema version ${version}, up to date` };
  const error = `schema version ${version} is newer than this NetWeaver understands (${LATEST_SCHEMA_VERSION}); upgrade NetWeaver`;
  return { ok: false, summary: error, error };
}

async function hasSchemaTable(store: Pick<Store, 'all'>): Promise<boolean> {
  const rows = await store.all<{ n: number }>("SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'schema_migrations'");
  return Number(rows[0]?.n ?? 0) > 0;
}

async function probeDuckDB(path: string, current: Store | null): Promise<StoreTestResult> {
  const base = { kind: 'duckdb' as const, location: path, timescaledb: null, inUse: current?.kind === 'duckdb' && current.location === path };
  const t0 = performance.now();
  const fail = (error: string): StoreTestResult => ({ ...base, ok: false, latencyMs: performance.now() - t0, summary: error, error: `store: ${error}` });
  if (base.inUse && current) {
    const info = await current.info();
    const [{ v }] = await current.all<{ v: string }>('SELECT version() AS v');
    return { ...base, ok: true, latencyMs: performance.now() - t0, serverVersion: `DuckDB ${v}`, schemaVersion: info.schemaVersion, summary: `in use now; ${schemaSummary(info.schemaVersion).summary}` };
  }
  if (!existsSync(path)) {
    let dir = dirname(path);
    while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
    try {
      accessSync(dir, constants.W_OK);
    } catch {
      return fail(`${path} does not exist and ${dir} is not writable, so it cannot be created`);
    }
    return { ...base, ok: true, latencyMs: performance.now() - t0, schemaVersion: 0, summary: `no file there yet: NetWeaver will create it with its schema (version ${LATEST_SCHEMA_VERSION})` };
  }
  if (statSync(path).isDirectory()) return fail(`${path} is a folder; give the path of a .duckdb file`);
  const store = new DuckDBStore({ ...defaultDuckDBStoreConfig(path), migrate: false, threads: 1 });
  try {
    await store.open(); // checks the DuckDB header and the lock held by another process
  } catch (error) {
    return fail((error as Error).message.replace(/^store: /, '').replace(/; choose another file with --db$/, ''));
  }
  try {
    const version = (await hasSchemaTable(store)) ? await currentSchemaVersion(store) : 0;
    const [{ v }] = await store.all<{ v: string }>('SELECT version() AS v');
    const s = schemaSummary(version);
    return { ...base, ok: s.ok, latencyMs: performance.now() - t0, serverVersion: `DuckDB ${v}`, schemaVersion: version, summary: s.summary, ...(s.error ? { error: `store: ${s.error}` } : {}) };
  } catch (error) {
    return fail(`${path}: ${(error as Error).message}`);
  } finally {
    await store.close();
  }
}

/** A pg connection error in words an engineer can act on. */
export function explainPostgresError(error: unknown, url: URL): string {
  const e = error as { code?: string; message?: string };
  const host = url.hostname || 'localhost';
  const port = url.port || '5432';
  const user = decodeURIComponent(url.username) || process.env.USER || '(default user)';
  const database = decodeURIComponent(url.pathname.replace(/^\//, '')) || user;
  switch (e.code) {
    case 'ECONNREFUSED': return `connection refused by ${host}:${port}: nothing listens there (is PostgreSQL running, on this port?)`;
    case 'ENOTFOUND': case 'EAI_AGAIN': return `host name "${host}" was not found (DNS)`;
    case 'EHOSTUNREACH': case 'ENETUNREACH': return `${host} cannot be reached (no route)`;
    case 'ETIMEDOUT': return `no answer from ${host}:${port} (a firewall, or the wrong address?)`;
    case '28P01': return `authentication failed for user "${user}" (wrong password?)`;
    case '28000': return `the server refuses user "${user}" for database "${database}" (no matching pg_hba.conf entry, or the role does not exist)`;
    case '3D000': return `database "${database}" does not exist on ${host}:${port} (create it: createdb ${database})`;
    case '53300': return `${host}:${port} has too many connections`;
    case '57P03': return `${host}:${port} is starting up or shutting down; try again`;
  }
  const m = e.message ?? String(error);
  if (/timeout/i.test(m)) return `no answer from ${host}:${port} within ${CONNECT_TIMEOUT_MS / 1000} s (a firewall, or the wrong address?)`;
  if (/SSL|TLS/i.test(m)) return `TLS/SSL problem with ${host}:${port}: ${m}`;
  return m;
}

async function probePostgres(url: string, current: Store | null): Promise<StoreTestResult> {
  const location = redactUrl(url);
  const base = { kind: 'postgres' as const, location, timescaledb: null, inUse: current?.kind === 'postgres' && current.location === location };
  const t0 = performance.now();
  const fail = (error: string): StoreTestResult => ({ ...base, ok: false, latencyMs: performance.now() - t0, summary: error, error: `store: ${error}` });
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return fail(`"${location}" is not a URL; write postgres://user:password@host:5432/database`);
  }
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  client.on('error', () => undefined); // a connection lost while probing is reported by the query that fails
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    return fail(explainPostgresError(error, parsed));
  }
  try {
    const q0 = performance.now(); // latency: one round trip on the open connection
    const version = (await client.query<{ server_version: string }>('SHOW server_version')).rows[0]?.server_version ?? '?';
    const latencyMs = performance.now() - q0;
    const ts = (await client.query<{ installed_version: string | null }>("SELECT installed_version FROM pg_available_extensions WHERE name = 'timescaledb'")).rows;
    const timescaledb = { available: ts.length > 0, installed: ts.length > 0 && ts[0]!.installed_version !== null };
    const store = { all: async <T>(sql: string) => (await client.query(sql)).rows as T[] };
    const schema = (await hasSchemaTable(store)) ? Number((await client.query<{ v: string | null }>('SELECT max(version) AS v FROM schema_migrations')).rows[0]?.v ?? 0) : 0;
    const s = schemaSummary(schema);
    let summary = s.summary;
    let ok = s.ok;
    let error = s.error ? `store: ${s.error}` : undefined;
    if (schema === 0) {
      const can = (await client.query<{ c: boolean }>("SELECT has_schema_privilege(current_schema(), 'CREATE') AS c")).rows[0]?.c;
      if (!can) {
        ok = false;
        error = `store: user "${decodeURIComponent(parsed.username) || '(default)'}" may not create tables in schema ${'"'}public${'"'} of this database, so NetWeaver cannot create its schema`;
        summary = error.slice(7);
      }
    }
    return { ...base, ok, latencyMs, serverVersion: `PostgreSQL ${version}`, timescaledb, schemaVersion: schema, summary, ...(error ? { error } : {}) };
  } catch (error) {
    return fail(`${location}: ${(error as Error).message}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}
