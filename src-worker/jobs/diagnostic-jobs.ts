// Jobs that exercise the job machinery itself: echo, a cancellable countdown, and deliberate
// crashes. The host's tests and the health check use them.
import { JobCancelled, type JobHandler } from './job.js';

const echo: JobHandler<{ value: unknown }, unknown> = (params) => params.value;

/** Counts to `steps`, `stepMs` apart, reporting progress; honours cancel between steps. */
const countdown: JobHandler<{ steps: number; stepMs: number }, { completed: number }> = async (params, ctx) => {
  for (let i = 0; i < params.steps; i++) {
    if (ctx.cancelled()) throw new JobCancelled();
    await new Promise((r) => setTimeout(r, params.stepMs));
    ctx.progress({ fraction: (i + 1) / params.steps, message: `step ${i + 1}/${params.steps}` });
  }
  return { completed: params.steps };
};

/** Busy loop that never yields: only a hard cancel (terminate) or the cancel flag stops it. */
const spin: JobHandler<{ ms: number }, { spun: number }> = (params, ctx) => {
  const end = Date.now() + params.ms;
  let n = 0;
  while (Date.now() < end) {
    n++;
    if ((n & 0xffff) === 0) ctx.throwIfCancelled();
  }
  return { spun: n };
};

const fail: JobHandler<{ message: string }, never> = (params) => {
  throw new Error(params.message);
};

/** Kills the whole worker, as a native crash or OOM would. */
const die: JobHandler<{ afterMs: number }, never> = async (params) => {
  await new Promise((r) => setTimeout(r, params.afterMs));
  process.exit(70);
};

export const diagnosticJobs = { echo, countdown, spin, fail, die };
