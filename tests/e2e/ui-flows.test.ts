// The flows view in Chromium against `netweaver serve`, on flows the simulator really stored:
// run a short simulation, follow "see its flows", and use the view as an engineer does — the
// stacked series, top-N with "Other", click a value to filter, a mistyped filter shown with the
// error under its column, conversations, endpoints and the sankey.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactPath, chromiumMissingReason, chromiumPath } from '../support/chromium.js';
import { openUiPage, type UiPage } from '../support/ui-page.js';

describe.skipIf(!chromiumPath)(`flows view in Chromium${chromiumPath ? '' : ` (skipped: ${chromiumMissingReason})`}`, () => {
  let ui: UiPage;
  let page: Page;

  beforeAll(async () => {
    ui = await openUiPage('#/simulate?gen=ba&nodes=30&seed=7&steps=24', { width: 1400, height: 1000 });
    page = ui.page;
    await page.getByRole('button', { name: 'Generate' }).click();
    await page.getByTestId('sim-summary').waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.getByTestId('sim-step').filter({ hasText: /^step 24 \/ 24/ }).waitFor({ timeout: 120_000 });
    await page.getByRole('button', { name: 'see its flows →' }).click();
    await page.locator('main[data-view="flows"]').waitFor();
  }, 180_000);
  afterAll(async () => {
    await ui?.close();
  });

  it('draws the stored flows as a stacked series per destination port', async () => {
    expect(page.url()).toMatch(/filter=/);
    const chart = page.getByTestId('flows-series');
    await chart.waitFor({ timeout: 30_000 });
    expect(await chart.locator('path[data-series]').count()).toBeGreaterThan(1);
    await page.screenshot({ path: artifactPath('ui-flows-series-light.png'), fullPage: true });
  });

  it('lists the top destination ports with "Other", and a click adds the value to the filter', async () => {
    await page.getByRole('tab', { name: 'Top N' }).click();
    const table = page.getByTestId('table-top-n');
    await table.waitFor({ timeout: 30_000 });
    const rows = table.locator('tbody tr');
    expect(await rows.count()).toBeGreaterThan(1);
    const filterBefore = await page.getByLabel('Filter', { exact: true }).inputValue();
    const first = rows.first().locator('td').first().getByRole('button');
    const port = (await first.textContent())!.trim();
    await first.click();
    await expect.poll(() => page.getByLabel('Filter', { exact: true }).inputValue()).toBe(`${filterBefore} and dst_port = ${port}`);
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(1);
  });

  it('shows a mistyped filter with the error under the column it points at', async () => {
    const bad = 'protocol = udp and dst_prot = 53';
    await page.getByLabel('Filter', { exact: true }).fill(bad);
    await page.getByLabel('Filter', { exact: true }).press('Enter');
    const error = page.getByTestId('filter-error');
    await error.waitFor({ timeout: 30_000 });
    expect(Number(await error.getAttribute('data-column'))).toBe(bad.indexOf('dst_prot') + 1);
    expect(await error.textContent()).toMatch(/dst_prot/);
    // The caret line puts ^ under the first letter of the mistake.
    const pre = (await error.locator('pre').textContent())!.split('\n');
    expect(pre[1]!.indexOf('^')).toBe(bad.indexOf('dst_prot'));
    await page.screenshot({ path: artifactPath('ui-flows-filter-error.png') });
  });

  it('offers autocomplete while typing a filter', async () => {
    await page.getByLabel('Filter', { exact: true }).fill('');
    await page.getByLabel('Filter', { exact: true }).pressSequentially('proto');
    const list = page.getByRole('listbox', { name: 'Filter suggestions' });
    await list.waitFor();
    await page.getByLabel('Filter', { exact: true }).press('Tab');
    expect(await page.getByLabel('Filter', { exact: true }).inputValue()).toBe('protocol ');
    await page.getByLabel('Filter', { exact: true }).fill('');
    await page.getByLabel('Filter', { exact: true }).press('Enter');
    await expect.poll(() => page.getByTestId('filter-error').count()).toBe(0);
  });

  it('lists conversations and endpoints, and draws the sankey', async () => {
    await page.getByRole('tab', { name: 'Conversations' }).click();
    await page.getByTestId('table-conversations').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('table-conversations').locator('tbody tr').count()).toBeGreaterThan(0);
    await page.getByRole('tab', { name: 'Endpoints' }).click();
    await page.getByTestId('table-endpoints').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('table-endpoints').locator('tbody tr').count()).toBeGreaterThan(0);
    await page.getByLabel('Add dimension').selectOption('protocol');
    await page.getByRole('tab', { name: 'Sankey' }).click();
    const sankey = page.getByTestId('sankey');
    await sankey.waitFor({ timeout: 30_000 });
    expect(await sankey.locator('rect').count()).toBeGreaterThan(1);
    await page.keyboard.press('d');
    await page.screenshot({ path: artifactPath('ui-flows-sankey-dark.png'), fullPage: true });
    await page.keyboard.press('d');
    expect(ui.errors).toEqual([]);
  });
});
