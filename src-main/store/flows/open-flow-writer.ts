// The FlowWriter for whichever backend a store is.
import { DuckDBFlowWriter } from '../duckdb/duckdb-flow-writer.js';
import { DuckDBStore } from '../duckdb/duckdb-store.js';
import { PostgresFlowWriter } from '../postgres/postgres-flow-writer.js';
import { PostgresStore } from '../postgres/postgres-store.js';
import { StoreError, type Store } from '../store.js';
import type { FlowBatch } from '../../../src-worker/flow/record.js';
import { dialectFor } from '../query/sql-dialect.js';
import type { FlowWriter } from './flow-writer.js';
import { rewindRollups } from './maintenance.js';

export function openFlowWriter(store: Store): FlowWriter {
  return new RollupAwareWriter(store, backendWriter(store));
}

function backendWriter(store: Store): FlowWriter {
  if (store instanceof DuckDBStore) return new DuckDBFlowWriter(store);
  if (store instanceof PostgresStore) return new PostgresFlowWriter(store);
  throw new StoreError(`store: no flow writer for a ${store.kind} store`);
}

/** Notes the oldest time_received written; after a flush, rewinds any rollup that is already past it. */
class RollupAwareWriter implements FlowWriter {
  private oldestUs = Infinity;

  constructor(private readonly store: Store, private readonly inner: FlowWriter) {}

  get bufferedRows(): number { return this.inner.bufferedRows; }
  get committedRows(): number { return this.inner.committedRows; }

  async append(batch: FlowBatch): Promise<void> {
    const t = batch.time_received;
    for (let i = 0; i < batch.length; i++) if (t[i]! < this.oldestUs) this.oldestUs = t[i]!;
    await this.inner.append(batch);
  }

  async flush(): Promise<void> {
    await this.inner.flush();
    const oldest = this.oldestUs;
    this.oldestUs = Infinity;
    if (oldest === Infinity) return;
    const rows = await this.store.all<{ ms: number | null }>(`SELECT ${dialectFor(this.store.kind).epochMs('max(done_until)')} AS ms FROM rollup_state`);
    const watermarkMs = rows[0]?.ms;
    if (watermarkMs !== null && watermarkMs !== undefined && oldest < Number(watermarkMs) * 1000) await rewindRollups(this.store, oldest);
  }

  async close(): Promise<void> {
    await this.flush();
    await this.inner.close();
  }
}
