// Handlers for the reports area: the kinds catalogue, and generation through the ReportRunner
// (engine work in the worker pool, progress and finish events on the bus).
import { ApiError } from '../contract/errors.js';
import type { reportsMethods } from '../contract/reports.js';
import { REPORT_KIND_CATALOGUE } from '../../report/report-kinds.js';
import { ReportRunner } from '../../report/report-runner.js';
import { defaultReportContext } from '../../report/collectors/report-context.js';
import { storeTrafficSource } from '../../report/store-traffic.js';
import type { ServiceContext } from '../service-context.js';
import type { Handlers } from './handler-types.js';

export function reportsHandlers(ctx: ServiceContext): Handlers<typeof reportsMethods> {
  const runner = new ReportRunner({
    context: { ...defaultReportContext(), version: ctx.version },
    runJob: (kind, params, options) => ctx.workers.run(kind, params, options),
    parallelism: () => ctx.workers.metrics().size,
    cancelJob: (jobId) => void ctx.workers.cancel(jobId),
    storeTraffic: () => storeTrafficSource(ctx.store),
    get store() { return ctx.store; }, // read at each report: store.switch may replace it
    get storeDescription() { return `${ctx.store.kind === 'duckdb' ? 'DuckDB' : 'PostgreSQL'} ${ctx.store.location}`; },
    onProgress: (p) => ctx.events.emit('reports.progress', p),
    onFinished: (o) => ctx.events.emit('reports.finished', o),
    history: 50,
  });
  const known = (reportId: string) => {
    try {
      return runner.status(reportId);
    } catch (error) {
      throw new ApiError('not_found', (error as Error).message);
    }
  };
  return {
    'reports.kinds': () => REPORT_KIND_CATALOGUE.map((k) => ({ ...k, inputs: k.inputs.map((i) => ({ ...i })), formats: [...k.formats] })),
    'reports.generate': (params) => runner.start(params),
    'reports.status': ({ reportId }) => known(reportId),
    'reports.cancel': ({ reportId }) => {
      known(reportId);
      return { cancelled: runner.cancel(reportId) };
    },
  };
}
