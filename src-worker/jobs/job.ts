// What an engine job is, seen from inside the worker: a pure function of its params that reports
// progress, checks for cancellation, and may stream partial output back to the host.

export interface JobProgress {
  /** 0..1 when known, else omitted. */
  fraction?: number;
  /** What is happening, in words an engineer understands ("epoch 3/20", "1.2 GB of 2 GB"). */
  message?: string;
  /** Free-form numbers for the UI (packets, bytes, loss, rate …). */
  [key: string]: unknown;
}

export interface JobContext {
  readonly jobId: string;
  progress(progress: JobProgress): void;
  /** True once the host asked to cancel; long loops check it and return what they have. */
  cancelled(): boolean;
  /** Throws `JobCancelled` when cancelled; convenient inside deep loops. */
  throwIfCancelled(): void;
  /** Sends a partial result (for example a batch of flows) to the host while the job runs. */
  emit(chunk: unknown, transfer?: ArrayBuffer[]): void;
}

export type JobHandler<P = unknown, R = unknown> = (params: P, ctx: JobContext) => R | Promise<R>;

export class JobCancelled extends Error {
  constructor() {
    super('job: cancelled');
    this.name = 'JobCancelled';
  }
}

/** A result that carries transferable buffers back to the host. */
export interface TransferableResult<R> {
  value: R;
  transfer: ArrayBuffer[];
}

export function withTransfer<R>(value: R, transfer: ArrayBuffer[]): TransferableResult<R> {
  return { value, transfer, [TRANSFER_MARK]: true } as TransferableResult<R>;
}

export const TRANSFER_MARK = Symbol.for('netweaver.transfer');
