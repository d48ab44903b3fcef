// Imports capture files: reads each (pcap/pcapng, gzip or not) in chunks, parses every packet,
// hands UDP datagrams carrying NetFlow/IPFIX/sFlow to a telemetry handler (templates in capture
// order) and assembles everything else into flows, reporting progress and honouring a stop
// request between chunks. Pure engine code: callers decide where flows and telemetry go.
import { formatAddress } from '../flow/address.js';
import { readCaptureFile } from './capture-file.js';
import type { CaptureReader } from './capture-reader.js';
import { type FlowBatchCallback, FlowCache, type FlowCacheConfig } from './flow-cache.js';
import { IPPROTO_UDP, PACKET_STATUS_NAMES, PacketStatus, ParsedPacket, parsePacket } from './headers.js';
import type {
  CaptureFileSummary, CaptureImportProgress, CaptureImportSummary, ExporterInterfaceSummary, TelemetryExporterSummary,
} from './import-summary.js';
import { DEFAULT_TELEMETRY_PORTS, type TelemetryKind, telemetryClassifier } from './telemetry-sniff.js';

export type { CaptureFileSummary, CaptureImportProgress, CaptureImportSummary, ExporterInterfaceSummary, TelemetryExporterSummary };

/** Receives telemetry datagrams; `payload` is only valid during the call. */
export interface TelemetryHandler {
  /** Decodes one datagram; returns the flow records it produced. */
  handle(payload: Uint8Array, exporter: Uint8Array, exporterPort: number, timestampUs: number, kind: TelemetryKind): number;
  /** End of import: flush what is buffered. */
  finish(): void;
  /** Interfaces each exporter ("addr:port") reported in its records or options data. */
  exporterInterfaces?(): Map<string, ExporterInterfaceSummary[]>;
  /** Decoder counters for the summary. */
  report?(): unknown;
}

export interface CaptureImportOptions {
  flowCache?: Partial<FlowCacheConfig>;
  /** Collector ports whose UDP payloads are telemetry when the version field matches. */
  telemetryPorts?: readonly number[];
  /** Recognise telemetry on other ports by its exact structure (default true). */
  sniffTelemetry?: boolean;
  /** Follow tunnels to their inner flows (default true). */
  decapsulate?: boolean;
  chunkSize?: number;
  /** Minimum wall-clock ms between progress reports (default 250). */
  progressIntervalMs?: number;
  onFlows: FlowBatchCallback;
  telemetry?: TelemetryHandler;
  onProgress?: (progress: CaptureImportProgress) => void;
  shouldStop?: () => boolean;
  /** Lets the event loop run between chunks (cancel messages arrive); default true. */
  yieldBetweenChunks?: boolean;
}

const MAX_MESSAGES = 50;

export class CaptureImporter {
  private readonly parsed: ParsedPacket;
  private readonly cache: FlowCache;
  private readonly classifier;
  private readonly statusCounts = new Float64Array(PACKET_STATUS_NAMES.length);
  private readonly etherTypes = new Map<number, number>();
  private readonly exporters = new Map<string, TelemetryExporterSummary>();
  private readonly telemetryCounts = { datagrams: 0, records: 0, truncated: 0, byProtocol: {} as Partial<Record<TelemetryKind, number>> };
  private readonly files: CaptureFileSummary[] = [];
  private readonly fileErrors: Record<string, number> = {};
  private readonly messages: string[] = [];
  private packets = 0;
  private bytes = 0;
  private first = Infinity;
  private last = -Infinity;
  private cancelled = false;
  private readonly started = Date.now();

  constructor(private readonly options: CaptureImportOptions) {
    this.parsed = new ParsedPacket({ decapsulate: options.decapsulate ?? true });
    this.cache = new FlowCache(options.onFlows, options.flowCache);
    this.classifier = telemetryClassifier(options.telemetryPorts ?? DEFAULT_TELEMETRY_PORTS, options.sniffTelemetry ?? true);
  }

  /** Imports the files in order into one flow cache (a capture split into several files stays whole). */
  async run(paths: readonly string[], fileSizes?: readonly number[]): Promise<CaptureImportSummary> {
    const totalBytes = fileSizes ? fileSizes.reduce((a, b) => a + b, 0) : 0;
    let doneBytes = 0;
    let lastReport = 0;
    const interval = this.options.progressIntervalMs ?? 250;
    for (const path of paths) {
      if (this.stopRequested()) break;
      const onPacket = this.onPacket;
      let fileSize = 0;
      try {
        const result = await readCaptureFile(path, onPacket, {
          chunkSize: this.options.chunkSize,
          shouldStop: () => this.stopRequested(),
          onChunk: async (read, size, reader) => {
            fileSize = size;
            const now = Date.now();
            if (this.options.onProgress && now - lastReport >= interval) {
              lastReport = now;
              this.options.onProgress(this.progress(path, doneBytes + read, totalBytes || size, reader));
            }
            if (this.options.yieldBetweenChunks ?? true) await new Promise<void>((r) => setImmediate(r));
          },
        });
        fileSize = result.fileSize;
        this.recordFile(path, result.reader, result.compressed, result.fileSize);
        if (result.stopped) this.cancelled = true;
      } catch (err) {
        this.files.push({ path, format: null, compressed: false, fileBytes: fileSize, packets: 0, interfaces: [], truncated: null, error: (err as Error).message });
        this.fileErrors['not-a-capture'] = (this.fileErrors['not-a-capture'] ?? 0) + 1;
        this.message((err as Error).message);
        if (paths.length === 1) throw err;
      }
      doneBytes += fileSize;
    }
    this.cache.flush();
    this.options.telemetry?.finish();
    const summary = this.summary();
    // A cancelled import's last progress stays where it stopped (the outcome says "cancelled at N %").
    if (!this.cancelled) this.options.onProgress?.({ ...this.progress(paths.at(-1) ?? '', doneBytes, totalBytes || doneBytes, null), fraction: 1, percent: 100, etaSeconds: 0 });
    return summary;
  }

  private stopRequested(): boolean {
    if (!this.cancelled && this.options.shouldStop?.()) this.cancelled = true;
    return this.cancelled;
  }

  /** The per-packet hot path. */
  private readonly onPacket = (data: Uint8Array, offset: number, caplen: number, origlen: number, ts: number, link: number, _iface: number): void => {
    this.packets++;
    this.bytes += origlen;
    if (ts < this.first) this.first = ts;
    if (ts > this.last) this.last = ts;
    const p = this.parsed;
    const status = parsePacket(data, offset, caplen, link, p);
    if (status !== PacketStatus.ok) {
      this.statusCounts[status]!++;
      if (status === PacketStatus.notIp) this.etherTypes.set(p.etherType, (this.etherTypes.get(p.etherType) ?? 0) + 1);
      return;
    }
    this.statusCounts[0]!++;
    if (p.protocol === IPPROTO_UDP && p.hasPorts && p.payloadLength > 0 && !p.fragment && this.options.telemetry) {
      const kind = this.classifier.classify(data, p.payloadOffset, p.payloadLength, p.dstPort);
      if (kind !== null) {
        this.onTelemetry(data, kind, ts);
        return;
      }
    }
    this.cache.add(p, ts, origlen);
  };

  private onTelemetry(data: Uint8Array, kind: TelemetryKind, ts: number): void {
    const p = this.parsed;
    const t = this.telemetryCounts;
    t.datagrams++;
    t.byProtocol[kind] = (t.byProtocol[kind] ?? 0) + 1;
    const address = formatAddress(p.src);
    const key = address.includes(':') ? `[${address}]:${p.srcPort}` : `${address}:${p.srcPort}`;
    let exporter = this.exporters.get(key);
    if (!exporter) {
      exporter = { exporter: key, address, port: p.srcPort, protocols: [], datagrams: 0, records: 0, firstSeenUs: ts, lastSeenUs: ts, interfaces: [] };
      this.exporters.set(key, exporter);
    }
    exporter.datagrams++;
    if (!exporter.protocols.includes(kind)) exporter.protocols.push(kind);
    if (ts < exporter.firstSeenUs) exporter.firstSeenUs = ts;
    if (ts > exporter.lastSeenUs) exporter.lastSeenUs = ts;
    if (p.captureTruncated) {
      // Snapped by the capture's snap length: decoding a cut datagram would invent errors.
      t.truncated++;
      this.fileErrors['telemetry-truncated'] = (this.fileErrors['telemetry-truncated'] ?? 0) + 1;
      return;
    }
    const payload = data.subarray(p.payloadOffset, p.payloadOffset + p.payloadLength);
    const records = this.options.telemetry!.handle(payload, p.src, p.srcPort, ts, kind);
    t.records += records;
    exporter.records += records;
  }

  private recordFile(path: string, reader: CaptureReader, compressed: boolean, fileBytes: number): void {
    this.files.push({
      path, format: reader.stats.format, compressed, fileBytes, packets: reader.stats.packets,
      interfaces: reader.interfaces.map((i) => ({ id: i.id, linkType: i.linkType, name: i.name, packets: i.packets })),
      truncated: reader.truncated, error: reader.error,
    });
    if (reader.truncated) {
      this.fileErrors['truncated-file'] = (this.fileErrors['truncated-file'] ?? 0) + 1;
      this.message(reader.truncated);
    }
    if (reader.error) {
      this.fileErrors['corrupt-file'] = (this.fileErrors['corrupt-file'] ?? 0) + 1;
      this.message(reader.error);
    }
    if (reader.stats.unknownInterface) {
      this.fileErrors['unknown-interface'] = (this.fileErrors['unknown-interface'] ?? 0) + reader.stats.unknownInterface;
    }
    if (reader.stats.badLengths) this.fileErrors['bad-record-length'] = (this.fileErrors['bad-record-length'] ?? 0) + reader.stats.badLengths;
  }

  private message(text: string): void {
    if (this.messages.length < MAX_MESSAGES) this.messages.push(text);
  }

  private progress(path: string, bytes: number, totalBytes: number, _reader: CaptureReader | null): CaptureImportProgress {
    const seconds = Math.max(1e-3, (Date.now() - this.started) / 1000);
    const fraction = totalBytes > 0 ? Math.min(1, bytes / totalBytes) : 0;
    const bytesPerSecond = bytes / seconds;
    const etaSeconds = bytesPerSecond > 0 && totalBytes > 0 ? Math.max(0, (totalBytes - bytes) / bytesPerSecond) : null;
    const packetsPerSecond = this.packets / seconds;
    return {
      fraction,
      percent: Math.round(fraction * 1000) / 10,
      message: `${path.split('/').pop()}: ${formatBytes(bytes)} of ${formatBytes(totalBytes)}, ${this.packets.toLocaleString('en-US')} packets, ${(packetsPerSecond / 1e6).toFixed(2)} M pkt/s${etaSeconds === null ? '' : `, ETA ${Math.ceil(etaSeconds)} s`}`,
      file: path,
      bytes,
      totalBytes,
      packets: this.packets,
      packetsPerSecond: Math.round(packetsPerSecond),
      bytesPerSecond: Math.round(bytesPerSecond),
      etaSeconds: etaSeconds === null ? null : Math.round(etaSeconds * 10) / 10,
    };
  }

  summary(): CaptureImportSummary {
    const s = this.cache.stats;
    const errors: Record<string, number> = {};
    for (let i = 2; i < this.statusCounts.length; i++) if (this.statusCounts[i]) errors[PACKET_STATUS_NAMES[i]!] = this.statusCounts[i]!;
    Object.assign(errors, this.fileErrors);
    const nonIpByEtherType: Record<string, number> = {};
    for (const [type, n] of [...this.etherTypes].sort((a, b) => b[1] - a[1])) {
      nonIpByEtherType[type < 0 ? 'other' : `0x${type.toString(16).padStart(4, '0')}`] = n;
    }
    const interfaces = this.options.telemetry?.exporterInterfaces?.();
    const exporters = [...this.exporters.values()].map((e) => ({ ...e, interfaces: interfaces?.get(e.exporter) ?? e.interfaces }));
    const elapsedMs = Date.now() - this.started;
    const c = this.cache.config;
    return {
      files: this.files,
      packets: this.packets,
      bytes: this.bytes,
      ipPackets: this.statusCounts[0]!,
      nonIpPackets: this.statusCounts[PacketStatus.notIp]!,
      nonIpByEtherType,
      flows: {
        rows: s.rowsExported, conversations: s.conversationsExported, created: s.flowsCreated, evictions: s.evictions,
        idleExpired: s.idleExpired, activeExpired: s.activeExpired, tcpEnded: s.tcpEnded,
        fragmentsAttributed: s.fragmentsAttributed, fragmentsUnattributed: s.fragmentsUnattributed, outOfOrder: s.outOfOrder,
      },
      telemetry: { ...this.telemetryCounts, byProtocol: { ...this.telemetryCounts.byProtocol }, decoder: this.options.telemetry?.report?.() ?? null },
      errors,
      messages: this.messages,
      timeSpan: this.packets > 0 ? { firstUs: this.first, lastUs: this.last, seconds: (this.last - this.first) / 1e6 } : null,
      exporters,
      cancelled: this.cancelled,
      elapsedMs,
      packetsPerSecond: Math.round(this.packets / Math.max(1e-3, elapsedMs / 1000)),
      config: {
        activeTimeoutS: c.activeTimeoutUs / 1e6, idleTimeoutS: c.idleTimeoutUs / 1e6, tcpEndTimeoutS: c.tcpEndTimeoutUs / 1e6,
        maxFlows: c.maxFlows, byteCount: c.byteCount,
      },
    };
  }
}

function formatBytes(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)} GB`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)} MB`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)} kB`;
  return `${n} B`;
}
