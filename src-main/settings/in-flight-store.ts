// Counts the statements running on a store so store.switch can close the old one only when the
// queries that started on it have finished: closing a DuckDB database under a running query
// hangs the process. A Proxy, so `instanceof DuckDBStore` and backend fast paths still work.
import type { Store } from '../store/store.js';

interface InFlight {
  active: number;
  idle: Array<() => void>;
}

const tracked = new WeakMap<object, InFlight>();
const COUNTED = new Set<PropertyKey>(['run', 'all', 'info']);

export function trackInFlight<S extends Store>(store: S): S {
  if (tracked.has(store)) return store;
  const state: InFlight = { active: 0, idle: [] };
  const proxy = new Proxy(store, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target) as unknown;
      if (typeof value !== 'function') return value;
      if (!COUNTED.has(prop)) return value.bind(target);
      return async (...args: unknown[]) => {
        state.active++;
        try {
          return await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        } finally {
          if (--state.active === 0) for (const wake of state.idle.splice(0)) wake();
        }
      };
    },
  });
  tracked.set(proxy, state);
  return proxy;
}

/** Resolves true once no statement runs on `store`, false if some still run after `timeoutMs`. */
export function whenIdle(store: Store, timeoutMs: number): Promise<boolean> {
  const state = tracked.get(store);
  if (!state || state.active === 0) return Promise.resolve(true);
  return new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    timer.unref();
    state.idle.push(() => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}
