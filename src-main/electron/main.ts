// The desktop app's main process: starts the host (store, engine workers as utilityProcesses,
// service), serves the renderer from a privileged app:// scheme with a strict CSP, and opens a
// sandboxed, context-isolated window. Navigation, new windows and permissions are refused.
import { app, BrowserWindow, Menu, net, protocol, session, shell } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { NetWeaverHost } from '../host.js';
import { resolveStaticPath, securityHeaders } from '../server/static-files.js';
import { installIpcTransport } from './ipc-transport.js';
import { installReportPdfPrinter } from './report-pdf.js';
import { utilityLauncher } from './utility-launcher.js';

const APP_ORIGIN = 'app://netweaver';
const rendererRoot = join(import.meta.dirname, '..', 'renderer');
const preloadScript = join(import.meta.dirname, '..', 'preload', 'index.cjs');
const workerScript = join(import.meta.dirname, 'worker.js');

protocol.registerSchemesAsPrivileged([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

function dbFromArgv(): string | undefined {
  const i = process.argv.indexOf('--db');
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const windows = new Set<number>();

function isTrustedUrl(url: string): boolean {
  return url.startsWith(`${APP_ORIGIN}/`) || (!!process.env.ELECTRON_RENDERER_URL && url.startsWith(process.env.ELECTRON_RENDERER_URL));
}

function serveRenderer(): void {
  protocol.handle('app', async (request) => {
    const url = new URL(request.url);
    const file = resolveStaticPath(rendererRoot, url.pathname) ?? resolveStaticPath(rendererRoot, '/');
    if (!file) return new Response('NetWeaver: the user interface is not built', { status: 404 });
    const response = await net.fetch(pathToFileURL(file).href);
    const headers = new Headers(response.headers);
    for (const [k, v] of Object.entries(securityHeaders())) headers.set(k, v);
    return new Response(response.body, { status: response.status, headers });
  });
}

function lockDownContents(): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isTrustedUrl(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      // Links to documentation open in the user's browser, never inside the app.
      if (url.startsWith('https://')) void shell.openExternal(url);
      return { action: 'deny' };
    });
  });
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1400,
    height: 900,
    title: 'NetWeaver',
    show: false,
    webPreferences: {
      preload: preloadScript,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
    },
  });
  windows.add(win.webContents.id);
  win.on('closed', () => windows.delete(win.webContents.id));
  win.once('ready-to-show', () => win.show());
  void win.loadURL(process.env.ELECTRON_RENDERER_URL ?? `${APP_ORIGIN}/index.html`);
  return win;
}

async function start(): Promise<void> {
  await app.whenReady();
  serveRenderer();
  lockDownContents();
  installReportPdfPrinter();
  Menu.setApplicationMenu(
    Menu.buildFromTemplate([
      { role: 'fileMenu' },
      { role: 'editMenu' },
      { role: 'viewMenu' },
      { role: 'windowMenu' },
    ]),
  );
  const host = new NetWeaverHost({ store: { db: dbFromArgv() }, launcher: utilityLauncher(workerScript) });
  let service;
  try {
    service = await host.start();
  } catch (error) {
    const { dialog } = await import('electron');
    dialog.showErrorBox('NetWeaver cannot start', (error as Error).message);
    app.exit(1);
    return;
  }
  const removeIpc = installIpcTransport(service, {
    isTrustedUrl,
    isOurWebContents: (contents) => windows.has(contents.id),
  });
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => {
    removeIpc();
    void host.stop();
  });
}

void start();
