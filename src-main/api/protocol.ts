// The RPC wire protocol shared by every message-based transport (WebSocket, MessagePort,
// in-process): discriminated unions in both directions. No Node imports.
import type { ApiErrorShape } from './contract/errors.js';

export const PROTOCOL_VERSION = 1;

export type ClientMessage =
  | { type: 'call'; id: number; method: string; params: unknown }
  | { type: 'subscribe'; event: string }
  | { type: 'unsubscribe'; event: string };

export type ServerMessage =
  | { type: 'hello'; protocol: number; version: string }
  | { type: 'result'; id: number; value: unknown }
  | { type: 'error'; id: number; error: ApiErrorShape }
  | { type: 'event'; event: string; payload: unknown };

/** One end of a bidirectional message pipe. Transports adapt their sockets/ports to this. */
export interface MessageEndpoint<Incoming, Outgoing> {
  send(message: Outgoing): void;
  onMessage(listener: (message: Incoming) => void): void;
  onClose(listener: () => void): void;
  close(): void;
}

export function isClientMessage(value: unknown): value is ClientMessage {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Record<string, unknown>;
  if (m.type === 'call') return typeof m.id === 'number' && typeof m.method === 'string';
  if (m.type === 'subscribe' || m.type === 'unsubscribe') return typeof m.event === 'string';
  return false;
}
