// Sequence-number bookkeeping per exporter and observation domain / source id / sub-agent: a
// forward gap is an estimate of what was lost in transit (packets for NetFlow v9 and sFlow,
// flows for NetFlow v5 and IPFIX); a large backward jump is an exporter restart, not a loss.
// A late message gives back what its gap was counted as lost, never more: a duplicated or
// replayed message (nothing outstanding) changes nothing, so the loss never goes negative.

const MAX_FORWARD_GAP = 0x40000000; // beyond this the exporter restarted or reordered badly
const MAX_STREAMS = 65536;

export interface SequenceResult {
  lost: number;
  reset: boolean;
}

interface StreamState {
  /** The sequence number the next message should carry. */
  expected: number;
  /** Units counted lost in forward gaps and not yet given back by late messages. */
  outstanding: number;
}

export class SequenceTracker {
  private readonly streams = new Map<string, StreamState>();

  /**
   * Records that a message with sequence `seq` carrying `increment` units arrived on `stream`.
   * Returns how many units the gap before it suggests were lost.
   */
  observe(stream: string, seq: number, increment: number, out: SequenceResult): SequenceResult {
    out.lost = 0;
    out.reset = false;
    const state = this.streams.get(stream);
    if (!state) {
      if (this.streams.size >= MAX_STREAMS) this.streams.clear();
      this.streams.set(stream, { expected: (seq + increment) >>> 0, outstanding: 0 });
      return out;
    }
    if (state.expected !== seq) {
      const gap = (seq - state.expected) >>> 0;
      if (gap < MAX_FORWARD_GAP) {
        out.lost = gap;
        state.outstanding += gap;
      } else if (((state.expected - seq) >>> 0) <= 1024) {
        // A late (reordered) message: its units were counted lost when the gap opened; give
        // them back. A duplicate finds nothing outstanding and gives back nothing.
        const back = Math.min(increment, (state.expected - seq) >>> 0, state.outstanding);
        state.outstanding -= back;
        out.lost = back > 0 ? -back : 0;
        return out;
      } else {
        out.reset = true;
        state.outstanding = 0;
      }
    }
    state.expected = (seq + increment) >>> 0;
    return out;
  }

  /** Forgets a stream (e.g. when a message's unit count is unknown). */
  forget(stream: string): void {
    this.streams.delete(stream);
  }
}
