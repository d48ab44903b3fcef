// The settings view in Chromium against `netweaver serve` (its own settings folder): switch the
// running service to a second DuckDB file and see the location and the status light change; a
// PostgreSQL URL nobody answers shows why; a sampling override is added (and a bad one refused
// beside its field); a bad listener port is refused beside its field. Screenshots saved.
import { createSocket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactPath, chromiumMissingReason, chromiumPath, launchChromium } from '../support/chromium.js';
import { startServe, type ServeProcess } from '../support/serve-process.js';
import { sharedMissingReason, sharedPath, sharedPresent } from '../support/shared-data.js';

describe.skipIf(!chromiumPath)(`settings view in Chromium${chromiumPath ? '' : ` (skipped: ${chromiumMissingReason})`}`, () => {
  let serve: ServeProcess;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    [serve, browser] = await Promise.all([startServe(['--no-collect']), launchChromium()]);
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${serve.url}#/settings`);
    await page.getByTestId('health').filter({ hasText: 'duckdb' }).waitFor({ timeout: 15_000 });
  });
  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
  });

  const configFile = () => join(dirname(serve.dbPath), 'config', 'settings.json');

  it('switches the running service to a second DuckDB file; the location and the status light follow', async () => {
    await page.getByTestId('store-location').filter({ hasText: serve.dbPath }).waitFor();
    expect(await page.getByLabel('Store location').inputValue()).toBe(serve.dbPath);
    const second = join(dirname(serve.dbPath), 'second.duckdb');
    await page.getByLabel('Store location').fill(second);
    await page.getByRole('button', { name: 'Test connection' }).click();
    await page.getByTestId('store-test').filter({ hasText: 'will create it' }).waitFor();
    await page.getByRole('button', { name: 'Switch to this store' }).click();
    await page.getByTestId('store-switch').filter({ hasText: `Now using DuckDB ${second}` }).waitFor({ timeout: 30_000 });
    await page.getByTestId('store-location').filter({ hasText: second }).waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('store-location').textContent()).toMatch(/switched to while running/);
    // The status light names the new store at once (system.health is pushed after the switch).
    expect(await page.getByTestId('health').getAttribute('title')).toBe(`duckdb ${second}`);
    // Kept for the next start.
    expect(JSON.parse(readFileSync(configFile(), 'utf8')).store).toEqual({ kind: 'duckdb', path: second });
    await page.screenshot({ path: artifactPath('ui-settings-switched.png'), fullPage: true });
  });

  it('shows why a PostgreSQL URL does not work, and stays on its store', async () => {
    await page.getByLabel('Store location').fill('postgres://netweaver@127.0.0.1:1/flows');
    await page.getByRole('button', { name: 'Test connection' }).click();
    const test = page.getByTestId('store-test');
    await test.filter({ hasText: 'connection refused by 127.0.0.1:1' }).waitFor({ timeout: 15_000 });
    expect(await test.getAttribute('class')).toContain('error-text');
    await page.getByRole('button', { name: 'Switch to this store' }).click();
    await page.getByTestId('store-switch').filter({ hasText: /connection refused .* still using .*second\.duckdb/ }).waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('store-location').textContent()).toContain('second.duckdb');
  });

  it('adds a sampling override, refusing a bad exporter beside its field first', async () => {
    await page.getByRole('button', { name: 'Add rule' }).click();
    await page.getByLabel('Exporter 1').fill('router-7');
    await page.getByLabel('Rate 1').fill('1000');
    await page.getByRole('button', { name: 'Apply sampling rules' }).click();
    expect(await page.getByTestId('sampling-error-1-exporter').textContent()).toBe('the exporter must be an IPv4 or IPv6 address');
    await page.getByLabel('Exporter 1').fill('192.0.2.10');
    await page.getByLabel('Input interface 1').fill('3');
    await page.getByLabel('Mode 1').selectOption('default');
    await page.getByRole('button', { name: 'Apply sampling rules' }).click();
    await page.getByTestId('sampling-note').filter({ hasText: 'Applied: 1 rule' }).waitFor();
    expect(await page.getByTestId('sampling-error-1-exporter').count()).toBe(0);
    expect(JSON.parse(readFileSync(configFile(), 'utf8')).sampling).toEqual([{ exporter: '192.0.2.10', inIf: 3, rate: 1000, mode: 'default' }]);
  });

  it('refuses a bad listener port beside its field, and a port used twice', async () => {
    await page.getByLabel('netflow ports').fill('2055, 70000');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    expect(await page.getByTestId('listener-error-netflow').textContent()).toBe('NetFlow port "70000" is not a port number (1–65535)');
    await page.getByLabel('netflow ports').fill('2055, 9995');
    await page.getByLabel('sflow ports').fill('9995');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    expect(await page.getByTestId('listener-error-sflow').textContent()).toBe('sFlow port 9995 is already used for NetFlow');
    expect(await page.getByTestId('listener-error-netflow').count()).toBe(0);
    await page.screenshot({ path: artifactPath('ui-settings-errors.png'), fullPage: true });
    await page.getByLabel('sflow ports').fill('6343');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Saved: the collector starts with these').waitFor();
    expect(JSON.parse(readFileSync(configFile(), 'utf8')).listeners).toMatchObject({ netflow: [2055, 9995], sflow: [6343] });
    // The collector view starts from the host's listeners.
    await page.locator('body').click({ position: { x: 2, y: 300 } });
    await page.keyboard.press('7');
    await page.locator('main[data-view="collector"]').waitFor();
    await page.waitForFunction(() => (document.querySelector('input[aria-label="NetFlow ports"]') as HTMLInputElement | null)?.value === '2055, 9995');
    await page.screenshot({ path: artifactPath('ui-settings-collector.png') });
  });

  it.skipIf(!sharedPresent)(`shows per exporter the rate the device reports beside the rate applied (${sharedPresent ? 'a Juniper MX80 export' : sharedMissingReason})`, async () => {
    const probe = createSocket('udp4'); // a free high port for the collector, released at once
    await new Promise<void>((r) => probe.bind(0, '127.0.0.1', () => r()));
    const port = probe.address().port;
    probe.close();
    await page.getByLabel('NetFlow ports').fill(String(port));
    await page.getByLabel('IPFIX ports').fill('');
    await page.getByLabel('sFlow ports').fill('');
    await page.getByLabel('Listen addresses').fill('127.0.0.1');
    await page.getByRole('button', { name: 'Start collector' }).click();
    await page.getByTestId('collector-state').filter({ hasText: 'running' }).waitFor({ timeout: 15_000 });
    const sender = createSocket('udp4');
    await new Promise<void>((r) => sender.send(readFileSync(sharedPath('fixtures/netflow-vendors/netflow5_test_juniper_mx80.dat')), port, '127.0.0.1', () => r()));
    sender.close();
    await page.locator('body').click({ position: { x: 2, y: 300 } });
    await page.keyboard.press('9');
    await page.locator('main[data-view="settings"]').waitFor();
    await page.getByRole('button', { name: 'Add rule' }).click();
    await page.getByLabel('Exporter 2').fill('127.0.0.1');
    await page.getByLabel('Rate 2').fill('50');
    await page.getByRole('button', { name: 'Apply sampling rules' }).click();
    await page.getByTestId('sampling-note').filter({ hasText: 'Applied: 2 rules' }).waitFor();
    const row = page.getByTestId('sampling-exporters').locator('tbody tr').filter({ hasText: '127.0.0.1' });
    await row.waitFor({ timeout: 15_000 });
    expect((await row.locator('td').allTextContents())).toEqual(['127.0.0.1', 'netflow5', '1:1000', '50 (override)']);
    await page.screenshot({ path: artifactPath('ui-settings-sampling.png'), fullPage: true });
    expect(errors).toEqual([]);
  });
});
