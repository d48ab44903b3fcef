// The renderer's one API client. In the desktop app it talks to `window.netweaver` (the
// preload bridge over Electron IPC); in browser mode to the WebSocket of `netweaver serve`,
// reconnecting with backoff. Views never know which.
import { ApiError, type ApiErrorShape } from '../../src-main/api/contract/errors.js';
import type { ApiClient, EventName, EventPayload, MethodName, Params, Result } from '../../src-main/api/contract.js';
import type { ClientMessage, MessageEndpoint, ServerMessage } from '../../src-main/api/protocol.js';
import { createRpcClient } from '../../src-main/api/rpc-client.js';

export type ConnectionState = 'connecting' | 'connected' | 'disconnected';

interface PreloadBridge {
  transport: 'ipc';
  call(method: string, params: unknown): Promise<{ ok: true; value: unknown } | { ok: false; error: ApiErrorShape }>;
  on(event: string, listener: (payload: unknown) => void): () => void;
  /** Desktop app only: the host path of a dropped/picked file ('' when it has none). */
  pathForFile?(file: File): string;
}

declare global {
  interface Window {
    netweaver?: PreloadBridge;
  }
}

export interface RendererApi extends ApiClient {
  readonly transport: 'ipc' | 'websocket';
  state(): ConnectionState;
  onState(listener: (state: ConnectionState) => void): () => void;
}

function ipcClient(bridge: PreloadBridge): RendererApi {
  return {
    transport: 'ipc',
    async call<M extends MethodName>(method: M, params: Params<M>): Promise<Result<M>> {
      const envelope = await bridge.call(method, params);
      if (!envelope.ok) throw ApiError.from(envelope.error);
      return envelope.value as Result<M>;
    },
    on: (event, listener) => bridge.on(event, listener as (p: unknown) => void),
    close: () => undefined,
    state: () => 'connected',
    onState: () => () => undefined,
  };
}

function browserEndpoint(socket: WebSocket): MessageEndpoint<ServerMessage, ClientMessage> {
  const queue: ClientMessage[] = [];
  socket.addEventListener('open', () => queue.splice(0).forEach((m) => socket.send(JSON.stringify(m))));
  return {
    send: (message) => (socket.readyState === WebSocket.OPEN ? socket.send(JSON.stringify(message)) : queue.push(message)),
    onMessage: (listener) => socket.addEventListener('message', (e) => listener(JSON.parse(String(e.data)) as ServerMessage)),
    onClose: (listener) => socket.addEventListener('close', () => listener()),
    close: () => socket.close(),
  };
}

/** Token from the URL the server printed; kept for the tab's life so hash navigation keeps it. */
function browserToken(): string {
  const fromUrl = new URLSearchParams(location.search).get('token');
  if (fromUrl) sessionStorage.setItem('netweaver-token', fromUrl);
  return fromUrl ?? sessionStorage.getItem('netweaver-token') ?? '';
}

const CONNECT_WAIT_MS = 15_000;

function websocketClient(): RendererApi {
  const token = browserToken();
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api?token=${encodeURIComponent(token)}`;
  let state: ConnectionState = 'connecting';
  let current: ApiClient | null = null;
  let retryMs = 500;
  const stateListeners = new Set<(s: ConnectionState) => void>();
  const eventListeners = new Map<string, Set<(p: unknown) => void>>();
  const offs = new Map<string, () => void>();

  const setState = (s: ConnectionState) => {
    state = s;
    stateListeners.forEach((l) => l(s));
  };

  const attach = (client: ApiClient, event: string) => {
    offs.set(event, client.on(event as EventName, (payload) => eventListeners.get(event)?.forEach((l) => l(payload))));
  };

  const connect = () => {
    const socket = new WebSocket(url);
    const client = createRpcClient(browserEndpoint(socket));
    socket.addEventListener('open', () => {
      retryMs = 500;
      current = client;
      offs.clear();
      for (const event of eventListeners.keys()) attach(client, event);
      setState('connected');
    });
    socket.addEventListener('close', () => {
      if (current === client) current = null;
      setState('disconnected');
      setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 10_000);
    });
  };
  connect();

  return {
    transport: 'websocket',
    call<M extends MethodName>(method: M, params: Params<M>): Promise<Result<M>> {
      if (current) return current.call(method, params);
      // A view asking while the socket is (re)connecting waits a little for it, so a call made
      // as the page opens does not fail just because it came first.
      return new Promise<Result<M>>((resolve, reject) => {
        const timer = setTimeout(() => (stateListeners.delete(onConnected), reject(new ApiError('unavailable', 'Not connected to NetWeaver; reconnecting…'))), CONNECT_WAIT_MS);
        const onConnected = (s: ConnectionState) => {
          if (s !== 'connected' || !current) return;
          clearTimeout(timer);
          stateListeners.delete(onConnected);
          current.call(method, params).then(resolve, reject);
        };
        stateListeners.add(onConnected);
      });
    },
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) {
      let set = eventListeners.get(event);
      if (!set) {
        eventListeners.set(event, (set = new Set()));
        if (current) attach(current, event);
      }
      set.add(listener as (p: unknown) => void);
      return () => {
        set.delete(listener as (p: unknown) => void);
        if (set.size === 0) {
          eventListeners.delete(event);
          offs.get(event)?.();
          offs.delete(event);
        }
      };
    },
    close: () => current?.close(),
    state: () => state,
    onState: (listener) => {
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    },
  };
}

export const api: RendererApi = window.netweaver ? ipcClient(window.netweaver) : websocketClient();
