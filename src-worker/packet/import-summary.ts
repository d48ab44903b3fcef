// What a capture import reports: progress while it runs and the summary at the end. Types only,
// no Node imports, so the API contract (and through it the renderer) can use them.
import type { TelemetryKind } from './telemetry-sniff.js';

export interface ExporterInterfaceSummary {
  ifIndex: number;
  name?: string;
  description?: string;
  speed?: number;
  flowsIn: number;
  flowsOut: number;
}

export interface CaptureImportProgress {
  fraction: number;
  message: string;
  file: string;
  bytes: number;
  totalBytes: number;
  packets: number;
  percent: number;
  packetsPerSecond: number;
  bytesPerSecond: number;
  etaSeconds: number | null;
}

export interface CaptureFileSummary {
  path: string;
  format: string | null;
  compressed: boolean;
  fileBytes: number;
  packets: number;
  interfaces: Array<{ id: number; linkType: number; name: string | null; packets: number }>;
  truncated: string | null;
  error: string | null;
}

export interface TelemetryExporterSummary {
  exporter: string;
  address: string;
  port: number;
  protocols: TelemetryKind[];
  datagrams: number;
  records: number;
  firstSeenUs: number;
  lastSeenUs: number;
  /** The exporter as a device: its interfaces, from the records' in_if/out_if and options data. */
  interfaces: ExporterInterfaceSummary[];
}

export interface CaptureImportSummary {
  files: CaptureFileSummary[];
  packets: number;
  bytes: number;
  ipPackets: number;
  nonIpPackets: number;
  /** Non-IP packets by EtherType (hex) or "other". */
  nonIpByEtherType: Record<string, number>;
  flows: {
    rows: number;
    conversations: number;
    created: number;
    evictions: number;
    idleExpired: number;
    activeExpired: number;
    tcpEnded: number;
    fragmentsAttributed: number;
    fragmentsUnattributed: number;
    outOfOrder: number;
  };
  telemetry: { datagrams: number; records: number; byProtocol: Partial<Record<TelemetryKind, number>>; truncated: number; decoder: unknown };
  /** Malformed packets and file problems by kind (packet status names, 'truncated-file', 'corrupt-file'). */
  errors: Record<string, number>;
  /** Worded problems (truncation, corruption), at most 50. */
  messages: string[];
  timeSpan: { firstUs: number; lastUs: number; seconds: number } | null;
  exporters: TelemetryExporterSummary[];
  cancelled: boolean;
  elapsedMs: number;
  packetsPerSecond: number;
  config: { activeTimeoutS: number; idleTimeoutS: number; tcpEndTimeoutS: number; maxFlows: number; byteCount: 'ip' | 'frame' };
}
