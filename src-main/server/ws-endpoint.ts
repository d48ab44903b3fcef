// Adapts one `ws` WebSocket connection to the RPC MessageEndpoint (JSON text frames).
import type { WebSocket } from 'ws';
import type { MessageEndpoint, ServerMessage } from '../api/protocol.js';

/** Frames larger than this are refused: nothing in the contract needs more. */
export const MAX_FRAME_BYTES = 16 * 1024 * 1024;

export function wsEndpoint(socket: WebSocket): MessageEndpoint<unknown, ServerMessage> {
  return {
    send(message) {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
    },
    onMessage(listener) {
      socket.on('message', (data, isBinary) => {
        if (isBinary) return listener(null);
        try {
          listener(JSON.parse(data.toString()));
        } catch {
          listener(null); // answered as a malformed message by the server
        }
      });
    },
    onClose(listener) {
      socket.on('close', listener);
    },
    close() {
      socket.close();
    },
  };
}
