// The in-process transport: a client and the service in one process, joined by a pipe that
// still serialises every message (JSON), so tests see exactly what crosses a real transport.
import type { ApiClient } from './contract.js';
import type { ClientMessage, MessageEndpoint, ServerMessage } from './protocol.js';
import { createRpcClient } from './rpc-client.js';
import { serveEndpoint } from './rpc-server.js';
import type { Service } from './service.js';

function pipe<A, B>(): [MessageEndpoint<A, B>, MessageEndpoint<B, A>] {
  const listeners: [((m: A) => void)[], ((m: B) => void)[]] = [[], []];
  const closeListeners: (() => void)[] = [];
  let closed = false;
  const deliver = <T>(targets: ((m: T) => void)[], message: unknown) => {
    if (closed) return;
    const copy = JSON.parse(JSON.stringify(message)) as T;
    queueMicrotask(() => targets.forEach((l) => l(copy)));
  };
  const close = () => {
    if (closed) return;
    closed = true;
    closeListeners.forEach((l) => l());
  };
  const left: MessageEndpoint<A, B> = {
    send: (m) => deliver(listeners[1], m),
    onMessage: (l) => listeners[0].push(l),
    onClose: (l) => closeListeners.push(l),
    close,
  };
  const right: MessageEndpoint<B, A> = {
    send: (m) => deliver(listeners[0], m),
    onMessage: (l) => listeners[1].push(l),
    onClose: (l) => closeListeners.push(l),
    close,
  };
  return [left, right];
}

export function createInProcessClient(service: Service, transport = 'in-process'): ApiClient {
  const [clientEnd, serverEnd] = pipe<ServerMessage, ClientMessage>();
  serveEndpoint(service, serverEnd as MessageEndpoint<unknown, ServerMessage>, transport);
  return createRpcClient(clientEnd);
}
