// The `flow.decode` job: decodes a list of NetFlow/IPFIX/sFlow datagrams in the worker (a
// collector offloading its decode, or an import of captured exports), streaming flow batches and
// sFlow interface counters to the host, with progress and cancel. Templates can be passed in
// (persisted by the store) and are returned updated, so the next job decodes at once.
import type { DecodeCountersSnapshot } from './decode-stats.js';
import type { FlowDecoderConfig } from './decoder-state.js';
import type { ExporterInfo } from './exporter-inventory.js';
import { exporterFromText, type Exporter } from './exporter.js';
import { FlowBatchBuilder } from './flow-batch-builder.js';
import { FlowDecoder } from './flow-decoder.js';
import type { InterfaceCounterBatch } from './interface-counters.js';
import { flowBatchBuffers, type FlowBatch } from './record.js';
import type { TemplateSnapshot } from './template.js';
import type { JobHandler } from '../jobs/job.js';

export interface FlowDatagram {
  payload: Uint8Array;
  /** Exporter (UDP source) address as text, and its source port. */
  exporter: string;
  port: number;
  /** µs since the epoch. */
  receivedUs: number;
}

export interface FlowDecodeParams {
  datagrams: FlowDatagram[];
  templates?: TemplateSnapshot[];
  config?: Partial<FlowDecoderConfig>;
  /** Rows per emitted batch (default 8192). */
  batchRows?: number;
  /** Count data still waiting for a template at the end as lost (default true). */
  flushPending?: boolean;
}

export type FlowDecodeChunk =
  | { kind: 'flows'; batch: FlowBatch }
  | { kind: 'interface-counters'; counters: InterfaceCounterBatch };

export interface FlowDecodeSummary {
  datagrams: number;
  rows: number;
  stats: DecodeCountersSnapshot;
  templates: TemplateSnapshot[];
  templatesRejected: string[];
  inventory: ExporterInfo[];
  cancelled: boolean;
}

const flowDecode: JobHandler<FlowDecodeParams, FlowDecodeSummary> = (params, ctx) => {
  if (!Array.isArray(params.datagrams)) throw new Error('flow: decode needs a list of datagrams');
  const decoder = new FlowDecoder(params.config ?? {});
  const rejected = params.templates ? decoder.importTemplates(params.templates).rejected : [];
  const batchRows = Math.max(64, params.batchRows ?? 8192);
  let out = new FlowBatchBuilder(batchRows);
  const exporters = new Map<string, Exporter>();
  let rows = 0;
  let cancelled = false;
  const flush = () => {
    if (out.length > 0) {
      const batch = out.take();
      ctx.emit({ kind: 'flows', batch } satisfies FlowDecodeChunk, flowBatchBuffers(batch));
    }
    const counters = decoder.takeInterfaceCounters();
    if (counters.length > 0) ctx.emit({ kind: 'interface-counters', counters } satisfies FlowDecodeChunk);
  };
  const total = params.datagrams.length;
  for (let i = 0; i < total; i++) {
    if ((i & 1023) === 0 && i > 0) {
      if (ctx.cancelled()) {
        cancelled = true;
        break;
      }
      ctx.progress({ fraction: i / total, message: `${i} of ${total} datagrams`, rows });
    }
    const d = params.datagrams[i]!;
    const key = `${d.exporter}|${d.port}`;
    let exporter = exporters.get(key);
    if (!exporter) {
      try {
        exporter = exporterFromText(d.exporter, d.port);
      } catch {
        throw new Error(`flow: datagram ${i + 1} has exporter "${d.exporter}", which is not an IP address`);
      }
      exporters.set(key, exporter);
    }
    rows += decoder.decode(d.payload, exporter, d.receivedUs, out);
    if (out.length >= batchRows) flush();
  }
  if (params.flushPending ?? true) decoder.flushPending();
  flush();
  out = new FlowBatchBuilder(16);
  return {
    datagrams: total, rows, stats: decoder.stats(), templates: decoder.exportTemplates(),
    templatesRejected: rejected, inventory: decoder.inventory(), cancelled,
  };
};

export const flowJobs = { 'flow.decode': flowDecode };
