// The FlowWriter for whichever backend a store is.
import { DuckDBFlowWriter } from '../duckdb/duckdb-flow-writer.js';
import { DuckDBStore } from '../duckdb/duckdb-store.js';
import { PostgresFlowWriter } from '../postgres/postgres-flow-writer.js';
import { PostgresStore } from '../postgres/postgres-store.js';
import { StoreError, type Store } from '../store.js';
import type { FlowWriter } from './flow-writer.js';

export function openFlowWriter(store: Store): FlowWriter {
  if (store instanceof DuckDBStore) return new DuckDBFlowWriter(store);
  if (store instanceof PostgresStore) return new PostgresFlowWriter(store);
  throw new StoreError(`store: no flow writer for a ${store.kind} store`);
}
