// Building blocks of the contract: a method is a zod input schema plus a phantom output type;
// an event is a phantom payload type. No Node imports: the renderer compiles this file too.
import type { z } from 'zod';

export interface MethodDef<I extends z.ZodType, O> {
  readonly input: I;
  /** Phantom: never read at run time, only carries the result type. */
  readonly output?: O;
}

export function method<I extends z.ZodType>(input: I) {
  return {
    returns<O>(): MethodDef<I, O> {
      return { input };
    },
  };
}

export interface EventDef<P> {
  readonly payload?: P;
}

export function event<P>(): EventDef<P> {
  return {};
}
