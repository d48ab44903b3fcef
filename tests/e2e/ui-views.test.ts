// Every area in Chromium against `netweaver serve`, light and dark: each renders (never a
// blank page), says plainly when the service lacks its engine, and the settings' connection
// test and listener ports work. A screenshot of each area is saved.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactPath, chromiumMissingReason, chromiumPath } from '../support/chromium.js';
import { openUiPage, type UiPage } from '../support/ui-page.js';

describe.skipIf(!chromiumPath)(`every area in Chromium${chromiumPath ? '' : ` (skipped: ${chromiumMissingReason})`}`, () => {
  let ui: UiPage;
  let page: Page;

  beforeAll(async () => {
    ui = await openUiPage('#/settings');
    page = ui.page;
  });
  afterAll(async () => {
    await ui?.close();
  });

  it('tests the store connection and keeps listener ports, refusing a bad one', async () => {
    await page.getByRole('button', { name: 'Test connection' }).click();
    expect(await page.getByTestId('store-test').textContent()).toMatch(/DuckDB answered in \d+ ms/);
    await page.getByLabel('netflow ports').fill('2055, 70000');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('port "70000" is not a port number').waitFor();
    await page.getByLabel('netflow ports').fill('2055, 9995');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved').waitFor();
  });

  for (const theme of ['light', 'dark'] as const) {
    it(`renders each area in ${theme}`, async () => {
      if ((await page.evaluate(() => document.documentElement.dataset.theme)) !== theme) await page.keyboard.press('d');
      for (const [key, area] of [['1', 'topology'], ['2', 'flows'], ['3', 'whatif'], ['4', 'simulate'], ['5', 'forecast'], ['6', 'captures'], ['7', 'collector'], ['8', 'reports'], ['9', 'settings']] as const) {
        await page.locator('body').click({ position: { x: 2, y: 300 } });
        await page.keyboard.press(key);
        await page.locator(`main[data-view="${area}"]`).waitFor();
        await page.waitForTimeout(300);
        const text = await page.locator('main').innerText();
        expect(text.trim().length).toBeGreaterThan(20);
        await page.screenshot({ path: artifactPath(`ui-area-${area}-${theme}.png`) });
      }
    });
  }

  it('shows the collector listener ports saved in settings', async () => {
    await page.keyboard.press('7');
    expect(await page.getByLabel('NetFlow ports').inputValue()).toBe('2055, 9995');
    expect(ui.errors).toEqual([]);
  });
});
