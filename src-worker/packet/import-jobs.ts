// The `capture.import` job: imports pcap/pcapng files (gzip too) in the worker, streaming flow
// batches to the host as they are produced (assembled traffic and decoded telemetry), with
// progress and cancel. Cancel stops between chunks, flushes the flows in progress and returns
// the summary marked `cancelled`, so everything read up to then is kept.
import { stat } from 'node:fs/promises';
import { type FlowBatch, flowBatchBuffers } from '../flow/record.js';
import type { JobHandler } from '../jobs/job.js';
import type { SamplingRuleSpec } from '../flow/sampling-policy.js';
import { CaptureImporter, type CaptureImportSummary } from './capture-import.js';
import type { FlowCacheConfig, FlowLinks } from './flow-cache.js';
import { TelemetryDecoder } from './telemetry-decoder.js';

export interface CaptureImportParams {
  paths: string[];
  /** Flow assembly settings in seconds (defaults: active 1800, idle 15, TCP end 2, max flows 262144, bytes 'ip'). */
  flowCache?: {
    activeTimeoutS?: number;
    idleTimeoutS?: number;
    tcpEndTimeoutS?: number;
    maxFlows?: number;
    byteCount?: 'ip' | 'frame';
  };
  /** Rows per emitted batch (default 8192). */
  batchRows?: number;
  telemetryPorts?: number[];
  sniffTelemetry?: boolean;
  decapsulate?: boolean;
  /** Bytes read per step (default 1 MiB); cancel and progress happen between steps. */
  chunkSize?: number;
  /** Sampling-rate rules for telemetry decoded from the captures (the host's settings). */
  samplingRules?: SamplingRuleSpec[];
}

/** A streamed chunk: flows assembled from raw traffic (with biflow links) or decoded from telemetry. */
export interface CaptureImportChunk {
  kind: 'flows';
  origin: 'assembled' | 'telemetry';
  batch: FlowBatch;
  links: FlowLinks | null;
}

export function flowCacheConfigFrom(params: CaptureImportParams['flowCache'] = {}, batchRows?: number): Partial<FlowCacheConfig> {
  const config: Partial<FlowCacheConfig> = {};
  if (params.activeTimeoutS !== undefined) config.activeTimeoutUs = params.activeTimeoutS * 1e6;
  if (params.idleTimeoutS !== undefined) config.idleTimeoutUs = params.idleTimeoutS * 1e6;
  if (params.tcpEndTimeoutS !== undefined) config.tcpEndTimeoutUs = params.tcpEndTimeoutS * 1e6;
  if (params.maxFlows !== undefined) config.maxFlows = params.maxFlows;
  if (params.byteCount !== undefined) config.byteCount = params.byteCount;
  if (batchRows !== undefined) config.batchSize = batchRows;
  return config;
}

const captureImport: JobHandler<CaptureImportParams, CaptureImportSummary> = async (params, ctx) => {
  if (!Array.isArray(params.paths) || params.paths.length === 0) throw new Error('capture: no capture files given');
  const sizes: number[] = [];
  for (const path of params.paths) {
    try {
      sizes.push((await stat(path)).size);
    } catch (err) {
      sizes.push(0);
      if (params.paths.length === 1) throw new Error(`capture: cannot open ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  }
  const emitFlows = (batch: FlowBatch, links: FlowLinks | null, origin: CaptureImportChunk['origin']) => {
    const transfer = flowBatchBuffers(batch);
    if (links) transfer.push(links.conversation.buffer as ArrayBuffer, links.initiator.buffer as ArrayBuffer);
    const chunk: CaptureImportChunk = { kind: 'flows', origin, batch, links };
    ctx.emit(chunk, transfer);
  };
  const batchRows = params.batchRows ?? 8192;
  const importer = new CaptureImporter({
    flowCache: flowCacheConfigFrom(params.flowCache, batchRows),
    telemetryPorts: params.telemetryPorts,
    sniffTelemetry: params.sniffTelemetry,
    decapsulate: params.decapsulate,
    chunkSize: params.chunkSize,
    onFlows: (batch, links) => emitFlows(batch, links, 'assembled'),
    telemetry: new TelemetryDecoder((batch) => emitFlows(batch, null, 'telemetry'), batchRows, { samplingRules: params.samplingRules ?? [] }),
    onProgress: (progress) => ctx.progress(progress as unknown as Record<string, unknown>),
    shouldStop: () => ctx.cancelled(),
  });
  return importer.run(params.paths, sizes);
};

export const captureImportJobs = { 'capture.import': captureImport };
