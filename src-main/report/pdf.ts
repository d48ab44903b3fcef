// The PDF renderer for the CLI and `netweaver serve`: the report's HTML printed by the system's
// Chromium (playwright-core, no downloaded browser), A4 with page numbers. The desktop app
// prints through Electron's webContents.printToPDF instead (src-main/electron/report-pdf.ts).
// The page is loaded with every network request refused, so a PDF can never fetch anything.
import { existsSync } from 'node:fs';
import { escapeMarkup } from './markup.js';

export class ReportPdfError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReportPdfError';
  }
}

const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/snap/bin/chromium'];

/** The browser to print with: $CHROMIUM_PATH when set, else the usual system locations. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  const configured = env.CHROMIUM_PATH ?? env.NETWEAVER_CHROMIUM;
  if (configured) return existsSync(configured) ? configured : null;
  return CHROMIUM_CANDIDATES.find((p) => existsSync(p)) ?? null;
}

export function chromiumMissingMessage(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env.CHROMIUM_PATH ?? env.NETWEAVER_CHROMIUM;
  const where = configured ? `CHROMIUM_PATH=${configured} does not exist` : `none of ${CHROMIUM_CANDIDATES.join(', ')} exists`;
  return `report: PDF output needs a Chromium browser to print with, and ${where}. Install one (Debian/Ubuntu: apt install chromium) or point CHROMIUM_PATH at it — or write --format html and print that file from any browser.`;
}

export interface PdfOptions {
  /** Shown in the page footer beside the page number. */
  title: string;
  executablePath?: string;
  /** Give up after this long (a hung browser must not hang the CLI). */
  timeoutMs?: number;
}

export async function renderPdf(html: string, options: PdfOptions): Promise<Buffer> {
  const executablePath = options.executablePath ?? findChromium();
  if (!executablePath) throw new ReportPdfError(chromiumMissingMessage());
  const { chromium } = await import('playwright-core');
  const timeout = options.timeoutMs ?? 60_000;
  let browser;
  try {
    browser = await chromium.launch({
      executablePath,
      headless: true,
      timeout,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  } catch (error) {
    throw new ReportPdfError(`report: could not start Chromium at ${executablePath} to print the PDF: ${(error as Error).message.split('\n')[0]}`);
  }
  try {
    const context = await browser.newContext({ offline: true, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.route('**/*', (route) => route.abort('blockedbyclient'));
    page.setDefaultTimeout(timeout);
    await page.setContent(html, { waitUntil: 'load', timeout });
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({
      format: 'A4',
      printBackground: true,
      preferCSSPageSize: true,
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate: `<div style="font-size:8px;width:100%;padding:0 12mm;color:#666;display:flex;justify-content:space-between"><span>${escapeMarkup(options.title)}</span><span>page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`,
      margin: { top: '14mm', bottom: '16mm', left: '12mm', right: '12mm' },
    });
    return Buffer.from(pdf);
  } finally {
    await browser.close();
  }
}
