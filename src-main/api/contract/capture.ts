// Capture area: import pcap/pcapng files (gzip too) — raw traffic assembled into flows (source
// 'pcap'), NetFlow/IPFIX/sFlow found in the capture decoded as telemetry — into the flow store.
// Progress arrives as `job.updated` for the job kind `capture.import`; cancel with `jobs.cancel`
// keeps what was imported. Types and schemas only.
import { z } from 'zod';
import type { CaptureImportSummary } from '../../../src-worker/packet/import-summary.js';
import { method } from './define.js';

export type { CaptureImportSummary };

export const captureImportInput = z
  .object({
    /** Capture files on the host, imported in order into one flow cache. */
    paths: z.array(z.string().min(1).max(4096)).min(1).max(10_000),
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
  .strict();

export interface CaptureImportResult extends CaptureImportSummary {
  jobId: string;
  /** Flow rows committed to the store (assembled and telemetry). */
  rowsStored: number;
  /** Exporters written as devices (with their interfaces). */
  devicesStored: number;
}

export const captureMethods = {
  'capture.import': method(captureImportInput).returns<CaptureImportResult>(),
};
