// Handlers for the system area: health, echo, the job list and a self-test job.
import { ApiError } from '../contract/errors.js';
import type { Health, systemMethods } from '../contract/system.js';
import type { ServiceContext } from '../service-context.js';
import type { Handlers } from './handler-types.js';

export async function readHealth(ctx: ServiceContext, transport: string): Promise<Health> {
  const workers = ctx.workers.metrics();
  let store: Health['store'];
  try {
    const info = await ctx.store.info();
    store = { kind: info.kind, location: info.location, schemaVersion: info.schemaVersion, ok: true };
  } catch (error) {
    store = { kind: ctx.store.kind, location: ctx.store.location, schemaVersion: 0, ok: false, error: (error as Error).message };
  }
  return {
    version: ctx.version,
    startedAt: ctx.startedAt.toISOString(),
    uptimeSeconds: Math.round((Date.now() - ctx.startedAt.getTime()) / 1000),
    transport,
    store,
    workers: { size: workers.size, busy: workers.busy, queued: workers.queued, crashes: workers.crashes, jobsCompleted: workers.jobsCompleted },
  };
}

export function systemHandlers(ctx: ServiceContext): Handlers<typeof systemMethods> {
  return {
    'system.health': (_params, call) => readHealth(ctx, call.transport),
    'system.echo': ({ text }) => ({ text, receivedAt: new Date().toISOString() }),
    'jobs.list': () => ctx.workers.list(),
    'jobs.cancel': ({ jobId }) => {
      const cancelled = ctx.workers.cancel(jobId);
      if (!cancelled && !ctx.workers.list().some((j) => j.jobId === jobId)) {
        throw new ApiError('not_found', `jobs: no job ${jobId}`);
      }
      return { cancelled };
    },
    'jobs.selfTest': async ({ steps, stepMs }) => {
      const handle = ctx.workers.run<{ completed: number }>('countdown', { steps, stepMs }, { title: 'Engine self-test' });
      const result = await handle.done;
      return { jobId: handle.jobId, completed: result.completed };
    },
  };
}
