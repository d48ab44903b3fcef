// Runs jobs inside a worker: receives HostToWorker messages from whatever port the runtime
// gives (worker_threads parentPort or Electron's process.parentPort) and answers with
// WorkerToHost messages. Engines never see the port, only a JobContext.
import { JobCancelled, TRANSFER_MARK, type JobContext, type JobHandler, type TransferableResult } from './job.js';
import type { HostToWorker, SerializedError, WorkerToHost } from './protocol.js';

export interface WorkerPort {
  post(message: WorkerToHost, transfer?: ArrayBuffer[]): void;
  onMessage(listener: (message: HostToWorker) => void): void;
}

export function runJobsOn(port: WorkerPort, handlers: Record<string, JobHandler<any, any>>): void {
  const cancelled = new Set<string>();

  port.onMessage((message) => {
    if (message.type === 'cancel') {
      cancelled.add(message.jobId);
      return;
    }
    void runOne(message);
  });
  port.post({ type: 'ready', kinds: Object.keys(handlers) });

  async function runOne(message: Extract<HostToWorker, { type: 'start' }>): Promise<void> {
    const { jobId } = message;
    const flag = message.cancelFlag ? new Int32Array(message.cancelFlag) : null;
    const isCancelled = () => cancelled.has(jobId) || (flag !== null && Atomics.load(flag, 0) === 1);
    const ctx: JobContext = {
      jobId,
      progress: (progress) => port.post({ type: 'progress', jobId, progress }),
      cancelled: isCancelled,
      throwIfCancelled: () => {
        if (isCancelled()) throw new JobCancelled();
      },
      emit: (chunk, transfer) => port.post({ type: 'chunk', jobId, chunk }, transfer),
    };
    try {
      const handler = handlers[message.kind];
      if (!handler) throw new Error(`worker: no job kind "${message.kind}" (known: ${Object.keys(handlers).join(', ')})`);
      const result = await handler(message.params, ctx);
      if (isTransferable(result)) port.post({ type: 'result', jobId, value: result.value }, result.transfer);
      else port.post({ type: 'result', jobId, value: result });
    } catch (error) {
      port.post({ type: 'error', jobId, error: serializeError(error), cancelled: error instanceof JobCancelled || isCancelled() });
    } finally {
      cancelled.delete(jobId);
    }
  }
}

function isTransferable(value: unknown): value is TransferableResult<unknown> {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[TRANSFER_MARK] === true;
}

function serializeError(error: unknown): SerializedError {
  if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack };
  return { name: 'Error', message: String(error) };
}
