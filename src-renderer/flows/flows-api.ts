// The flow queries the flows view makes, in one place: top-N, time series, sankey,
// conversations and endpoints over a time range and a filter, and the filter check.
import { FLOW_DIMENSION_NAMES, type FlowVolume } from '../../src-main/api/contract/flows.js';
import { api } from '../api/client.js';

export type FlowMetric = 'bytes' | 'packets' | 'flows';
export type { FilterCheck, FlowConversation as Conversation, FlowDimensionValue as DimensionValue, FlowEndpoint as Endpoint, FlowSankeyResult as SankeyResult, FlowTimeSeriesResult as TimeSeriesResult, FlowTopNResult as TopNResult, FlowVolume as Volume } from '../../src-main/api/contract/flows.js';
type Dimension = (typeof FLOW_DIMENSION_NAMES)[number];

/** Dimensions the engineer picks from, as the flows contract names them. */
export const FLOW_DIMENSIONS: readonly string[] = FLOW_DIMENSION_NAMES;
const dims = (list: readonly string[]) => list.filter((d): d is Dimension => (FLOW_DIMENSION_NAMES as readonly string[]).includes(d));

export interface FlowQueryBase {
  fromMs: number;
  toMs: number;
  filter?: string;
}

export const flowsApi = {
  topN: (q: FlowQueryBase & { groupBy: string[]; top: number; metric: FlowMetric }) => api.call('flows.topN', { ...q, groupBy: dims(q.groupBy) }),
  timeSeries: (q: FlowQueryBase & { groupBy: string[]; top: number; metric: FlowMetric; stepSeconds: number }) => api.call('flows.timeSeries', { ...q, groupBy: dims(q.groupBy), top: Math.min(50, q.top) }),
  sankey: (q: FlowQueryBase & { dimensions: string[]; top: number; metric: FlowMetric }) => api.call('flows.sankey', { ...q, dimensions: dims(q.dimensions) }),
  conversations: (q: FlowQueryBase & { layer: 'ip' | 'tcp' | 'udp'; limit: number }) => api.call('flows.conversations', q),
  endpoints: (q: FlowQueryBase & { limit: number }) => api.call('flows.endpoints', q),
  checkFilter: (filter: string) => api.call('flows.checkFilter', { filter }),
};

/** Value of a volume in the metric the engineer picked, per second over `seconds` for rates. */
export function metricValue(v: FlowVolume, metric: 'bps' | 'pps' | 'flows', seconds: number): number {
  if (metric === 'bps') return (v.bytes * 8) / seconds;
  if (metric === 'pps') return v.packets / seconds;
  return v.flows;
}

export function keyText(key: Record<string, string | number | null>, dims: readonly string[]): string {
  return dims.map((d) => (key[d] === null || key[d] === undefined ? '—' : String(key[d]))).join(' · ');
}
