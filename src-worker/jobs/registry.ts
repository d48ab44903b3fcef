// Every job kind the worker can run. Each engine adds its handlers here: one line per kind.
import type { JobHandler } from './job.js';
import { diagnosticJobs } from './diagnostic-jobs.js';
import { mlJobs } from '../ml/ml-jobs.js';

export const jobHandlers: Record<string, JobHandler<any, any>> = {
  ...diagnosticJobs,
  ...mlJobs,
};
