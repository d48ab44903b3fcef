// `netweaver serve` end to end: the real CLI process, the real page in Chromium, the API
// round-tripping over the WebSocket; and the same addresses refused without the token.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Browser } from 'playwright-core';
import { artifactPath, chromiumMissingReason, chromiumPath, launchChromium } from '../support/chromium.js';
import { startServe, type ServeProcess } from '../support/serve-process.js';

let serve: ServeProcess;

beforeAll(async () => {
  serve = await startServe();
});
afterAll(async () => {
  await serve?.stop();
});

describe('netweaver serve: token and origin', () => {
  it('refuses the page without the token', async () => {
    const res = await fetch(`${serve.base}/`);
    expect(res.status).toBe(401);
    expect(await res.text()).toMatch(/needs the token/);
  });

  it('refuses a wrong token', async () => {
    const res = await fetch(`${serve.base}/?token=${'x'.repeat(serve.token.length)}`);
    expect(res.status).toBe(401);
  });

  it('serves the page with the token, with a CSP', async () => {
    const res = await fetch(serve.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    expect(await res.text()).toMatch(/<div id="root">/);
  });

  const wsOpens = (url: string, headers: Record<string, string> = {}) =>
    new Promise<boolean>((resolve) => {
      const ws = new WebSocket(url, { headers });
      ws.on('open', () => {
        ws.close();
        resolve(true);
      });
      ws.on('error', () => resolve(false));
      ws.on('unexpected-response', () => resolve(false));
    });

  it('refuses a WebSocket without the token', async () => {
    expect(await wsOpens(`${serve.base.replace('http', 'ws')}/api`)).toBe(false);
  });

  it('refuses a WebSocket from a foreign Origin even with the token', async () => {
    expect(await wsOpens(`${serve.base.replace('http', 'ws')}/api?token=${serve.token}`, { Origin: 'http://evil.example' })).toBe(false);
  });

  it('accepts a WebSocket with the token and answers a call', async () => {
    const ws = new WebSocket(`${serve.base.replace('http', 'ws')}/api?token=${serve.token}`);
    const answer = await new Promise<unknown>((resolve, reject) => {
      ws.on('message', (data) => {
        const msg = JSON.parse(String(data));
        if (msg.type === 'result') resolve(msg.value);
      });
      ws.on('open', () => ws.send(JSON.stringify({ type: 'call', id: 1, method: 'system.echo', params: { text: 'ping' } })));
      ws.on('error', reject);
    });
    ws.close();
    expect(answer).toMatchObject({ text: 'ping' });
  });

  it('serves Prometheus metrics with the token only', async () => {
    expect((await fetch(`${serve.base}/metrics`)).status).toBe(401);
    const res = await fetch(`${serve.base}/metrics`, { headers: { Authorization: `Bearer ${serve.token}` } });
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/^# TYPE netweaver_workers gauge$/m);
  });
});

describe.skipIf(!chromiumPath)(`netweaver serve in Chromium${chromiumPath ? '' : ` (skipped: ${chromiumMissingReason})`}`, () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('renders the navigation, connects, and round-trips system.health', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(serve.url);
    const nav = page.getByRole('navigation', { name: 'Areas' });
    for (const title of ['Topology', 'Flows', 'What-if', 'Simulate', 'Forecast', 'Captures', 'Collector', 'Reports', 'Settings']) {
      expect(await nav.getByRole('link', { name: title }).count()).toBe(1);
    }
    // The status light only says "duckdb" once system.health came back over the WebSocket.
    await page.getByTestId('health').filter({ hasText: 'duckdb' }).waitFor({ timeout: 15_000 });
    await page.keyboard.press('9');
    await page.getByTestId('store-location').filter({ hasText: serve.dbPath }).waitFor();
    await page.screenshot({ path: artifactPath('serve-settings-light.png') });
    await page.keyboard.press('d');
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await page.keyboard.press('1');
    await page.screenshot({ path: artifactPath('serve-topology-dark.png') });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows the refusal, not the app, when the token is missing', async () => {
    const page = await browser.newPage();
    const response = await page.goto(`${serve.base}/`);
    expect(response?.status()).toBe(401);
    expect(await page.locator('#root').count()).toBe(0);
    await page.close();
  });
});
