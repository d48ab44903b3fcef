// The Electron IPC transport: ipcMain.handle for calls, webContents.send for subscribed events.
// Every message's sender is validated: it must be one of our windows showing our own renderer.
import { ipcMain, type IpcMainEvent, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { toErrorShape } from '../api/rpc-server.js';
import type { Service } from '../api/service.js';
import { IPC_CALL, IPC_EVENT, IPC_SUBSCRIBE, IPC_UNSUBSCRIBE } from './ipc-channels.js';

export interface IpcTransportConfig {
  /** True when a frame URL is our renderer (file:// of out/renderer, or the dev server). */
  isTrustedUrl(url: string): boolean;
  /** The webContents ids of our windows. */
  isOurWebContents(contents: WebContents): boolean;
}

export function installIpcTransport(service: Service, config: IpcTransportConfig): () => void {
  const subscriptions = new Map<number, Map<string, () => void>>();

  function validSender(event: IpcMainEvent | IpcMainInvokeEvent): boolean {
    const frame = event.senderFrame;
    return !!frame && config.isOurWebContents(event.sender) && config.isTrustedUrl(frame.url);
  }

  ipcMain.handle(IPC_CALL, async (event, method: unknown, params: unknown) => {
    if (!validSender(event)) return { ok: false, error: { code: 'unauthorized', message: 'ipc: call from an untrusted frame refused' } };
    try {
      return { ok: true, value: await service.call(String(method), params, { transport: 'ipc' }) };
    } catch (error) {
      return { ok: false, error: toErrorShape(error).toJSON() };
    }
  });

  ipcMain.on(IPC_SUBSCRIBE, (event, name: unknown) => {
    if (!validSender(event) || typeof name !== 'string') return;
    const contents = event.sender;
    let subs = subscriptions.get(contents.id);
    if (!subs) {
      subscriptions.set(contents.id, (subs = new Map()));
      contents.once('destroyed', () => {
        for (const off of subs!.values()) off();
        subscriptions.delete(contents.id);
      });
    }
    if (subs.has(name)) return;
    try {
      subs.set(name, service.subscribe(name, (payload) => {
        if (!contents.isDestroyed()) contents.send(IPC_EVENT, name, payload);
      }));
    } catch {
      // Unknown event names are ignored; the renderer is compiled against the same contract.
    }
  });

  ipcMain.on(IPC_UNSUBSCRIBE, (event, name: unknown) => {
    if (!validSender(event) || typeof name !== 'string') return;
    subscriptions.get(event.sender.id)?.get(name)?.();
    subscriptions.get(event.sender.id)?.delete(name);
  });

  return () => {
    ipcMain.removeHandler(IPC_CALL);
    ipcMain.removeAllListeners(IPC_SUBSCRIBE);
    ipcMain.removeAllListeners(IPC_UNSUBSCRIBE);
    for (const subs of subscriptions.values()) for (const off of subs.values()) off();
  };
}
