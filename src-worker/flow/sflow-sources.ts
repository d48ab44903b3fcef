// Per sFlow data source (agent, sub-agent, source type and index) bookkeeping: the latest
// sampling rate, sample pool and drop counters a flow sample announces, sample sequence gaps,
// discarded-packet samples by reason, and sampled-header parse problems. The collector shows it
// beside the exporter inventory; nothing here is a flow row.

export interface SflowSourceInfo {
  agent: string;
  subAgent: number;
  sourceType: number;
  sourceIndex: number;
  flowSamples: number;
  counterSamples: number;
  samplingRate: number;
  samplePool: number;
  /** Packets the agent dropped for lack of resources (the flow sample's `drops`, cumulative). */
  drops: number;
  lastSequence: number;
  /** Flow samples missing according to this source's sample sequence numbers. */
  lostSamples: number;
  /** Discarded-packet samples (sFlow drops extension, format 5) by drop reason code. */
  discards: Record<string, number>;
}

const MAX_SOURCES = 65536;

export class SflowSourceTable {
  private readonly sources = new Map<string, SflowSourceInfo>();
  /** Sampled headers that did not parse cleanly, by packet status name. */
  readonly headerProblems: Record<string, number> = {};

  source(agent: string, subAgent: number, sourceType: number, sourceIndex: number): SflowSourceInfo {
    const key = `${agent}/${subAgent}/${sourceType}/${sourceIndex}`;
    let s = this.sources.get(key);
    if (!s) {
      if (this.sources.size >= MAX_SOURCES) this.sources.delete(this.sources.keys().next().value!);
      s = { agent, subAgent, sourceType, sourceIndex, flowSamples: 0, counterSamples: 0, samplingRate: 0, samplePool: 0, drops: 0, lastSequence: -1, lostSamples: 0, discards: {} };
      this.sources.set(key, s);
    }
    return s;
  }

  snapshot(): SflowSourceInfo[] {
    return [...this.sources.values()].map((s) => ({ ...s, discards: { ...s.discards } }));
  }
}
