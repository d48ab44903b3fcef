// The flow queries the flows view makes, in one place: top-N, time series, sankey,
// conversations and endpoints over a time range and a filter. The shapes are the service's
// (store/query/flow-query.ts); the method names are the `flows` area's. Until the service
// offers them, each call fails with the service's "unknown method" error, which the view shows.
import { api } from '../api/client.js';

export type FlowMetric = 'bytes' | 'packets' | 'flows';
export type DimensionValue = string | number | null;

export interface Volume {
  bytes: number;
  packets: number;
  flows: number;
}

export interface TopNRow extends Volume {
  key: Record<string, DimensionValue>;
  other?: boolean;
}

export interface TopNResult {
  rows: TopNRow[];
  total: Volume;
}

export interface TimeSeriesResult {
  stepSeconds: number;
  times: number[];
  series: Array<{ key: Record<string, DimensionValue>; other?: boolean; values: number[] }>;
}

export interface SankeyResult {
  nodes: Array<{ dimension: string; value: DimensionValue }>;
  links: Array<{ source: number; target: number; value: number }>;
}

export interface Conversation {
  addressA: string | null;
  portA?: number;
  addressB: string | null;
  portB?: number;
  packets: number;
  bytes: number;
  packetsAToB: number;
  bytesAToB: number;
  packetsBToA: number;
  bytesBToA: number;
  flows: number;
  startMs: number;
  durationSeconds: number;
}

export interface Endpoint {
  address: string | null;
  packets: number;
  bytes: number;
  txPackets?: number;
  txBytes?: number;
  rxPackets?: number;
  rxBytes?: number;
  flows?: number;
}

export interface FlowQueryBase {
  fromMs: number;
  toMs: number;
  filter?: string;
}

export type FilterCheck = { ok: true } | { ok: false; error: string; column: number };

type LooseCall = (method: string, params: unknown) => Promise<unknown>;
const call = <T>(method: string, params: unknown) => (api.call as unknown as LooseCall)(method, params) as Promise<T>;

export const flowsApi = {
  topN: (q: FlowQueryBase & { groupBy: string[]; top: number; metric: FlowMetric }) => call<TopNResult>('flows.topN', q),
  timeSeries: (q: FlowQueryBase & { groupBy: string[]; top: number; metric: FlowMetric; stepSeconds: number }) => call<TimeSeriesResult>('flows.timeSeries', q),
  sankey: (q: FlowQueryBase & { dimensions: string[]; top: number; metric: FlowMetric }) => call<SankeyResult>('flows.sankey', q),
  conversations: (q: FlowQueryBase & { layer: 'ip' | 'tcp' | 'udp'; limit: number }) => call<Conversation[]>('flows.conversations', q),
  endpoints: (q: FlowQueryBase & { limit: number }) => call<Endpoint[]>('flows.endpoints', q),
  checkFilter: (filter: string) => call<FilterCheck>('flows.checkFilter', { filter }),
};

/** Value of a volume in the metric the engineer picked, per second over `seconds` for rates. */
export function metricValue(v: Volume, metric: 'bps' | 'pps' | 'flows', seconds: number): number {
  if (metric === 'bps') return (v.bytes * 8) / seconds;
  if (metric === 'pps') return v.packets / seconds;
  return v.flows;
}

export function keyText(key: Record<string, DimensionValue>, dims: readonly string[]): string {
  return dims.map((d) => (key[d] === null || key[d] === undefined ? '—' : String(key[d]))).join(' · ');
}
