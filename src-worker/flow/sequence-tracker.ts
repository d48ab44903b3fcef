// Sequence-number bookkeeping per exporter and observation domain / source id / sub-agent: a
// forward gap is an estimate of what was lost in transit (packets for NetFlow v9 and sFlow,
// flows for NetFlow v5 and IPFIX); a large backward jump is an exporter restart, not a loss.

const MAX_FORWARD_GAP = 0x40000000; // beyond this the exporter restarted or reordered badly
const MAX_STREAMS = 65536;

export interface SequenceResult {
  lost: number;
  reset: boolean;
}

export class SequenceTracker {
  private readonly expected = new Map<string, number>();

  /**
   * Records that a message with sequence `seq` carrying `increment` units arrived on `stream`.
   * Returns how many units the gap before it suggests were lost.
   */
  observe(stream: string, seq: number, increment: number, out: SequenceResult): SequenceResult {
    out.lost = 0;
    out.reset = false;
    const expected = this.expected.get(stream);
    if (expected !== undefined && expected !== seq) {
      const gap = (seq - expected) >>> 0;
      if (gap < MAX_FORWARD_GAP) out.lost = gap;
      else if (((expected - seq) >>> 0) <= 1024) {
        // A late (reordered) message: it was counted lost when the gap opened; take that back.
        out.lost = -Math.min(increment, (expected - seq) >>> 0);
        return out;
      } else out.reset = true;
    }
    if (expected === undefined && this.expected.size >= MAX_STREAMS) this.expected.clear();
    this.expected.set(stream, (seq + increment) >>> 0);
    return out;
  }

  /** Forgets a stream (e.g. when a message's unit count is unknown). */
  forget(stream: string): void {
    this.expected.delete(stream);
  }
}
