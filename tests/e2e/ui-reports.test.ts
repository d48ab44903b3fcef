// The reports view in Chromium against `netweaver serve`: the form comes from the service's
// kind catalogue; a topology report of a REPETITA network is generated (the routing engine
// runs in the worker) and its HTML file is offered; a missing file is reported readably.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactPath, chromiumMissingReason, chromiumPath } from '../support/chromium.js';
import { openUiPage, type UiPage } from '../support/ui-page.js';
import { sharedMissingReason, sharedPath, sharedPresent } from '../support/shared-data.js';

const skipReason = !chromiumPath ? chromiumMissingReason : !sharedPresent ? sharedMissingReason : '';

describe.skipIf(!!skipReason)(`reports view in Chromium${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let ui: UiPage;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    ui = await openUiPage('#/reports?kind=topology', { width: 1300, height: 900 });
    ({ page, errors } = ui);
  });
  afterAll(async () => {
    await ui?.close();
  });

  it('generates a topology report of a REPETITA network and offers the HTML file', async () => {
    await page.getByLabel('topology', { exact: true }).fill(sharedPath('data', 'repetita', 'Abilene.graph'));
    await page.getByLabel('demands', { exact: true }).fill(sharedPath('data', 'repetita', 'Abilene.0000.demands'));
    await page.getByRole('button', { name: 'Generate' }).click();
    const outcome = page.getByTestId('report-outcome');
    await outcome.and(page.locator('[data-state="succeeded"]')).waitFor({ timeout: 120_000 });
    const row = outcome.locator('tr').first();
    expect(await row.textContent()).toMatch(/\.html/);
    const bytes = Number((await row.locator('td.num').textContent())!.replace(/\D/g, ''));
    expect(bytes).toBeGreaterThan(1000);
    expect(await row.getByRole('link', { name: 'Open' }).getAttribute('href')).toMatch(/^blob:/);
    await page.screenshot({ path: artifactPath('ui-reports-light.png'), fullPage: true });
  });

  it('says which file is missing instead of failing silently', async () => {
    await page.getByLabel('topology', { exact: true }).fill('/nonexistent/net.graph');
    await page.getByRole('button', { name: 'Generate' }).click();
    const failed = page.getByTestId('report-outcome').and(page.locator('[data-state="failed"]'));
    const alert = page.getByRole('alert');
    await Promise.race([failed.waitFor({ timeout: 60_000 }), alert.waitFor({ timeout: 60_000 })]);
    const text = (await page.locator('.error-box').allTextContents()).join(' ');
    expect(text).toMatch(/nonexistent\/net\.graph/);
    expect(errors).toEqual([]);
  });
});
