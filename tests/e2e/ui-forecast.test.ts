// The forecast view as an engineer uses it, in Chromium against `netweaver serve`: pick a real
// NAB network-traffic series (a CSV on the host) — kept in the URL and restored on reload — train
// a tiny LSTM, watch the loss chart fill in, plot the forecast band beside the baselines; train a
// detector, list anomalies against the scored series and click one to zoom the chart to it;
// watch a long run's loss chart grow, then cancel it.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NetWeaverHost } from '../../src-main/host.js';
import { openFlowWriter } from '../../src-main/store/flows/open-flow-writer.js';
import { artifactPath, chromiumMissingReason, chromiumPath } from '../support/chromium.js';
import { linkFlows } from '../unit/ml/link-flows.js';
import { openUiPage, type UiPage } from '../support/ui-page.js';
import { sharedMissingReason, sharedPath, sharedPresent } from '../support/shared-data.js';

/** Waits for what a query or a re-render brings, longer than vitest's 1 s default (the machine is shared). */
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 15_000 });
const skipReason = !chromiumPath ? chromiumMissingReason : !sharedPresent ? sharedMissingReason : '';

describe.skipIf(!!skipReason)(`forecast view in Chromium${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let ui: UiPage;
  let page: Page;
  let errors: string[];
  const csv = sharedPath('data', 'nab', 'ec2_network_in_257a54.csv');

  beforeAll(async () => {
    ui = await openUiPage('#/forecast', { width: 1400, height: 1000 });
    ({ page, errors } = ui);
  });
  afterAll(async () => {
    await ui?.close();
  });

  const hashParams = () => new URLSearchParams(new URL(page.url()).hash.split('?')[1] ?? '');

  it('keeps the picked series and settings in the URL, restores them on reload, and suggests series', async () => {
    expect(await page.locator('#forecast-series-options option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))).toContain('total');
    await page.getByLabel('Series').fill(csv);
    await page.getByLabel('Epochs').fill('3');
    await page.getByLabel('Horizon').fill('6h');
    await poll(() => hashParams().get('series')).toBe(csv);
    expect(hashParams().get('epochs')).toBe('3');
    await page.reload();
    await page.getByTestId('health').filter({ hasText: 'duckdb' }).waitFor({ timeout: 15_000 });
    expect(await page.getByLabel('Series').inputValue()).toBe(csv);
    expect(await page.getByLabel('Epochs').inputValue()).toBe('3');
    expect(await page.getByLabel('Horizon').inputValue()).toBe('6h');
    // Through the navigation to another area and back (a bare #/forecast): the same series.
    await page.getByRole('navigation', { name: 'Areas' }).getByRole('link', { name: 'Settings' }).click();
    await page.locator('main[data-view="settings"]').waitFor();
    await page.getByRole('navigation', { name: 'Areas' }).getByRole('link', { name: 'Forecast' }).click();
    await page.locator('main[data-view="forecast"]').waitFor();
    expect(await page.getByLabel('Series').inputValue()).toBe(csv);
    await poll(() => hashParams().get('series')).toBe(csv);
  });

  it('explains a series it cannot read, and lists its shortcuts in the help overlay', async () => {
    await page.getByLabel('Series').fill('/nonexistent/traffic.csv');
    await page.getByRole('button', { name: 'Train' }).click();
    await page.getByRole('alert').filter({ hasText: /ml: cannot read \/nonexistent\/traffic\.csv/ }).waitFor({ timeout: 30_000 });
    await page.getByRole('heading', { name: 'Forecast' }).click();
    await page.keyboard.press('?');
    const help = page.getByRole('dialog');
    await help.waitFor(); // a shortcut's update renders a moment after the key
    for (const text of ['Forecast: train the model', 'Forecast: zoom to the next anomaly', 'Forecast: zoom to the previous anomaly']) expect(await help.getByText(text).count()).toBe(1);
    await page.keyboard.press('Escape');
    await page.getByLabel('Series').fill(csv);
  });

  it('trains a tiny LSTM with a live loss chart and plots its forecast band with the baselines', async () => {
    await page.getByRole('button', { name: 'Train' }).click();
    await page.getByRole('status', { name: 'Training progress' }).waitFor();
    await page.getByTestId('model-metrics').waitFor({ timeout: 180_000 });
    // Three epochs: three points on each loss line.
    const lossPoints = await page.getByTestId('loss-chart').locator('path[data-series="training loss"]').getAttribute('d');
    expect(lossPoints?.match(/[ML]/g)?.length).toBe(3);
    expect(await page.getByTestId('model-metrics').textContent()).toMatch(/lstm on ec2_network_in_257a54/);
    expect(page.url()).toContain('model=lstm');

    await page.getByLabel('Horizon').fill('6h');
    await page.getByRole('button', { name: 'Forecast' }).click();
    const chart = page.getByTestId('forecast-chart');
    await chart.waitFor({ timeout: 60_000 });
    const d = await chart.locator('path[data-series="forecast"]').getAttribute('d');
    expect(d?.match(/[ML]/g)?.length).toBe(73); // the last observation, then 6 h of 5-minute steps
    // The actual series is drawn before it: up to a day of 5-minute buckets (gaps are not drawn).
    const actual = await chart.locator('path[data-series="actual"]').getAttribute('d');
    const drawn = actual?.match(/[ML]/g)?.length ?? 0;
    expect(drawn).toBeGreaterThan(72);
    expect(drawn).toBeLessThanOrEqual(288);
    expect(await chart.locator('path[data-series^="forecast band"]').count()).toBe(1);
    expect(await page.getByTestId('models').locator('tbody tr').count()).toBe(1);
    await page.screenshot({ path: artifactPath('ui-forecast-light.png'), fullPage: true });
  });

  it('trains a detector, plots its anomalies on the scored series, and zooms to one when clicked', async () => {
    await page.getByLabel('Model').selectOption('autoencoder');
    await page.getByLabel('Epochs').fill('2');
    // A 5 % false-positive target puts the threshold low enough that this series has anomalies.
    await page.getByLabel('False-positive target').fill('5');
    await poll(() => hashParams().get('fp')).toBe('5');
    await page.getByRole('button', { name: 'Train' }).click();
    await page.getByTestId('model-metrics').filter({ hasText: 'autoencoder' }).waitFor({ timeout: 180_000 });
    await page.getByRole('button', { name: 'Detect anomalies' }).click();
    await page.getByRole('heading', { name: /^Anomalies \(\d+\)$/ }).waitFor({ timeout: 60_000 });
    const heading = await page.getByRole('heading', { name: /^Anomalies/ }).textContent();
    const count = Number(/\((\d+)\)/.exec(heading!)![1]);
    expect(count).toBeGreaterThan(0);
    expect(await page.getByTestId('anomalies').locator('tbody tr').count()).toBe(count);
    const chart = page.getByTestId('anomaly-chart');
    await chart.waitFor();
    // The whole scored series first (the NAB file: 5-minute buckets), every anomaly shaded.
    const whole = { from: Number(await chart.getAttribute('data-from-ms')), to: Number(await chart.getAttribute('data-to-ms')) };
    expect(await chart.locator('path[data-series="observed"]').count()).toBe(1);
    expect(await chart.locator('rect.mark').count()).toBe(count);
    // Clicking the first anomaly's time zooms the chart to it.
    const row = page.getByTestId('anomalies').locator('tbody tr').first();
    const start = Date.parse((await row.locator('td').first().textContent())!.trim().replace(' ', 'T') + 'Z');
    await row.locator('td').first().getByRole('button').click();
    await poll(() => chart.getAttribute('data-focus')).toBe('0');
    const zoomed = { from: Number(await chart.getAttribute('data-from-ms')), to: Number(await chart.getAttribute('data-to-ms')) };
    expect(zoomed.from).toBeLessThanOrEqual(start);
    expect(zoomed.to).toBeGreaterThan(start);
    expect(zoomed.to - zoomed.from).toBeLessThan((whole.to - whole.from) / 2);
    expect(await row.getAttribute('aria-selected')).toBe('true');
    await page.screenshot({ path: artifactPath('ui-forecast-anomaly-light.png'), fullPage: true });
    if (count > 1) {
      await page.keyboard.press('n');
      await poll(() => chart.getAttribute('data-focus')).toBe('1');
    }
    await page.getByRole('button', { name: 'Show all' }).click();
    await poll(() => chart.getAttribute('data-focus')).toBe('');
    expect(Number(await chart.getAttribute('data-from-ms'))).toBe(whole.from);
    await page.getByRole('button', { name: 'flows at this time →' }).first().click();
    expect(page.url()).toMatch(/#\/flows\?from=.*&to=/);
    await page.goBack();
    await page.getByTestId('anomaly-chart').waitFor();
    await page.keyboard.press('d');
    await page.screenshot({ path: artifactPath('ui-forecast-dark.png'), fullPage: true });
    await page.getByTestId('anomaly-chart').scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifactPath('ui-forecast-anomalies-dark.png') });
    await page.keyboard.press('d');
  });

  it('cancels a long training run', async () => {
    await page.getByLabel('Model').selectOption('lstm');
    await page.getByLabel('Epochs').fill('500');
    await page.getByRole('button', { name: 'Train' }).click();
    const progress = page.getByRole('status', { name: 'Training progress' });
    await progress.and(page.locator('[data-state="running"]')).waitFor({ timeout: 60_000 });
    // The loss chart grows epoch by epoch while the job runs.
    const points = async () => (await page.getByTestId('loss-chart').locator('path[data-series="training loss"]').getAttribute('d').catch(() => null))?.match(/[ML]/g)?.length ?? 0;
    await expect.poll(points, { timeout: 120_000 }).toBeGreaterThanOrEqual(2);
    const seen = await points();
    await expect.poll(points, { timeout: 120_000 }).toBeGreaterThan(seen);
    // The header's jobs list shows the same job, with its own cancel.
    await page.getByRole('button', { name: 'Jobs' }).filter({ hasText: '1 job' }).waitFor();
    await page.getByRole('button', { name: 'Jobs' }).click();
    await page.getByRole('dialog', { name: 'Jobs' }).getByText(/Train lstm on csv:ec2_network_in_257a54.csv/).first().waitFor();
    await page.screenshot({ path: artifactPath('ui-jobs-menu.png') });
    await page.getByRole('button', { name: 'Jobs' }).click();
    await page.getByRole('button', { name: 'Cancel training' }).click();
    await progress.and(page.locator('[data-state="cancelled"]')).waitFor({ timeout: 60_000 });
    await page.getByRole('alert').waitFor();
    expect(errors).toEqual([]);
  });
});

// A series built from flows in the store (a link with a daily cycle and a burst, written through
// the store's flow writer before `serve` opens the file): train a detector from the view, list
// its anomalies, and jump from one to the flows behind it — the flows view opens on the link's
// filter and the anomaly's time, with flows to show.
describe.skipIf(!chromiumPath)(`forecast view on a stored flow series${chromiumPath ? '' : ` (skipped: ${chromiumMissingReason})`}`, () => {
  let ui: UiPage;
  let page: Page;

  beforeAll(async () => {
    const dbPath = join(mkdtempSync(join(tmpdir(), 'nw-forecast-')), 'flows.duckdb');
    const host = new NetWeaverHost({ store: { db: dbPath }, workers: 1 });
    const service = await host.start();
    const writer = openFlowWriter(service.context.store);
    await writer.append(linkFlows());
    await writer.flush();
    await writer.close();
    await host.stop();
    ui = await openUiPage('#/forecast?series=link%3D192.0.2.1%3A3&step=30m&model=autoencoder&epochs=3&fp=3', { width: 1400, height: 1000 }, { dbPath });
    page = ui.page;
  }, 60_000);
  afterAll(async () => {
    await ui?.close();
  });

  it('trains a detector on a link series, lists anomalies, and opens the flows behind one', async () => {
    expect(await page.getByLabel('Series').inputValue()).toBe('link=192.0.2.1:3');
    // The store's devices are offered as series.
    expect(await page.locator('#forecast-series-options option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))).toEqual(expect.arrayContaining(['device=192.0.2.1', 'device=192.0.2.2']));
    await page.getByRole('button', { name: 'Train' }).click();
    await page.getByTestId('model-metrics').filter({ hasText: 'autoencoder on link 192.0.2.1:3' }).waitFor({ timeout: 180_000 });
    await page.getByRole('button', { name: 'Detect anomalies' }).click();
    await page.getByRole('heading', { name: /^Anomalies \(\d+\)$/ }).waitFor({ timeout: 60_000 });
    const rows = page.getByTestId('anomalies').locator('tbody tr');
    expect(await rows.count()).toBeGreaterThan(0);
    const start = Date.parse((await rows.first().locator('td').first().textContent())!.trim().replace(' ', 'T') + 'Z');
    await rows.first().getByRole('button', { name: 'flows at this time →' }).click();
    await page.locator('main[data-view="flows"]').waitFor();
    const params = new URLSearchParams(new URL(page.url()).hash.split('?')[1]);
    expect(params.get('filter')).toBe('exporter = 192.0.2.1 and out_if = 3');
    expect(Date.parse(params.get('from')!)).toBe(start);
    await page.getByRole('tab', { name: 'Top N' }).click();
    const total = page.getByTestId('flows-total');
    await total.waitFor({ timeout: 30_000 });
    expect(Number(await total.getAttribute('data-flows'))).toBeGreaterThan(0);
    // Back in the forecast view after a reload, the anomalies are read back from the store.
    await page.goBack(); // the Top N tab
    await page.goBack(); // the forecast view
    await page.getByRole('heading', { name: /^Anomalies \(\d+\)$/ }).waitFor({ timeout: 30_000 });
    const n = await page.getByTestId('anomalies').locator('tbody tr').count();
    expect(n).toBeGreaterThan(0);
    await page.reload();
    await page.getByRole('heading', { name: `Stored anomalies (${n})` }).waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('anomalies').locator('tbody tr').count()).toBe(n);
    expect(ui.errors).toEqual([]);
  });
});
