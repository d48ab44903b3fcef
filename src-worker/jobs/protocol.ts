// The job protocol between the host and an engine worker, as discriminated unions.
// One worker runs one job at a time; the host's pool gives parallelism.
import type { JobProgress } from './job.js';

export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
}

export type HostToWorker =
  | {
      type: 'start';
      jobId: string;
      kind: string;
      params: unknown;
      /** Int32 flag the host sets to 1 to cancel; absent where memory can't be shared (utilityProcess). */
      cancelFlag?: SharedArrayBuffer;
    }
  | { type: 'cancel'; jobId: string };

export type WorkerToHost =
  | { type: 'ready'; kinds: string[] }
  | { type: 'progress'; jobId: string; progress: JobProgress }
  | { type: 'chunk'; jobId: string; chunk: unknown }
  | { type: 'result'; jobId: string; value: unknown }
  | { type: 'error'; jobId: string; error: SerializedError; cancelled: boolean };
