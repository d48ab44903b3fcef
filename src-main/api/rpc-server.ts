// Serves one Service over one MessageEndpoint (a WebSocket connection, a MessagePort, an
// in-process pipe): validates each message, dispatches calls, forwards subscribed events.
import { ApiError } from './contract/errors.js';
import { isClientMessage, PROTOCOL_VERSION, type ClientMessage, type MessageEndpoint, type ServerMessage } from './protocol.js';
import type { Service } from './service.js';

export function serveEndpoint(service: Service, endpoint: MessageEndpoint<unknown, ServerMessage>, transport: string): void {
  const unsubscribers = new Map<string, () => void>();

  endpoint.send({ type: 'hello', protocol: PROTOCOL_VERSION, version: service.version });

  endpoint.onMessage((raw) => {
    if (!isClientMessage(raw)) {
      // A message we cannot even number: answer on id 0 so a debugging client sees why.
      endpoint.send({ type: 'error', id: 0, error: { code: 'invalid_params', message: 'api: malformed message (expected {type:"call"|"subscribe"|"unsubscribe", …})' } });
      return;
    }
    handle(raw);
  });

  endpoint.onClose(() => {
    for (const off of unsubscribers.values()) off();
    unsubscribers.clear();
  });

  function handle(message: ClientMessage): void {
    switch (message.type) {
      case 'call':
        service
          .call(message.method, message.params, { transport })
          .then((value) => endpoint.send({ type: 'result', id: message.id, value }))
          .catch((error: unknown) => endpoint.send({ type: 'error', id: message.id, error: toErrorShape(error) }));
        break;
      case 'subscribe':
        if (unsubscribers.has(message.event)) return;
        try {
          unsubscribers.set(message.event, service.subscribe(message.event, (payload) => endpoint.send({ type: 'event', event: message.event, payload })));
        } catch (error) {
          endpoint.send({ type: 'error', id: 0, error: toErrorShape(error) });
        }
        break;
      case 'unsubscribe':
        unsubscribers.get(message.event)?.();
        unsubscribers.delete(message.event);
        break;
    }
  }
}

export function toErrorShape(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ApiError('internal', message);
}
