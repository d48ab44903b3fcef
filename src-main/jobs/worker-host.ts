// The worker host: a pool of engine workers running jobs with progress, streamed chunks,
// cancel and crash isolation. A job that throws fails alone; a worker that dies fails the job it
// was running with a clear error and is replaced, and the host stays up.
import { randomUUID } from 'node:crypto';
import type { JobProgress } from '../../src-worker/jobs/job.js';
import type { WorkerToHost } from '../../src-worker/jobs/protocol.js';
import { ApiError } from '../api/contract/errors.js';
import type { JobInfo } from '../api/contract/system.js';
import type { EngineLauncher, EngineProcess } from './engine-process.js';

export interface WorkerHostConfig {
  /** How many workers run jobs at once. */
  size: number;
  launcher: EngineLauncher;
  /** How long a cancelled job may take to notice before its worker is terminated. */
  cancelGraceMs: number;
  /** Finished jobs kept for jobs.list. */
  historySize: number;
}

export const defaultWorkerHostConfig = (launcher: EngineLauncher): WorkerHostConfig => ({
  size: 2,
  launcher,
  cancelGraceMs: 2000,
  historySize: 200,
});

export interface RunOptions<C = unknown> {
  title?: string;
  onProgress?(progress: JobProgress): void;
  onChunk?(chunk: C): void;
  signal?: AbortSignal;
}

export interface JobHandle<R> {
  jobId: string;
  /** Resolves with the job's result; rejects with ApiError ('cancelled' or 'internal'). */
  done: Promise<R>;
}

interface Job {
  info: JobInfo;
  params: unknown;
  transfer?: ArrayBuffer[];
  options: RunOptions<any>;
  resolve(value: unknown): void;
  reject(error: Error): void;
  cancelFlag: SharedArrayBuffer;
  cancelRequested: boolean;
  graceTimer?: ReturnType<typeof setTimeout>;
}

interface Slot {
  proc: EngineProcess | null;
  job: Job | null;
}

export interface WorkerHostMetrics {
  size: number;
  busy: number;
  queued: number;
  crashes: number;
  jobsCompleted: number;
  jobsFailed: number;
  jobsCancelled: number;
}

export class WorkerHost {
  private slots: Slot[] = [];
  private queue: Job[] = [];
  private history: JobInfo[] = [];
  private running = false;
  private counters = { crashes: 0, completed: 0, failed: 0, cancelled: 0 };
  private updateListeners = new Set<(info: JobInfo) => void>();

  constructor(private readonly config: WorkerHostConfig) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.slots = Array.from({ length: Math.max(1, this.config.size) }, () => ({ proc: null, job: null }));
  }

  stop(): void {
    this.running = false;
    for (const job of this.queue.splice(0)) this.finish(job, 'cancelled', new ApiError('cancelled', 'jobs: NetWeaver is shutting down'));
    for (const slot of this.slots) {
      if (slot.job) this.finish(slot.job, 'cancelled', new ApiError('cancelled', 'jobs: NetWeaver is shutting down'));
      slot.proc?.terminate();
      slot.proc = null;
    }
  }

  onJobUpdate(listener: (info: JobInfo) => void): () => void {
    this.updateListeners.add(listener);
    return () => this.updateListeners.delete(listener);
  }

  run<R = unknown, C = unknown>(kind: string, params: unknown, options: RunOptions<C> = {}, transfer?: ArrayBuffer[]): JobHandle<R> {
    if (!this.running) throw new ApiError('unavailable', 'jobs: the worker host is not started');
    const jobId = randomUUID().slice(0, 8);
    let resolve!: (value: unknown) => void;
    let reject!: (error: Error) => void;
    const done = new Promise<R>((res, rej) => {
      resolve = res as (value: unknown) => void;
      reject = rej;
    });
    const job: Job = {
      info: { jobId, kind, title: options.title ?? kind, state: 'queued', startedAt: new Date().toISOString() },
      params,
      transfer,
      options,
      resolve,
      reject,
      cancelFlag: new SharedArrayBuffer(4),
      cancelRequested: false,
    };
    options.signal?.addEventListener('abort', () => this.cancel(jobId), { once: true });
    this.queue.push(job);
    this.publish(job);
    this.dispatch();
    return { jobId, done };
  }

  /** Asks a job to stop. Queued jobs end at once; running ones get a grace period, then their worker is terminated. */
  cancel(jobId: string): boolean {
    const queuedIndex = this.queue.findIndex((j) => j.info.jobId === jobId);
    if (queuedIndex >= 0) {
      const [job] = this.queue.splice(queuedIndex, 1);
      this.finish(job!, 'cancelled', new ApiError('cancelled', `jobs: ${job!.info.title} was cancelled before it started`));
      return true;
    }
    const slot = this.slots.find((s) => s.job?.info.jobId === jobId);
    if (!slot?.job || slot.job.cancelRequested) return false;
    const job = slot.job;
    job.cancelRequested = true;
    Atomics.store(new Int32Array(job.cancelFlag), 0, 1);
    slot.proc?.post({ type: 'cancel', jobId });
    job.graceTimer = setTimeout(() => {
      if (slot.job === job) slot.proc?.terminate();
    }, this.config.cancelGraceMs);
    return true;
  }

  /** Sets a job's outcome in words (e.g. what a cancelled import kept) and publishes it. */
  describe(jobId: string, outcome: string): void {
    const info = [...this.slots.flatMap((s) => (s.job ? [s.job.info] : [])), ...this.queue.map((j) => j.info), ...this.history].find((i) => i.jobId === jobId);
    if (!info) return;
    info.outcome = outcome;
    for (const listener of this.updateListeners) listener({ ...info });
  }

  list(): JobInfo[] {
    const active = [...this.slots.flatMap((s) => (s.job ? [s.job.info] : [])), ...this.queue.map((j) => j.info)];
    return [...active, ...this.history].map((info) => ({ ...info }));
  }

  metrics(): WorkerHostMetrics {
    return {
      size: this.slots.length,
      busy: this.slots.filter((s) => s.job).length,
      queued: this.queue.length,
      crashes: this.counters.crashes,
      jobsCompleted: this.counters.completed,
      jobsFailed: this.counters.failed,
      jobsCancelled: this.counters.cancelled,
    };
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (!this.running || this.queue.length === 0) return;
      if (slot.job) continue;
      const job = this.queue.shift()!;
      this.startOn(slot, job);
    }
  }

  private startOn(slot: Slot, job: Job): void {
    slot.proc ??= this.launch(slot);
    slot.job = job;
    job.info.state = 'running';
    this.publish(job);
    const proc = slot.proc;
    proc.post(
      {
        type: 'start',
        jobId: job.info.jobId,
        kind: job.info.kind,
        params: job.params,
        cancelFlag: proc.sharesMemory ? job.cancelFlag : undefined,
      },
      job.transfer,
    );
  }

  private launch(slot: Slot): EngineProcess {
    const proc = this.config.launcher();
    proc.onMessage((message) => this.onWorkerMessage(slot, message));
    proc.onExit((reason) => this.onWorkerExit(slot, proc, reason));
    return proc;
  }

  private onWorkerMessage(slot: Slot, message: WorkerToHost): void {
    if (message.type === 'ready') return;
    const job = slot.job;
    if (!job || job.info.jobId !== message.jobId) return;
    switch (message.type) {
      case 'progress':
        job.info.progress = message.progress;
        job.options.onProgress?.(message.progress);
        this.publish(job);
        break;
      case 'chunk':
        job.options.onChunk?.(message.chunk);
        break;
      case 'result': {
        slot.job = null;
        // A job asked to stop may still answer with what it did so far (a partial sweep, the
        // optimiser's best yet, a paused simulation): its caller gets that, the list says cancelled.
        this.finish(job, job.cancelRequested ? 'cancelled' : 'succeeded', null, message.value);
        this.dispatch();
        break;
      }
      case 'error': {
        slot.job = null;
        const cancelled = message.cancelled || job.cancelRequested;
        const error = cancelled
          ? new ApiError('cancelled', `jobs: ${job.info.title} was cancelled`)
          : new ApiError('internal', message.error.message, { name: message.error.name });
        this.finish(job, cancelled ? 'cancelled' : 'failed', error);
        this.dispatch();
        break;
      }
    }
  }

  private onWorkerExit(slot: Slot, proc: EngineProcess, reason: string): void {
    if (slot.proc !== proc) return;
    slot.proc = null;
    const job = slot.job;
    slot.job = null;
    if (job) {
      if (job.cancelRequested) {
        this.finish(job, 'cancelled', new ApiError('cancelled', `jobs: ${job.info.title} was cancelled (its worker was stopped)`));
      } else {
        this.counters.crashes++;
        this.finish(
          job,
          'failed',
          new ApiError('internal', `jobs: the engine worker stopped (${reason}) while running ${job.info.title}; that job failed, a fresh worker takes the next one`),
        );
      }
    }
    this.dispatch();
  }

  private finish(job: Job, state: JobInfo['state'], error: ApiError | null, value?: unknown): void {
    if (job.graceTimer) clearTimeout(job.graceTimer);
    job.info.state = state;
    job.info.finishedAt = new Date().toISOString();
    if (error) job.info.error = error.message;
    if (state === 'succeeded') this.counters.completed++;
    else if (state === 'failed') this.counters.failed++;
    else if (state === 'cancelled') this.counters.cancelled++;
    this.history.unshift(job.info);
    this.history.length = Math.min(this.history.length, this.config.historySize);
    this.publish(job);
    if (error) job.reject(error);
    else job.resolve(value);
  }

  private publish(job: Job): void {
    for (const listener of this.updateListeners) listener({ ...job.info });
  }
}
