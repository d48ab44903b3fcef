// Handlers for the flows area: each query goes to store/query/flow-query.ts; filter mistakes come
// back as invalid_params with the column of the mistake in `details`.
import { FilterError } from '../../store/filter/filter-error.js';
import { parseFilter } from '../../store/filter/filter-parser.js';
import { DEFAULT_RETENTION, runRetention, runRollups } from '../../store/flows/maintenance.js';
import { flowConversations, flowEndpoints, flowSankey, flowTimeSeries, flowTopN, type FlowRange } from '../../store/query/flow-query.js';
import { ApiError } from '../contract/errors.js';
import type { flowsMethods } from '../contract/flows.js';
import type { ServiceContext } from '../service-context.js';
import type { Handlers } from './handler-types.js';

function toRange(p: { fromMs: number; toMs: number; filter?: string }): FlowRange {
  if (p.toMs <= p.fromMs) throw new ApiError('invalid_params', `flows: the time range ends (${new Date(p.toMs).toISOString()}) before it starts (${new Date(p.fromMs).toISOString()})`);
  return { fromUs: p.fromMs * 1000, toUs: p.toMs * 1000, filter: p.filter?.trim() || undefined };
}

async function guarded<T>(body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof FilterError) throw new ApiError('invalid_params', error.message, { column: error.column, reason: error.reason });
    throw error;
  }
}

/** A step that gives about 120 points over the range, rounded to a familiar width. */
export function defaultStepSeconds(fromMs: number, toMs: number): number {
  const steps = [1, 5, 10, 30, 60, 300, 600, 1800, 3600, 10800, 21600, 86400];
  const want = (toMs - fromMs) / 1000 / 120;
  return steps.find((s) => s >= want) ?? 86400;
}

export function flowsHandlers(ctx: ServiceContext): Handlers<typeof flowsMethods> {
  return {
    'flows.topN': (p) => guarded(() => flowTopN(ctx.store, { ...toRange(p), groupBy: p.groupBy, top: p.top, metric: p.metric })),
    'flows.timeSeries': (p) => guarded(() => flowTimeSeries(ctx.store, {
      ...toRange(p), groupBy: p.groupBy, top: p.top, metric: p.metric, stepSeconds: p.stepSeconds ?? defaultStepSeconds(p.fromMs, p.toMs),
    })),
    'flows.sankey': (p) => guarded(() => flowSankey(ctx.store, { ...toRange(p), dimensions: p.dimensions, top: p.top, metric: p.metric })),
    'flows.conversations': (p) => guarded(() => flowConversations(ctx.store, { ...toRange(p), layer: p.layer, limit: p.limit })),
    'flows.endpoints': (p) => guarded(() => flowEndpoints(ctx.store, { ...toRange(p), limit: p.limit })),
    'flows.checkFilter': ({ filter }) => {
      try {
        parseFilter(filter);
        return { ok: true };
      } catch (error) {
        if (error instanceof FilterError) return { ok: false, error: error.message, column: error.column };
        throw error;
      }
    },
    'flows.maintain': async ({ rawDays, rollupDays }) => {
      const now = Date.now() * 1000;
      const rolledUp = await runRollups(ctx.store, now);
      const retention = await runRetention(ctx.store, now, { rawDays: rawDays ?? DEFAULT_RETENTION.rawDays, rollupDays: rollupDays ?? DEFAULT_RETENTION.rollupDays });
      return { rolledUp, ...retention };
    },
  };
}
