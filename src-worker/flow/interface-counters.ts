// Interface metrics from sFlow counter samples (generic interface counters, RFC 3635 Ethernet
// counters): one plain record per sampled interface per counter sample, kept apart from flow
// rows. Counter samples are low-rate (one per interface every ~30 s), so plain objects are fine;
// the collector turns consecutive samples into rates.

export interface EthernetCounters {
  alignmentErrors: number;
  fcsErrors: number;
  singleCollisionFrames: number;
  multipleCollisionFrames: number;
  sqeTestErrors: number;
  deferredTransmissions: number;
  lateCollisions: number;
  excessiveCollisions: number;
  internalMacTransmitErrors: number;
  carrierSenseErrors: number;
  frameTooLongs: number;
  internalMacReceiveErrors: number;
  symbolErrors: number;
}

export interface InterfaceCounterRecord {
  time_received: number; // µs
  agent: string; // sFlow agent address
  sub_agent: number;
  sequence: number; // counter sample sequence number
  source_type: number; // 0 = ifIndex
  source_index: number;
  if_index: number | null;
  if_type: number | null;
  if_speed: number | null; // bit/s
  if_direction: number | null; // 0 unknown, 1 full-duplex, 2 half-duplex, 3 in, 4 out
  admin_up: boolean | null;
  oper_up: boolean | null;
  in_octets: number | null;
  in_ucast_pkts: number | null;
  in_multicast_pkts: number | null;
  in_broadcast_pkts: number | null;
  in_discards: number | null;
  in_errors: number | null;
  in_unknown_protos: number | null;
  out_octets: number | null;
  out_ucast_pkts: number | null;
  out_multicast_pkts: number | null;
  out_broadcast_pkts: number | null;
  out_discards: number | null;
  out_errors: number | null;
  promiscuous_mode: number | null;
  ethernet: EthernetCounters | null;
  /** Other counter record formats present in the sample ("0:1001" processor, "0:2207" …). */
  other_records: string[];
}

export type InterfaceCounterBatch = InterfaceCounterRecord[];

const MAX_BUFFERED = 1 << 20;

export class InterfaceCounterBuilder {
  private rows: InterfaceCounterRecord[] = [];
  /** Rows not kept because nobody took the buffer for too long. */
  dropped = 0;

  push(row: InterfaceCounterRecord): void {
    if (this.rows.length >= MAX_BUFFERED) {
      this.dropped++;
      return;
    }
    this.rows.push(row);
  }

  get length(): number {
    return this.rows.length;
  }

  take(): InterfaceCounterBatch {
    const out = this.rows;
    this.rows = [];
    return out;
  }
}

export function emptyInterfaceCounters(agent: string, subAgent: number, sequence: number, sourceType: number, sourceIndex: number, receivedUs: number): InterfaceCounterRecord {
  return {
    time_received: receivedUs, agent, sub_agent: subAgent, sequence, source_type: sourceType, source_index: sourceIndex,
    if_index: null, if_type: null, if_speed: null, if_direction: null, admin_up: null, oper_up: null,
    in_octets: null, in_ucast_pkts: null, in_multicast_pkts: null, in_broadcast_pkts: null, in_discards: null,
    in_errors: null, in_unknown_protos: null, out_octets: null, out_ucast_pkts: null, out_multicast_pkts: null,
    out_broadcast_pkts: null, out_discards: null, out_errors: null, promiscuous_mode: null, ethernet: null, other_records: [],
  };
}
