// The preload bridge: exposes a typed `window.netweaver` (call + on) to the sandboxed,
// context-isolated renderer. Nothing else from Node or Electron crosses.
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { IPC_CALL, IPC_EVENT, IPC_SUBSCRIBE, IPC_UNSUBSCRIBE } from './ipc-channels.js';

type Envelope = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string; details?: unknown } };

const listeners = new Map<string, Set<(payload: unknown) => void>>();

ipcRenderer.on(IPC_EVENT, (_event, name: string, payload: unknown) => {
  for (const listener of listeners.get(name) ?? []) listener(payload);
});

contextBridge.exposeInMainWorld('netweaver', {
  transport: 'ipc',
  // A dropped or picked file's real path, so the desktop app imports it in place (no upload).
  // File.path is gone since Electron 32; webUtils is the supported way.
  pathForFile: (file: File): string => webUtils.getPathForFile(file),
  call: async (method: string, params: unknown): Promise<Envelope> => ipcRenderer.invoke(IPC_CALL, method, params),
  on: (event: string, listener: (payload: unknown) => void): (() => void) => {
    let set = listeners.get(event);
    if (!set) {
      listeners.set(event, (set = new Set()));
      ipcRenderer.send(IPC_SUBSCRIBE, event);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) {
        listeners.delete(event);
        ipcRenderer.send(IPC_UNSUBSCRIBE, event);
      }
    };
  },
});
