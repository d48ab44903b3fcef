// A Node client for a running `netweaver serve`: calls API methods over its WebSocket with the
// token, as the page does, so a UI test can set up state (start the collector, store flows)
// and compare what the page shows with what the API answers.
import WebSocket from 'ws';
import type { MethodName, Params, Result } from '../../src-main/api/contract.js';
import type { ServeProcess } from './serve-process.js';

export interface ServeApi {
  call<M extends MethodName>(method: M, params: Params<M>): Promise<Result<M>>;
  close(): void;
}

export async function connectServeApi(serve: ServeProcess): Promise<ServeApi> {
  const ws = new WebSocket(`${serve.base.replace('http', 'ws')}/api?token=${serve.token}`, { headers: { Origin: serve.base } });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let nextId = 1;
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  ws.on('message', (data) => {
    const msg = JSON.parse(String(data)) as { type: string; id?: number; value?: unknown; error?: { message: string } };
    const p = msg.id === undefined ? undefined : pending.get(msg.id);
    if (!p) return;
    pending.delete(msg.id!);
    if (msg.type === 'result') p.resolve(msg.value);
    else if (msg.type === 'error') p.reject(new Error(msg.error?.message ?? 'serve-api: call failed'));
  });
  return {
    call: <M extends MethodName>(method: M, params: Params<M>) =>
      new Promise<Result<M>>((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        ws.send(JSON.stringify({ type: 'call', id, method, params }));
      }),
    close: () => ws.close(),
  };
}
