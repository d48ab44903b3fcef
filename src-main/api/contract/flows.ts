// Flows area: queries over stored flows (top-N with Other, time series, sankey, conversations,
// endpoints), filter checking for the filter bar, and running rollups/retention now.
// Times are epoch milliseconds; volumes are multiplied by each flow's sampling rate.
import { z } from 'zod';
import { method } from './define.js';

export const FLOW_DIMENSION_NAMES = [
  'src_addr', 'dst_addr', 'exporter', 'next_hop', 'src_port', 'dst_port', 'protocol', 'in_if', 'out_if', 'direction',
  'tcp_flags', 'tos', 'vlan', 'src_as', 'dst_as', 'source', 'sampling_rate',
] as const;

const MAX_MS = 8.64e15;
const range = {
  fromMs: z.number().min(0).max(MAX_MS),
  toMs: z.number().min(0).max(MAX_MS),
  filter: z.string().max(8192).optional(),
};
const dimension = z.enum(FLOW_DIMENSION_NAMES);
const metric = z.enum(['bytes', 'packets', 'flows']).default('bytes');

export type FlowDimensionValue = string | number | null;
export interface FlowVolume { bytes: number; packets: number; flows: number }
export interface FlowTopNRow extends FlowVolume { key: Record<string, FlowDimensionValue>; other?: boolean }
export interface FlowTopNResult { rows: FlowTopNRow[]; total: FlowVolume; table: string }
export interface FlowTimeSeriesResult {
  stepSeconds: number;
  times: number[];
  series: Array<{ key: Record<string, FlowDimensionValue>; other?: boolean; values: number[] }>;
  table: string;
}
export interface FlowSankeyResult {
  nodes: Array<{ dimension: string; value: FlowDimensionValue }>;
  links: Array<{ source: number; target: number; value: number }>;
}
export interface FlowConversation {
  addressA: string | null; portA?: number; addressB: string | null; portB?: number;
  packets: number; bytes: number; packetsAToB: number; bytesAToB: number; packetsBToA: number; bytesBToA: number;
  flows: number; startMs: number; durationSeconds: number;
}
export interface FlowEndpoint {
  address: string | null; packets: number; bytes: number; txPackets: number; txBytes: number; rxPackets: number; rxBytes: number; flows: number;
}
export type FilterCheck = { ok: true } | { ok: false; error: string; column: number };

export const flowsMethods = {
  'flows.topN': method(z.object({ ...range, groupBy: z.array(dimension).max(4).default([]), top: z.number().int().min(1).max(1000).default(10), metric }).strict()).returns<FlowTopNResult>(),
  'flows.timeSeries': method(z.object({
    ...range, groupBy: z.array(dimension).max(3).default([]), top: z.number().int().min(1).max(50).default(10), metric,
    stepSeconds: z.number().int().min(1).max(86400 * 7).optional(),
  }).strict()).returns<FlowTimeSeriesResult>(),
  'flows.sankey': method(z.object({ ...range, dimensions: z.array(dimension).min(2).max(4), top: z.number().int().min(1).max(500).default(20), metric }).strict()).returns<FlowSankeyResult>(),
  'flows.conversations': method(z.object({ ...range, layer: z.enum(['ip', 'tcp', 'udp']).default('ip'), limit: z.number().int().min(1).max(100_000).default(100) }).strict()).returns<FlowConversation[]>(),
  'flows.endpoints': method(z.object({ ...range, limit: z.number().int().min(1).max(100_000).default(100) }).strict()).returns<FlowEndpoint[]>(),
  'flows.checkFilter': method(z.object({ filter: z.string().max(8192) }).strict()).returns<FilterCheck>(),
  /** Runs rollups and retention now (the collector also runs them every minute). */
  'flows.maintain': method(z.object({ rawDays: z.number().min(0.001).max(36500).optional(), rollupDays: z.number().min(0.001).max(36500).optional() }).strict())
    .returns<{ rolledUp: Record<string, number>; deletedRaw: number; deletedRollup: number }>(),
};
