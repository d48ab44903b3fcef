// The shape of an area's handlers, derived from its part of the contract.
import type { z } from 'zod';
import type { EventDef, MethodDef } from '../contract/define.js';
import type { CallContext } from '../service-context.js';

type ResultOf<D> = D extends MethodDef<z.ZodType, infer O> ? O : never;
type InputOf<D> = D extends MethodDef<infer I, unknown> ? z.output<I> : never;

export type Handlers<Defs extends Record<string, MethodDef<z.ZodType, unknown>>> = {
  [M in keyof Defs]: (params: InputOf<Defs[M]>, call: CallContext) => Promise<ResultOf<Defs[M]>> | ResultOf<Defs[M]>;
};

export type AnyEvents = Record<string, EventDef<unknown>>;
