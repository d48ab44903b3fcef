// `netweaver serve`: the built renderer over HTTP and the service over a WebSocket (/api), on
// 127.0.0.1 by default, with a random token per start and the Origin checked. Also /metrics
// (Prometheus text, token required).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { serveEndpoint } from '../api/rpc-server.js';
import type { Service } from '../api/service.js';
import { toPrometheusText } from '../metrics/prometheus-text.js';
import { resolveStaticPath, securityHeaders, sendFile } from './static-files.js';
import { newToken, TOKEN_COOKIE, tokenFromRequest, tokenMatches } from './token.js';
import { MAX_FRAME_BYTES, wsEndpoint } from './ws-endpoint.js';

export interface ServeConfig {
  host: string;
  port: number;
  rendererDir: string;
  /** Fixed token (tests); a random one per start otherwise. */
  token?: string;
}

export const defaultServeConfig = (rendererDir: string): ServeConfig => ({ host: '127.0.0.1', port: 7811, rendererDir });

export interface RunningServer {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

function hostForUrl(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

export async function startServer(service: Service, config: ServeConfig): Promise<RunningServer> {
  const token = config.token ?? newToken();
  let allowedOrigins = new Set<string>();
  const httpServer: Server = createServer((req, res) => handleHttp(req, res));
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });

  function refuse(res: ServerResponse, status: number, text: string): void {
    res.writeHead(status, { ...securityHeaders(), 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(text + '\n');
  }

  function handleHttp(req: IncomingMessage, res: ServerResponse): void {
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'NetWeaver: only GET is served here');
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (!tokenMatches(token, tokenFromRequest(req))) {
      return refuse(res, 401, 'NetWeaver: this address needs the token that `netweaver serve` printed. Open the full URL it printed (…/?token=…).');
    }
    if (url.pathname === '/metrics') {
      res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' });
      res.end(toPrometheusText(service.context.metrics.collect()));
      return;
    }
    const file = resolveStaticPath(config.rendererDir, url.pathname) ?? resolveStaticPath(config.rendererDir, '/');
    if (!file) return refuse(res, 503, `NetWeaver: the user interface is not built (no ${config.rendererDir}/index.html); run \`npm run build\``);
    if (url.searchParams.has('token')) {
      // Keep the token in an HttpOnly cookie so the page's assets and its WebSocket authenticate.
      res.setHeader('Set-Cookie', `${TOKEN_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`);
    }
    sendFile(res, file);
  }

  httpServer.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const origin = req.headers.origin;
    const reason =
      url.pathname !== '/api'
        ? 'not found'
        : !tokenMatches(token, tokenFromRequest(req))
          ? 'token missing or wrong'
          : origin !== undefined && !allowedOrigins.has(origin)
            ? `origin ${origin} not allowed`
            : null;
    if (reason) {
      socket.write(`HTTP/1.1 ${reason === 'not found' ? '404 Not Found' : '403 Forbidden'}\r\nConnection: close\r\nContent-Type: text/plain\r\n\r\nNetWeaver: ${reason}\r\n`);
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serveEndpoint(service, wsEndpoint(ws), 'websocket'));
  });

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  const port = (httpServer.address() as AddressInfo).port;
  const hostNames = new Set([hostForUrl(config.host), ...(config.host === '127.0.0.1' || config.host === '::1' ? ['127.0.0.1', 'localhost', '[::1]'] : [])]);
  allowedOrigins = new Set([...hostNames].map((h) => `http://${h}:${port}`));
  const url = `http://${hostForUrl(config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host)}:${port}/?token=${token}`;

  return {
    url,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        httpServer.closeAllConnections();
        httpServer.close(() => resolve());
      }),
  };
}
