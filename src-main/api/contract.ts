// The contract: every method (request → response) and event the NetWeaver service offers.
// Types and input schemas only, no Node imports — the renderer, the CLI and every transport
// compile against this one file. Each area declares its part in contract/<area>.ts.
import type { z } from 'zod';
import type { EventDef, MethodDef } from './contract/define.js';
import { simEvents, simMethods } from './contract/sim.js';
import { reportsEvents, reportsMethods } from './contract/reports.js';
import { mlMethods } from './contract/ml.js';
import { routingMethods } from './contract/routing.js';
import { systemEvents, systemMethods } from './contract/system.js';
import { collectorEvents, collectorMethods } from './contract/collector.js';
import { flowsMethods } from './contract/flows.js';
import { captureMethods } from './contract/capture.js';
import { settingsEvents, settingsMethods } from './contract/settings.js';

export const methods = {
  ...systemMethods,
  ...simMethods,
  ...collectorMethods,
  ...flowsMethods,
  ...captureMethods,
  ...reportsMethods,
  ...mlMethods,
  ...routingMethods,
  ...settingsMethods,
};

export const events = {
  ...systemEvents,
  ...simEvents,
  ...collectorEvents,
  ...reportsEvents,
  ...settingsEvents,
};

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type Events = typeof events;
export type EventName = keyof Events;

/** What a caller passes (defaults may be omitted). */
export type Params<M extends MethodName> = z.input<Methods[M]['input']>;
/** What a handler receives after validation (defaults filled in). */
export type ValidParams<M extends MethodName> = z.output<Methods[M]['input']>;
export type Result<M extends MethodName> = Methods[M] extends MethodDef<z.ZodType, infer O> ? O : never;
export type EventPayload<E extends EventName> = Events[E] extends EventDef<infer P> ? P : never;

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(methods, name);
}

export function isEventName(name: string): name is EventName {
  return Object.prototype.hasOwnProperty.call(events, name);
}

/** The client every consumer (renderer, CLI, tests) programs against, whatever the transport. */
export interface ApiClient {
  call<M extends MethodName>(method: M, params: Params<M>): Promise<Result<M>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  close(): void;
}

export { ApiError } from './contract/errors.js';
export type { ApiErrorCode, ApiErrorShape } from './contract/errors.js';
export type { Health, JobInfo, JobState } from './contract/system.js';
export type { SimEventLabel, SimNetworkSummary, SimRunResult, SimStartedEvent, SimStepEvent } from './contract/sim.js';
