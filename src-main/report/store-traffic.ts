// The flow store as a traffic-summary source: the store's flow queries (top-N, time series,
// conversations) for a range and filter, shaped into TrafficData.
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
