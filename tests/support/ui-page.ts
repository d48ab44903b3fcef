// One `netweaver serve` and one Chromium page on a view, for the UI tests: starts both, waits
// until the page is connected (the status light names the store), and collects page errors so
// a test can assert none happened.
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './chromium.js';
import { startServe, type ServeOptions, type ServeProcess } from './serve-process.js';

export interface UiPage {
  serve: ServeProcess;
  browser: Browser;
  page: Page;
  errors: string[];
  close(): Promise<void>;
}

export async function openUiPage(hashRoute: string, viewport = { width: 1400, height: 900 }, options: ServeOptions & { args?: string[] } = {}): Promise<UiPage> {
  const [serve, browser] = await Promise.all([startServe(options.args ?? [], options), launchChromium()]);
  const page = await browser.newPage({ viewport });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${serve.url}${hashRoute}`);
  await page.getByTestId('health').filter({ hasText: 'duckdb' }).waitFor({ timeout: 15_000 });
  return {
    serve,
    browser,
    page,
    errors,
    close: async () => {
      await browser.close();
      await serve.stop();
    },
  };
}
