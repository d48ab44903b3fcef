// Collector area: start/stop the live UDP collector with its listeners, its status (rates,
// queue, drops by reason, store state), and the exporter inventory with per-exporter statistics.
import { z } from 'zod';
import { event, method } from './define.js';

const ports = z.array(z.number().int().min(0).max(65535)).max(16);

export type CollectorDropReason = 'queue_full' | 'store_error' | 'shutdown';

export interface CollectorListener { protocol: 'netflow' | 'ipfix' | 'sflow'; port: number; bind: string; sockets: number; receiveBufferBytes: number; error?: string }

export interface CollectorState {
  running: boolean;
  startedAt: string | null;
  listeners: CollectorListener[];
  packets: number;
  bytes: number;
  rowsDecoded: number;
  rowsStored: number;
  rowsQueued: number;
  rowsDropped: Record<CollectorDropReason, number>;
  kernelDrops: number | null;
  store: { kind: string; state: 'ok' | 'retrying'; errors: number; lastError?: string; retryInMs?: number };
  decode: { packets: number; records: number; templates: number; lostPackets: number; lostFlows: number; errors: Record<string, number>; recentErrors: string[] };
}

export interface CollectorExporter {
  exporter: string;
  address: string;
  protocols: string[];
  packets: number;
  bytes: number;
  records: number;
  decodeErrors: Record<string, number | undefined>;
  templateMisses: number;
  lostPackets: number;
  lostFlows: number;
  firstSeenMs: number;
  lastSeenMs: number;
  lastError?: string;
  interfaces: Array<{ ifIndex: number; name?: string; description?: string; speed?: number }>;
  samplingRates: number[];
  /** NetFlow v9 / IPFIX templates known for this exporter (observation domain / source id, options or data). */
  templates: CollectorTemplate[];
  /** Templates that data sets from this exporter are waiting for (sets parked until the template arrives). */
  missingTemplates: Array<{ version: number; domain: number; templateId: number; sets: number; waitingSinceMs: number }>;
}

export interface CollectorTemplate { version: 9 | 10; domain: number; templateId: number; options: boolean; fields: number; scopeFields: number; receivedMs: number }

export interface StoredDevice { address: string; protocols: string | null; lastSeen: string | null; interfaces: number }

export const collectorMethods = {
  'collector.status': method(z.object({}).strict()).returns<CollectorState>(),
  'collector.start': method(z.object({
    netflow: ports.optional(), ipfix: ports.optional(), sflow: ports.optional(),
    bind: z.array(z.string().min(2).max(64).regex(/^[0-9a-fA-F:.]+$/)).min(1).max(8).optional(),
  }).strict()).returns<CollectorState>(),
  'collector.stop': method(z.object({}).strict()).returns<CollectorState>(),
  /** Live per-exporter statistics, every device the store knows, and each exporter's counters as last saved (any run). */
  'collector.exporters': method(z.object({}).strict()).returns<{ live: CollectorExporter[]; stored: StoredDevice[]; saved: Array<Omit<CollectorExporter, 'interfaces' | 'samplingRates' | 'templates' | 'missingTemplates'>> }>(),
};

export const collectorEvents = {
  /** Once a second while the collector runs. */
  'collector.status': event<CollectorState>(),
};
