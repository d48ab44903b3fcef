// Every area in Chromium against `netweaver serve`, light and dark: each renders (never a
// blank page), says plainly when the service lacks its engine, and the settings' connection
// test and listener ports work. A screenshot of each area is saved. The shell: a view that
// throws shows its own message while navigation keeps working; an API error reads as a message;
// the help overlay lists the global and the current view's shortcuts; and when the service goes
// away the status light turns red and a banner says so.
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
    await page.getByText(/^Saved: the collector starts with these/).waitFor();
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
    // The collector view reads the saved settings when it opens: wait for them, do not race them.
    await expect.poll(() => page.getByLabel('NetFlow ports').inputValue(), { timeout: 10_000 }).toBe('2055, 9995');
    expect(ui.errors).toEqual([]);
  });

  it('shows a crash inside a view as that view\'s message, with the shell still usable', async () => {
    await page.goto(`${ui.serve.url}#/whatif?selftest=crash`);
    const message = page.getByTestId('view-error');
    await message.waitFor({ timeout: 15_000 });
    expect(await message.locator('h2').textContent()).toBe('The What-if view stopped: ui: self-test crash requested by the URL (selftest=crash)');
    expect(await page.getByRole('navigation', { name: 'Areas' }).isVisible()).toBe(true);
    await page.getByTestId('health').filter({ hasText: 'duckdb' }).waitFor({ timeout: 15_000 });
    await page.screenshot({ path: artifactPath('ui-shell-view-error.png') });
    // Navigation still works, and the view comes back once the cause is gone.
    await page.getByRole('navigation', { name: 'Areas' }).getByRole('link', { name: 'Simulate' }).click();
    await page.locator('main[data-view="simulate"] section[aria-label="Simulate"]').waitFor();
    expect(await page.getByTestId('view-error').count()).toBe(0);
    await page.goto(`${ui.serve.url}#/whatif?selftest=crash`);
    await message.waitFor();
    await message.getByRole('link', { name: 'Reset this view' }).click();
    await page.locator('main[data-view="whatif"] section[aria-label="What-if"]').waitFor();
    expect(await page.getByTestId('view-error').count()).toBe(0);
  });

  it('shows an error from the service as a readable message in the view', async () => {
    await page.goto(`${ui.serve.url}#/simulate?gen=fat-tree&k=3`);
    await page.getByTestId('sim-error').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('sim-error').textContent()).toMatch(/fat-tree arity k must be even and at least 2, got 3/);
    // The status light reflects it too: amber, naming the job that failed and why.
    await expect.poll(() => page.getByTestId('health').getAttribute('class'), { timeout: 10_000 }).toMatch(/\bwarn\b/);
    expect(await page.getByTestId('health').textContent()).toMatch(/duckdb · a job failed — Generate a network: .*fat-tree arity k must be even/);
    expect(await page.getByRole('navigation', { name: 'Areas' }).isVisible()).toBe(true);
  });

  it('lists the global shortcuts and the current view\'s own in the help overlay', async () => {
    await page.goto(`${ui.serve.url}#/simulate`);
    await page.locator('section[aria-label="Simulate"] h1').click();
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.waitFor();
    expect(await help.getByRole('table', { name: 'Everywhere' }).textContent()).toContain('Toggle dark mode');
    const own = help.getByRole('table', { name: 'In Simulate' });
    expect(await own.textContent()).toContain('Simulate: advance one step');
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'detached' });
    // The what-if view adds its own, beside the map's.
    await page.keyboard.press('3');
    await page.locator('section[aria-label="What-if"]').waitFor();
    await page.keyboard.press('?');
    expect(await help.getByRole('table', { name: 'In What-if' }).textContent()).toContain('What-if: fail links or devices by clicking them');
    await page.screenshot({ path: artifactPath('ui-shell-help.png') });
    await page.keyboard.press('Escape');
  });

  it('turns the status light red and says so when the service goes away', async () => {
    const health = page.getByTestId('health');
    expect(await health.getAttribute('data-state')).toBe('connected');
    expect(await page.getByTestId('connection-banner').count()).toBe(0);
    await ui.serve.stop();
    await expect.poll(() => health.getAttribute('data-state'), { timeout: 15_000 }).toBe('disconnected');
    expect(await health.getAttribute('class')).toMatch(/\bdown\b/);
    expect(await health.textContent()).toMatch(/Disconnected — reconnecting/);
    expect(await page.getByTestId('connection-banner').textContent()).toMatch(/Lost the connection to the NetWeaver service/);
    expect(await page.getByRole('navigation', { name: 'Areas' }).isVisible()).toBe(true);
    await page.screenshot({ path: artifactPath('ui-shell-disconnected.png') });
    expect(ui.errors).toEqual([]);
  });
});
