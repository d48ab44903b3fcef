// The API of a running `netweaver serve`, as a test's oracle: the typed RPC client over the
// same WebSocket the browser uses, so a UI test can ask the service what the page should show.
import WebSocket from 'ws';
import type { ApiClient } from '../../src-main/api/contract.js';
import type { ServerMessage } from '../../src-main/api/protocol.js';
import { createRpcClient } from '../../src-main/api/rpc-client.js';
import type { ServeProcess } from './serve-process.js';

/** What connectServeApi gives: call(method, params), on(event, listener), close(). */
export type ServeApi = ApiClient;

export async function connectServeApi(serve: Pick<ServeProcess, 'base' | 'token'>): Promise<ApiClient> {
  const ws = new WebSocket(`${serve.base.replace('http', 'ws')}/api?token=${serve.token}`, { headers: { Origin: serve.base } });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return createRpcClient({
    send: (message) => ws.send(JSON.stringify(message)),
    onMessage: (listener) => ws.on('message', (data) => listener(JSON.parse(String(data)) as ServerMessage)),
    onClose: (listener) => ws.on('close', () => listener()),
    close: () => ws.close(),
  });
}
