// The typed client over any MessageEndpoint: numbered calls with pending promises, event
// subscriptions reference-counted per event name. Used by the renderer (WebSocket), the CLI
// and tests (in-process). No Node imports.
import { ApiError } from './contract/errors.js';
import type { ApiClient, EventName, EventPayload, MethodName, Params, Result } from './contract.js';
import type { ClientMessage, MessageEndpoint, ServerMessage } from './protocol.js';

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

export function createRpcClient(endpoint: MessageEndpoint<ServerMessage, ClientMessage>): ApiClient {
  let nextId = 1;
  let closed = false;
  const pending = new Map<number, Pending>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();

  endpoint.onMessage((message) => {
    switch (message.type) {
      case 'result':
        pending.get(message.id)?.resolve(message.value);
        pending.delete(message.id);
        break;
      case 'error':
        pending.get(message.id)?.reject(ApiError.from(message.error));
        pending.delete(message.id);
        break;
      case 'event':
        for (const listener of listeners.get(message.event) ?? []) listener(message.payload);
        break;
      case 'hello':
        break;
    }
  });

  endpoint.onClose(() => {
    closed = true;
    for (const p of pending.values()) p.reject(new ApiError('unavailable', 'api: the connection to NetWeaver closed before the answer came'));
    pending.clear();
  });

  return {
    call<M extends MethodName>(method: M, params: Params<M>): Promise<Result<M>> {
      if (closed) return Promise.reject(new ApiError('unavailable', 'api: not connected to NetWeaver'));
      const id = nextId++;
      return new Promise<Result<M>>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        endpoint.send({ type: 'call', id, method, params });
      });
    },
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
      let set = listeners.get(event);
      if (!set) {
        set = new Set();
        listeners.set(event, set);
        if (!closed) endpoint.send({ type: 'subscribe', event });
      }
      const typed = listener as (payload: unknown) => void;
      set.add(typed);
      return () => {
        const current = listeners.get(event);
        if (!current?.delete(typed) || current.size > 0) return;
        listeners.delete(event);
        if (!closed) endpoint.send({ type: 'unsubscribe', event });
      };
    },
    close() {
      endpoint.close();
    },
  };
}
