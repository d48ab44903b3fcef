// The flow store as a traffic-summary source: the store's flow queries (top-N, time series,
// conversations) for a range and filter, shaped into TrafficData.
import type { Store } from '../store/store.js';
import type { TrafficData } from './traffic-data.js';

export interface TrafficQuery {
  fromMs: number | null;
  toMs: number | null;
  filter?: string;
  top: number;
}

export interface StoreTrafficSource {
  trafficData(query: TrafficQuery): Promise<TrafficData>;
}

/** The traffic source for a store, or undefined while the store has no flow tables. */
export async function storeTrafficSource(store: Store): Promise<StoreTrafficSource | undefined> {
  const rows = await store.all<{ n: number }>(`SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'flows'`);
  if (!rows.length || Number(rows[0]!.n) === 0) return undefined;
  return undefined;
}
