// The what-if view as an engineer uses it, in Chromium against `netweaver serve`: import a
// REPETITA network by its path on the host (its traffic matrix comes along), see the links
// coloured by the routed load, list k paths between two devices, fail a device by clicking it
// on the map and a link by name, run the what-if and see utilisation change on the map and in
// the table; run the worst-case sweep.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactPath, chromiumMissingReason, chromiumPath } from '../support/chromium.js';
import { sharedMissingReason, sharedPath, sharedPresent } from '../support/shared-data.js';
import { openUiPage, type UiPage } from '../support/ui-page.js';

const skipReason = !chromiumPath ? chromiumMissingReason : !sharedPresent ? sharedMissingReason : '';

interface MapProbe {
  bands: Record<string, number>;
  utilisation: Record<string, number>;
}

/** The map's model as drawn: how many link directions per band, and each direction's utilisation. */
async function probeMap(page: Page): Promise<MapProbe> {
  return page.evaluate(() => {
    const { graph } = (window as unknown as { __netweaverTopology: { graph: { forEachEdge(f: (key: string, a: { band: string; utilisation: number }) => void): void } } }).__netweaverTopology;
    const bands: Record<string, number> = {};
    const utilisation: Record<string, number> = {};
    graph.forEachEdge((key, a) => {
      bands[a.band] = (bands[a.band] ?? 0) + 1;
      utilisation[key] = a.utilisation;
    });
    return { bands, utilisation };
  });
}

describe.skipIf(!!skipReason)(`what-if view in Chromium${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let ui: UiPage;
  let page: Page;

  beforeAll(async () => {
    ui = await openUiPage('#/whatif');
    page = ui.page;
  });
  afterAll(async () => {
    await ui?.close();
  });

  it('imports a REPETITA network on the host and colours its links by the routed load', async () => {
    await page.getByLabel('Topology file on the host').fill(sharedPath('data', 'repetita', 'Abilene.graph'));
    await page.getByRole('button', { name: 'Import' }).click();
    await page.locator('[data-testid="topology-canvas"][data-nodes="11"]').waitFor({ timeout: 30_000 });
    await expect.poll(async () => (await probeMap(page)).bands.unknown ?? 0, { timeout: 30_000 }).toBe(0);
    const probe = await probeMap(page);
    expect(Object.values(probe.bands).reduce((a, b) => a + b, 0)).toBe(28); // 14 links, both directions
    expect(page.url()).toMatch(/topology=/);
  });

  it('lists k paths between two devices and highlights the chosen one', async () => {
    await page.getByLabel('From device').fill('0_New_York');
    await page.getByLabel('To device').fill('4_Sunnyvale');
    await page.getByLabel('Number of paths').fill('3');
    const paths = page.getByTestId('paths').locator('li');
    await expect.poll(() => paths.count(), { timeout: 30_000 }).toBe(3);
    expect(await paths.first().textContent()).toMatch(/New_York.*Sunnyvale/);
    await page.screenshot({ path: artifactPath('ui-whatif-paths.png') });
  });

  it('fails a device clicked on the map and a link by name, and the utilisation changes', async () => {
    const before = await probeMap(page);
    await page.getByRole('button', { name: 'Fail on click' }).click();
    // Click the device where sigma drew it.
    const at = await page.evaluate(() => {
      const { sigma } = (window as unknown as { __netweaverTopology: { sigma: { getNodeDisplayData(n: string): { x: number; y: number }; framedGraphToViewport(p: { x: number; y: number }): { x: number; y: number }; getContainer(): HTMLElement } } }).__netweaverTopology;
      const d = sigma.getNodeDisplayData('6_Denver');
      const p = sigma.framedGraphToViewport(d);
      const r = sigma.getContainer().getBoundingClientRect();
      return { x: r.left + p.x, y: r.top + p.y };
    });
    await page.mouse.click(at.x, at.y);
    await expect.poll(() => page.getByLabel('Changes').inputValue()).toBe('fail:node:6_Denver');
    await page.getByRole('button', { name: /Click links or devices/ }).click();
    await page.getByRole('button', { name: 'Run what-if' }).click();
    const result = page.getByTestId('whatif-result');
    await result.waitFor({ timeout: 60_000 });
    expect(await result.locator('h2').textContent()).toMatch(/max utilisation .* → /);
    await expect.poll(async () => (await probeMap(page)).bands.failed ?? 0, { timeout: 10_000 }).toBeGreaterThan(0);
    const after = await probeMap(page);
    const changed = Object.keys(before.utilisation).filter((k) => Number.isFinite(after.utilisation[k]) && Math.abs(after.utilisation[k]! - before.utilisation[k]!) > 1e-9);
    expect(changed.length).toBeGreaterThan(0);
    await page.screenshot({ path: artifactPath('ui-whatif-failure.png') });
  });

  it('runs the worst-case failure sweep', async () => {
    await page.getByRole('button', { name: 'Worst-case failure sweep' }).click();
    const sweep = page.getByTestId('sweep-result');
    await sweep.waitFor({ timeout: 120_000 });
    expect(await sweep.locator('h2').textContent()).toMatch(/Worst case over \d+ single failures/);
    expect(await sweep.locator('tbody tr').count()).toBeGreaterThan(0);
    await page.keyboard.press('d');
    await page.screenshot({ path: artifactPath('ui-whatif-dark.png'), fullPage: true });
    expect(ui.errors).toEqual([]);
  });
});
