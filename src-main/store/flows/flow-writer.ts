// What the collector and importers write flows through: one interface, a backend per store.
// `append` may buffer; `flush` makes everything appended so far durable (committed).
import type { FlowBatch } from '../../../src-worker/flow/record.js';

export interface FlowWriter {
  /** Adds rows [0, batch.length) of the batch; may only copy them into a buffer. */
  append(batch: FlowBatch): Promise<void>;
  /** Commits everything appended so far; resolves when it is durable. */
  flush(): Promise<void>;
  close(): Promise<void>;
  /** Rows appended but not yet committed; after a failed flush, the rows kept for a retry
   * (a backend that cannot keep them reports 0, and the caller counts them as lost). */
  readonly bufferedRows: number;
  /** Rows committed since the writer was opened. */
  readonly committedRows: number;
}
