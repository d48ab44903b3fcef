// `store.switch`: moves the running service to another store without a restart. The new store is
// opened and migrated first (a failure leaves everything on the old one); the collector writes
// everything it decoded to the old store, then swaps its writer while its sockets stay open; the
// ServiceContext then points at the new store (handlers read ctx.store per call) and the old one
// is closed. Refused while worker jobs run (a capture import writes to the store it started with).
import { ApiError } from '../api/contract/errors.js';
import type { StoreChoice, StoreSwitchResult } from '../api/contract/settings.js';
import { readHealth } from '../api/handlers/system.js';
import type { ServiceContext } from '../api/service-context.js';
import { currentSchemaVersion } from '../store/migrate.js';
import { openStore } from '../store/open-store.js';
import { redactUrl } from '../store/postgres/postgres-store.js';
import type { Store } from '../store/store.js';
import { trackInFlight, whenIdle } from './in-flight-store.js';
import { duckdbPath, probeStore } from './store-probe.js';

const switching = new WeakSet<ServiceContext>();

function locationOf(choice: StoreChoice): string {
  return choice.kind === 'duckdb' ? duckdbPath(choice.path) : redactUrl(choice.url);
}

export async function switchStore(ctx: ServiceContext, target: StoreChoice, persist: boolean): Promise<StoreSwitchResult> {
  const t0 = performance.now();
  const old = ctx.store;
  const choice: StoreChoice = target.kind === 'duckdb' ? { kind: 'duckdb', path: duckdbPath(target.path) } : target;
  if (old.kind === choice.kind && old.location === locationOf(choice)) {
    throw new ApiError('conflict', `store: ${old.location} is already the store in use`);
  }
  const busy = ctx.workers.list().filter((j) => j.state === 'running' || j.state === 'queued');
  if (busy.length) {
    throw new ApiError('conflict', `store: ${busy.length} job${busy.length > 1 ? 's are' : ' is'} running (${busy.map((j) => j.title).slice(0, 3).join(', ')}); let ${busy.length > 1 ? 'them' : 'it'} finish or cancel before switching stores`);
  }
  if (switching.has(ctx)) throw new ApiError('conflict', 'store: a switch is already in progress');
  switching.add(ctx);
  try {
    // The same checks as store.test first, so a refusal reads the same in both places.
    const probe = await probeStore(choice, old);
    if (!probe.ok) throw new ApiError('unavailable', `${probe.error ?? `store: ${probe.summary}`} — still using ${old.location}`);
    let next: Store;
    try {
      next = trackInFlight(await openStore(choice.kind === 'duckdb' ? { db: choice.path } : { postgres: choice.url })); // opens and migrates
    } catch (error) {
      throw new ApiError('unavailable', `${(error as Error).message.replace(/; choose another file with --db$/, '')} — still using ${old.location}`);
    }
    const migratedTo = await currentSchemaVersion(next);
    let moved = { rowsFlushed: 0, rowsLost: 0 };
    const running = ctx.collector?.current?.running ?? false;
    try {
      if (ctx.collector) moved = await ctx.collector.switchStore(next);
    } catch (error) {
      await ctx.collector?.switchStore(old).catch(() => undefined);
      await next.close().catch(() => undefined);
      throw new ApiError('unavailable', `store: the collector could not move to ${next.location}: ${(error as Error).message} — still using ${old.location}`);
    }
    ctx.store = next;
    ctx.storeChosenBy = 'switch';
    const warnings: string[] = [];
    // Queries that started on the old store finish there first (closing under them hangs DuckDB).
    if (await whenIdle(old, 30_000)) await old.close().catch(() => undefined);
    else {
      warnings.push(`store: queries still running on ${old.location} after 30 s; it closes when they end`);
      void whenIdle(old, 24 * 3600_000).then(() => old.close().catch(() => undefined));
    }
    let persisted = false;
    if (persist && ctx.settings) {
      try {
        ctx.settings.save({ ...ctx.settings.settings, store: choice });
        persisted = true;
      } catch (error) {
        warnings.push(`${(error as Error).message}; the switch holds until NetWeaver stops`);
      }
    }
    if (moved.rowsLost > 0) warnings.push(`collector: ${moved.rowsLost} flows the old store never accepted were lost`);
    ctx.events.emit('system.health', await readHealth(ctx, 'event'));
    return {
      from: { kind: old.kind, location: old.location, rowsFlushed: moved.rowsFlushed },
      to: { kind: next.kind, location: next.location, schemaVersion: migratedTo },
      collector: { running, ...moved },
      persisted,
      warnings,
      ms: Math.round(performance.now() - t0),
    };
  } finally {
    switching.delete(ctx);
  }
}
