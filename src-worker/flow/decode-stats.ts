// Counters every flow decoder keeps: packets, records, and decode errors by category. Decoders
// never throw on bad input; they count it here with a message an engineer can act on
// (`ipfix: template 256 from 192.0.2.1:4739 …`), keeping only the most recent messages.

export const DECODE_ERROR_KINDS = [
  'truncated', // a header, set or record runs past the end of the packet
  'bad_version', // not NetFlow v1/v5/v7/v9, IPFIX or sFlow v5
  'bad_length', // a length field that contradicts the packet (set length < 4, count lies …)
  'bad_template', // a template that cannot describe a record (zero length, bad field)
  'unknown_template', // data whose template never arrived (pending queue expired or overflowed)
  'template_limit', // per-exporter template cap reached; template dropped
  'bad_sample', // sFlow sample or record that does not parse
  'unsupported', // well-formed but not something we decode (e.g. an unknown sFlow format)
  'internal', // a decoder bug caught at the packet boundary (the fuzz test keeps this at zero)
] as const;
export type DecodeErrorKind = (typeof DECODE_ERROR_KINDS)[number];

export interface DecodeCountersSnapshot {
  packets: number;
  records: number;
  /** Option records (sampling, interface names) absorbed into the exporter inventory. */
  optionRecords: number;
  templates: number;
  templatesWithdrawn: number;
  templatesExpired: number;
  /** Data sets parked waiting for a template / decoded later from that queue. */
  pendingQueued: number;
  pendingDecoded: number;
  /** Cisco ASA NSEL events not turned into rows (create/update; teardown carries the totals). */
  nselEventsFolded: number;
  /** RFC 5103 biflow records split into a second, reverse row. */
  biflowReverseRows: number;
  /** Estimated from sequence-number gaps: packets (v9, sFlow) or flows (v5, IPFIX) never received. */
  lostPackets: number;
  lostFlows: number;
  sequenceResets: number;
  errors: Record<DecodeErrorKind, number>;
  recentErrors: string[];
}

const RECENT_LIMIT = 32;

export class DecodeStats {
  packets = 0;
  records = 0;
  optionRecords = 0;
  templates = 0;
  templatesWithdrawn = 0;
  templatesExpired = 0;
  pendingQueued = 0;
  pendingDecoded = 0;
  nselEventsFolded = 0;
  biflowReverseRows = 0;
  lostPackets = 0;
  lostFlows = 0;
  sequenceResets = 0;
  readonly errors = Object.fromEntries(DECODE_ERROR_KINDS.map((k) => [k, 0])) as Record<DecodeErrorKind, number>;
  private readonly recent: string[] = [];

  error(kind: DecodeErrorKind, message: string): void {
    this.errors[kind]++;
    if (this.recent.length >= RECENT_LIMIT) this.recent.shift();
    this.recent.push(message);
  }

  errorTotal(): number {
    let n = 0;
    for (const kind of DECODE_ERROR_KINDS) n += this.errors[kind];
    return n;
  }

  snapshot(): DecodeCountersSnapshot {
    return {
      packets: this.packets,
      records: this.records,
      optionRecords: this.optionRecords,
      templates: this.templates,
      templatesWithdrawn: this.templatesWithdrawn,
      templatesExpired: this.templatesExpired,
      pendingQueued: this.pendingQueued,
      pendingDecoded: this.pendingDecoded,
      nselEventsFolded: this.nselEventsFolded,
      biflowReverseRows: this.biflowReverseRows,
      lostPackets: this.lostPackets,
      lostFlows: this.lostFlows,
      sequenceResets: this.sequenceResets,
      errors: { ...this.errors },
      recentErrors: [...this.recent],
    };
  }
}
