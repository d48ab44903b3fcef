// Every job kind the worker can run. Each engine adds its handlers here: one line per kind.
import type { JobHandler } from './job.js';
import { diagnosticJobs } from './diagnostic-jobs.js';
import { reportJobs } from '../report/report-jobs.js';

export const jobHandlers: Record<string, JobHandler<any, any>> = {
  ...diagnosticJobs,
  ...reportJobs,
};
