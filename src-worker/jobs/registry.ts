// Every job kind the worker can run. Each engine adds its handlers here: one line per area.
import type { JobHandler } from './job.js';
import { diagnosticJobs } from './diagnostic-jobs.js';
import { captureImportJobs } from '../packet/import-jobs.js';
import { routingJobs } from '../routing/routing-jobs.js';
import { simJobs } from '../sim/sim-jobs.js';
import { mlJobs } from '../ml/ml-jobs.js';
import { reportJobs } from '../report/report-jobs.js';
import { flowJobs } from '../flow/flow-jobs.js';

export const jobHandlers: Record<string, JobHandler<any, any>> = {
  ...diagnosticJobs,
  ...captureImportJobs,
  ...routingJobs,
  ...simJobs,
  ...mlJobs,
  ...reportJobs,
  ...flowJobs,
};
