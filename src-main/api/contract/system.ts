// System area: health, version, a round-trip check, and the job list every long task appears in.
import { z } from 'zod';
import { event, method } from './define.js';

export interface Health {
  version: string;
  startedAt: string;
  uptimeSeconds: number;
  transport: string;
  store: { kind: 'duckdb' | 'postgres' | 'none'; location: string; schemaVersion: number; ok: boolean; error?: string };
  workers: { size: number; busy: number; queued: number; crashes: number; jobsCompleted: number };
}

export type JobState = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface JobInfo {
  jobId: string;
  kind: string;
  title: string;
  state: JobState;
  startedAt: string;
  finishedAt?: string;
  progress?: { fraction?: number; message?: string; [key: string]: unknown };
  error?: string;
  /** What the job did, in words, once it ended (e.g. what a cancelled import stored). */
  outcome?: string;
}

export const systemMethods = {
  'system.health': method(z.object({}).strict()).returns<Health>(),
  'system.echo': method(z.object({ text: z.string().max(65536) }).strict()).returns<{ text: string; receivedAt: string }>(),
  'jobs.list': method(z.object({}).strict()).returns<JobInfo[]>(),
  'jobs.cancel': method(z.object({ jobId: z.string().min(1).max(64) }).strict()).returns<{ cancelled: boolean }>(),
  /** Runs a diagnostic job in the worker pool: proves the engine path end to end. */
  'jobs.selfTest': method(z.object({ steps: z.number().int().min(1).max(1000).default(5), stepMs: z.number().int().min(0).max(10_000).default(20) }).strict()).returns<{ jobId: string; completed: number }>(),
};

export const systemEvents = {
  'job.updated': event<JobInfo>(),
  'system.health': event<Health>(),
};
