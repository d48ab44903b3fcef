// The flow decoder a collector uses: one object per collector that takes UDP payloads from any
// exporter and dispatches on the version field to NetFlow v1/v5/v7, NetFlow v9, IPFIX or sFlow
// v5, appending flow rows to a FlowBatchBuilder and sFlow interface counters to their own
// builder. It never throws on input: every problem is a categorised counter (see stats()).
// Config has defaults; the constructor does no I/O.
import type { DecodeCountersSnapshot } from './decode-stats.js';
import { DecoderState, type FlowDecoderConfig } from './decoder-state.js';
import type { ExporterInfo } from './exporter-inventory.js';
import type { Exporter } from './exporter.js';
import type { FlowBatchBuilder } from './flow-batch-builder.js';
import { InterfaceCounterBuilder, type InterfaceCounterBatch } from './interface-counters.js';
import { decodeIpfix } from './ipfix.js';
import { decodeNetflowV5 } from './netflow-v5.js';
import { decodeNetflowV9 } from './netflow-v9.js';
import { decodeSflow } from './sflow.js';
import type { SamplingRuleSpec } from './sampling-policy.js';
import { inspectPacket, type PacketInspection } from './record-fields.js';
import type { TemplateCache } from './template-cache.js';
import type { TemplateSnapshot } from './template.js';
import { expireTemplateState } from './template-sets.js';

export type FlowProtocol = 'netflow1' | 'netflow5' | 'netflow7' | 'netflow9' | 'ipfix' | 'sflow';

/** Which protocol a UDP payload speaks, from its first bytes (null when none). */
export function detectFlowProtocol(packet: Uint8Array): FlowProtocol | null {
  if (packet.length < 4) return null;
  const v16 = (packet[0]! << 8) | packet[1]!;
  switch (v16) {
    case 1: return 'netflow1';
    case 5: return 'netflow5';
    case 7: return 'netflow7';
    case 9: return 'netflow9';
    case 10: return 'ipfix';
    case 0: return packet[2] === 0 && packet[3] === 5 ? 'sflow' : null;
    default: return null;
  }
}

const EXPIRE_EVERY_US = 1e6;

export class FlowDecoder {
  readonly state: DecoderState;
  readonly interfaceCounters = new InterfaceCounterBuilder();
  private lastExpireUs = 0;

  constructor(config: Partial<FlowDecoderConfig> = {}) {
    this.state = new DecoderState(config);
  }

  /**
   * Decodes one UDP payload from `exporter`, received at `receivedUs` (µs since the epoch; the
   * capture time on import). Returns the number of flow rows appended to `out`.
   */
  decode(packet: Uint8Array, exporter: Exporter, receivedUs: number, out: FlowBatchBuilder): number {
    const { stats } = this.state;
    const before = out.length;
    stats.packets++;
    if (receivedUs - this.lastExpireUs > EXPIRE_EVERY_US) {
      if (this.lastExpireUs !== 0) this.expire(receivedUs);
      this.lastExpireUs = receivedUs;
    }
    const protocol = detectFlowProtocol(packet);
    if (!protocol) {
      const v = packet.length >= 2 ? (packet[0]! << 8) | packet[1]! : -1;
      stats.error(packet.length < 4 ? 'truncated' : 'bad_version', `flow: packet from ${exporter.key} (${packet.length} bytes) is not NetFlow v1/v5/v7/v9, IPFIX or sFlow v5 (version field ${v})`);
      return 0;
    }
    this.state.inventory.seen(exporter.key, exporter.text, protocol, receivedUs);
    const dv = new DataView(packet.buffer, packet.byteOffset, packet.byteLength);
    try {
      switch (protocol) {
        case 'netflow1': case 'netflow5': case 'netflow7':
          decodeNetflowV5(packet, dv, exporter, receivedUs, out, this.state);
          break;
        case 'netflow9':
          decodeNetflowV9(packet, dv, exporter, receivedUs, out, this.state);
          break;
        case 'ipfix':
          decodeIpfix(packet, dv, exporter, receivedUs, out, this.state);
          break;
        case 'sflow':
          decodeSflow(packet, dv, exporter, receivedUs, out, this.interfaceCounters, this.state);
          break;
      }
    } catch (err) {
      stats.error('internal', `${protocol}: packet from ${exporter.key} could not be decoded: ${(err as Error).message}`);
    }
    return out.length - before;
  }

  /** Drops stale templates and counts data that waited too long for its template. */
  expire(nowUs: number): void {
    expireTemplateState(this.state, nowUs);
  }

  /** Counts everything still waiting for a template as lost (e.g. at the end of an import). */
  flushPending(): void {
    expireTemplateState(this.state, Infinity, true);
  }

  stats(): DecodeCountersSnapshot {
    return this.state.stats.snapshot();
  }

  exportTemplates(): TemplateSnapshot[] {
    return this.state.templates.exportSnapshot();
  }

  /** Templates data sets are waiting for, per exporter. */
  pendingTemplates(): ReturnType<TemplateCache['pendingSummary']> {
    return this.state.templates.pendingSummary();
  }

  importTemplates(snapshots: readonly TemplateSnapshot[]): { imported: number; rejected: string[] } {
    return this.state.templates.importSnapshot(snapshots);
  }

  inventory(): ExporterInfo[] {
    return this.state.inventory.snapshot();
  }

  /** Replaces the sampling rules; the next packet decoded uses them. */
  setSamplingRules(rules: readonly SamplingRuleSpec[]): void {
    this.state.setSamplingRules(rules);
  }

  /** Every field of a v9/IPFIX packet by registry name, with the templates known now; no state changes. */
  inspect(packet: Uint8Array, exporter: Exporter): PacketInspection {
    return inspectPacket(packet, exporter, this.state.templates);
  }

  takeInterfaceCounters(): InterfaceCounterBatch {
    return this.interfaceCounters.take();
  }
}
