// Report PDFs in the desktop app: Electron's own Chromium prints the report's HTML
// (webContents.printToPDF) in a hidden, sandboxed window with JavaScript off and every network
// request refused, so no separate browser is needed. Installed as the report renderer's printer.
import { BrowserWindow, session } from 'electron';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { setPdfPrinter } from '../report/generate.js';
import { escapeMarkup } from '../report/markup.js';

const PARTITION = 'report-pdf';

function lockedSession(): Electron.Session {
  const s = session.fromPartition(PARTITION, { cache: false });
  // Only the report file itself may load: a report must never reach the network.
  s.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !details.url.startsWith('file:') && !details.url.startsWith('data:') }));
  s.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  return s;
}

export async function printReportPdf(html: string, title: string): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), 'netweaver-report-'));
  const file = join(dir, 'report.html');
  const win = new BrowserWindow({
    show: false,
    width: 900,
    height: 1200,
    webPreferences: { session: lockedSession(), javascript: false, sandbox: true, contextIsolation: true, nodeIntegration: false, offscreen: true },
  });
  try {
    await writeFile(file, html, 'utf8');
    await win.loadURL(pathToFileURL(file).href);
    const pdf = await win.webContents.printToPDF({
      pageSize: 'A4',
      printBackground: true,
      preferCSSPageSize: true,
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate: `<div style="font-size:8px;width:100%;padding:0 12mm;color:#666;display:flex;justify-content:space-between"><span>${escapeMarkup(title)}</span><span>page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`,
      margins: { top: 0.55, bottom: 0.63, left: 0.47, right: 0.47 },
    });
    return Buffer.from(pdf);
  } finally {
    win.destroy();
    await rm(dir, { recursive: true, force: true });
  }
}

/** Called once the app is ready: reports.generate with format pdf then prints here. */
export function installReportPdfPrinter(): void {
  setPdfPrinter(printReportPdf);
}
