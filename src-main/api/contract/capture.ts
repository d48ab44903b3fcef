// Capture area: import pcap/pcapng files (gzip too) — raw traffic assembled into flows (source
// 'pcap'), NetFlow/IPFIX/sFlow found in the capture decoded as telemetry — into the flow store.
// Progress arrives as `job.updated` for the job kind `capture.import`; cancel with `jobs.cancel`
// keeps what was imported and the import is recorded as cancelled, saying what was stored.
// Files are paths on the host, or uploads: a browser sends a file's bytes in chunks
// (capture.uploadBegin/uploadChunk/uploadCancel) and imports it by its upload id.
// Types and schemas only.
import { z } from 'zod';
import type { CaptureImportSummary } from '../../../src-worker/packet/import-summary.js';
import { method } from './define.js';

export type { CaptureImportSummary };

export const captureImportInput = z
  .object({
    /** Capture files on the host, imported in order into one flow cache. */
    paths: z.array(z.string().min(1).max(4096)).max(10_000).optional(),
    /** Completed uploads (capture.uploadBegin …), imported after `paths`; their files are deleted after the import. */
    uploads: z.array(z.string().min(1).max(64)).max(64).optional(),
    /** Flow assembly (seconds): defaults active 1800, idle 15, TCP end 2; max flows 262144. */
    activeTimeoutS: z.number().min(1).max(604_800).optional(),
    idleTimeoutS: z.number().min(0.001).max(86_400).optional(),
    tcpEndTimeoutS: z.number().min(0).max(3600).optional(),
    maxFlows: z.number().int().min(16).max(16_000_000).optional(),
    /** 'ip' (default): IP length as routers count; 'frame': link-layer frame length as Wireshark counts. */
    byteCount: z.enum(['ip', 'frame']).optional(),
    /** Follow VXLAN/GENEVE/GRE/IP-in-IP/MPLS tunnels to the inner flows (default true). */
    decapsulate: z.boolean().optional(),
    /** UDP ports whose payloads are telemetry (default 2055, 9995, 9996, 4739, 6343). */
    telemetryPorts: z.array(z.number().int().min(0).max(65535)).max(64).optional(),
    /** Also recognise telemetry on other ports by its exact structure (default true). */
    sniffTelemetry: z.boolean().optional(),
  })
  .strict()
  .refine((p) => (p.paths?.length ?? 0) + (p.uploads?.length ?? 0) > 0, { message: 'give at least one capture: paths on the host or upload ids', path: ['paths'] });

/** How an import ended: failures are errors, not results; a cancelled one keeps what it stored. */
export type CaptureImportState = 'succeeded' | 'failed' | 'cancelled';

export interface CaptureImportResult extends CaptureImportSummary {
  jobId: string;
  state: Exclude<CaptureImportState, 'failed'>;
  /** In words: what was imported and stored (for a cancel: up to where, and what was kept). */
  outcome: string;
  /** Flow rows committed to the store (assembled and telemetry). */
  rowsStored: number;
  /** Exporters written as devices (with their interfaces). */
  devicesStored: number;
}

/** One earlier import, as recorded in the history. */
export interface CaptureHistoryEntry {
  jobId: string;
  /** File names (uploads) or host paths. */
  files: string[];
  state: CaptureImportState;
  startedAt: string;
  finishedAt: string | null;
  packets: number;
  rowsStored: number;
  timeSpan: { firstUs: number; lastUs: number } | null;
  outcome: string;
  summary: { errors: Record<string, number>; telemetryRecords: number; exporters: string[]; flows: number } | null;
}

const uploadId = z.string().min(1).max(64);
/** Base64 of at most 4 MiB per chunk (the WebSocket frame limit is 16 MiB). */
const MAX_CHUNK_BASE64 = Math.ceil((4 * 1024 * 1024) / 3) * 4;

export const captureMethods = {
  /** Imports and waits for the outcome. */
  'capture.import': method(captureImportInput).returns<CaptureImportResult>(),
  /** Starts an import and returns its job id at once (progress and cancel by that id); capture.result waits for it. */
  'capture.start': method(captureImportInput).returns<{ jobId: string }>(),
  'capture.result': method(z.object({ jobId: z.string().min(1).max(64) }).strict()).returns<CaptureImportResult>(),
  'capture.history': method(z.object({ limit: z.number().int().min(1).max(1000).default(50) }).strict()).returns<CaptureHistoryEntry[]>(),
  /** Announces an upload: refused with a clear message over the size limit or the free disk space. */
  'capture.uploadBegin': method(z.object({ name: z.string().min(1).max(255), size: z.number().int().min(0).max(2 ** 50) }).strict()).returns<{ uploadId: string; chunkBytes: number; maxBytes: number }>(),
  /** One chunk, in order (offset = bytes sent so far), base64. */
  'capture.uploadChunk': method(z.object({ uploadId, offset: z.number().int().min(0), data: z.string().max(MAX_CHUNK_BASE64).regex(/^[A-Za-z0-9+/]*={0,2}$/) }).strict()).returns<{ received: number; complete: boolean }>(),
  /** Stops an upload and deletes its partial file. */
  'capture.uploadCancel': method(z.object({ uploadId }).strict()).returns<{ cancelled: boolean }>(),
};
