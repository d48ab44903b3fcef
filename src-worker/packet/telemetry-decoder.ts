// The capture importer's telemetry handler: NetFlow/IPFIX/sFlow datagrams found in a capture go
// through the same FlowDecoder the live collector uses (templates learnt in capture order, the
// capture timestamp as time_received), and their rows are emitted in FlowBatches. It also learns
// each exporter's interfaces (ifIndex seen in records, names from options data) so exporters in
// a capture become devices with interfaces.
import { formatAddress } from '../flow/address.js';
import type { DecodeCountersSnapshot } from '../flow/decode-stats.js';
import type { FlowDecoderConfig } from '../flow/decoder-state.js';
import { type Exporter, exporterFromText } from '../flow/exporter.js';
import { FlowBatchBuilder } from '../flow/flow-batch-builder.js';
import { FlowDecoder } from '../flow/flow-decoder.js';
import type { FlowBatch } from '../flow/record.js';
import type { ExporterInterfaceSummary as ExporterInterface, TelemetryHandler } from './capture-import.js';
import type { TelemetryKind } from './telemetry-sniff.js';

export interface TelemetryDecoderReport {
  decode: DecodeCountersSnapshot;
}

const MAX_INTERFACES_PER_EXPORTER = 65536;

export class TelemetryDecoder implements TelemetryHandler {
  private readonly decoder: FlowDecoder;
  private readonly builder: FlowBatchBuilder;
  private readonly exporters = new Map<string, Exporter>();
  private readonly interfaces = new Map<string, Map<number, ExporterInterface>>();

  constructor(
    private readonly onFlows: (batch: FlowBatch) => void,
    private readonly batchRows = 8192,
    config: Partial<FlowDecoderConfig> = {},
  ) {
    this.decoder = new FlowDecoder(config);
    this.builder = new FlowBatchBuilder(batchRows);
  }

  handle(payload: Uint8Array, address: Uint8Array, port: number, timestampUs: number, _kind: TelemetryKind): number {
    const exporter = this.exporterFor(address, port);
    const before = this.builder.length;
    const rows = this.decoder.decode(payload, exporter, timestampUs, this.builder);
    if (rows > 0) this.noteInterfaces(exporter.key, this.builder.batch, before, this.builder.length);
    if (this.builder.length >= this.batchRows) this.emit();
    return rows;
  }

  finish(): void {
    this.decoder.flushPending();
    this.emit();
  }

  exporterInterfaces(): Map<string, ExporterInterface[]> {
    const named = new Map(this.decoder.inventory().map((e) => [e.exporter, e.interfaces]));
    const out = new Map<string, ExporterInterface[]>();
    for (const key of new Set([...this.interfaces.keys(), ...named.keys()])) {
      const seen = this.interfaces.get(key) ?? new Map<number, ExporterInterface>();
      for (const info of named.get(key) ?? []) {
        const entry = seen.get(info.ifIndex) ?? { ifIndex: info.ifIndex, flowsIn: 0, flowsOut: 0 };
        seen.set(info.ifIndex, { ...entry, ...info, flowsIn: entry.flowsIn, flowsOut: entry.flowsOut });
      }
      out.set(key, [...seen.values()].sort((a, b) => a.ifIndex - b.ifIndex));
    }
    return out;
  }

  report(): TelemetryDecoderReport {
    return { decode: this.decoder.stats() };
  }

  private emit(): void {
    if (this.builder.length === 0) return;
    this.onFlows(this.builder.take());
  }

  private exporterFor(address: Uint8Array, port: number): Exporter {
    const text = formatAddress(address);
    const key = `${text}|${port}`;
    let exporter = this.exporters.get(key);
    if (!exporter) {
      exporter = exporterFromText(text, port);
      this.exporters.set(key, exporter);
    }
    return exporter;
  }

  private noteInterfaces(key: string, batch: FlowBatch, from: number, to: number): void {
    let seen = this.interfaces.get(key);
    if (!seen) {
      seen = new Map();
      this.interfaces.set(key, seen);
    }
    for (let r = from; r < to; r++) {
      const inIf = batch.in_if[r]!;
      const outIf = batch.out_if[r]!;
      if (!Number.isNaN(inIf)) this.bump(seen, inIf, true);
      if (!Number.isNaN(outIf)) this.bump(seen, outIf, false);
    }
  }

  private bump(seen: Map<number, ExporterInterface>, ifIndex: number, input: boolean): void {
    let entry = seen.get(ifIndex);
    if (!entry) {
      if (seen.size >= MAX_INTERFACES_PER_EXPORTER) return;
      entry = { ifIndex, flowsIn: 0, flowsOut: 0 };
      seen.set(ifIndex, entry);
    }
    if (input) entry.flowsIn++;
    else entry.flowsOut++;
  }
}
