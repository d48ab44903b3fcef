// The one implementation of the contract. Every transport (Electron IPC, WebSocket, in-process)
// calls `call()` and `subscribe()`; input is validated here against the contract's schemas, so no
// transport can skip validation. Areas plug in their handlers in `createHandlers`.
import { ApiError } from './contract/errors.js';
import { isEventName, isMethodName, methods, type Events, type MethodName } from './contract.js';
import type { Handlers } from './handlers/handler-types.js';
import { simHandlers } from './handlers/sim.js';
import { reportsHandlers } from './handlers/reports.js';
import { mlHandlers } from './handlers/ml.js';
import { routingHandlers } from './handlers/routing.js';
import { systemHandlers } from './handlers/system.js';
import { collectorHandlers } from './handlers/collector.js';
import { flowsHandlers } from './handlers/flows.js';
import { captureHandlers } from './handlers/capture.js';
import { settingsHandlers } from './handlers/settings.js';
import type { CallContext, ServiceContext } from './service-context.js';

type AllHandlers = Handlers<typeof methods>;

function createHandlers(ctx: ServiceContext): AllHandlers {
  return {
    ...systemHandlers(ctx),
    ...simHandlers(ctx),
    ...collectorHandlers(ctx),
    ...flowsHandlers(ctx),
    ...captureHandlers(ctx),
    ...reportsHandlers(ctx),
    ...mlHandlers(ctx),
    ...routingHandlers(ctx),
    ...settingsHandlers(ctx),
  };
}

export class Service {
  readonly version: string;
  private readonly handlers: AllHandlers;

  constructor(readonly context: ServiceContext) {
    this.version = context.version;
    this.handlers = createHandlers(context);
    context.workers.onJobUpdate((info) => context.events.emit('job.updated', info));
  }

  async call(method: string, params: unknown, call: CallContext): Promise<unknown> {
    if (!isMethodName(method)) throw new ApiError('unknown_method', `api: there is no method "${method}"`);
    const parsed = methods[method].input.safeParse(params ?? {});
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.length ? i.path.join('.') : 'params'}: ${i.message}`).join('; ');
      throw new ApiError('invalid_params', `api: ${method} was called with invalid parameters — ${issues}`, parsed.error.issues);
    }
    const handler = this.handlers[method as MethodName] as (p: unknown, c: CallContext) => unknown;
    try {
      return await handler(parsed.data, call);
    } catch (error) {
      if (error instanceof ApiError) throw error;
      throw new ApiError('internal', error instanceof Error ? error.message : String(error));
    }
  }

  subscribe(event: string, listener: (payload: unknown) => void): () => void {
    if (!isEventName(event)) throw new ApiError('invalid_params', `api: there is no event "${event}"`);
    return this.context.events.on(event satisfies keyof Events, listener);
  }
}
