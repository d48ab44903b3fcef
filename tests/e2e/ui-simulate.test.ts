// The simulate view in Chromium against `netweaver serve`: generate a leaf-spine network, step
// once, run a short simulation with a failure injected by clicking a device on the map, and see
// utilisation animate on the map (sim.step events) and the totals over time.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactPath, chromiumMissingReason, chromiumPath } from '../support/chromium.js';
import { openUiPage, type UiPage } from '../support/ui-page.js';

async function bands(page: Page): Promise<Record<string, number>> {
  return page.evaluate(() => {
    const { graph } = (window as unknown as { __netweaverTopology: { graph: { forEachEdge(f: (k: string, a: { band: string }) => void): void } } }).__netweaverTopology;
    const out: Record<string, number> = {};
    graph.forEachEdge((_k, a) => (out[a.band] = (out[a.band] ?? 0) + 1));
    return out;
  });
}

describe.skipIf(!chromiumPath)(`simulate view in Chromium${chromiumPath ? '' : ` (skipped: ${chromiumMissingReason})`}`, () => {
  let ui: UiPage;
  let page: Page;

  beforeAll(async () => {
    ui = await openUiPage('#/simulate?gen=leaf-spine&nodes=24&seed=3&steps=24');
    page = ui.page;
  });
  afterAll(async () => {
    await ui?.close();
  });

  it('generates a network and draws it', async () => {
    await page.getByRole('button', { name: 'Generate' }).click();
    await page.getByTestId('sim-summary').waitFor({ timeout: 30_000 });
    const summary = await page.getByTestId('sim-summary').textContent();
    const devices = Number(/(\d+) devices/.exec(summary!)![1]);
    await page.locator(`[data-testid="topology-canvas"][data-nodes="${devices}"]`).waitFor();
  });

  it('steps once, then runs to the end with a failure injected on the map; the map animates', async () => {
    await page.getByRole('button', { name: 'Step', exact: true }).click();
    await expect.poll(() => page.getByTestId('sim-step').textContent(), { timeout: 60_000 }).toMatch(/^step 1 \/ 24 ·/);
    const afterOne = await bands(page);
    expect(afterOne.unknown ?? 0).toBe(0); // every link has a utilisation from sim.step

    await page.getByRole('button', { name: 'Inject failures' }).click();
    const at = await page.evaluate(() => {
      const { sigma, graph } = (window as unknown as { __netweaverTopology: { graph: { nodes(): string[] }; sigma: { getNodeDisplayData(n: string): { x: number; y: number }; framedGraphToViewport(p: { x: number; y: number }): { x: number; y: number }; getContainer(): HTMLElement } } }).__netweaverTopology;
      const node = graph.nodes()[0]!;
      const p = sigma.framedGraphToViewport(sigma.getNodeDisplayData(node));
      const r = sigma.getContainer().getBoundingClientRect();
      return { x: r.left + p.x, y: r.top + p.y };
    });
    await page.mouse.click(at.x, at.y);
    await page.getByText(/Injected: device \S+ steps 1–13/).waitFor();
    await page.getByRole('button', { name: /Click links\/devices/ }).click();

    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect.poll(async () => ((await bands(page)).failed ?? 0) > 0, { timeout: 60_000 }).toBe(true);
    await expect.poll(() => page.getByTestId('sim-step').textContent(), { timeout: 120_000 }).toMatch(/^step 24 \/ 24/);
    await page.getByTestId('sim-chart').waitFor();
    expect(await page.getByTestId('sim-chart').locator('path[data-series="delivered"]').count()).toBe(1);
    expect(await page.getByTestId('sim-result').textContent()).toMatch(/flows/);
    await page.screenshot({ path: artifactPath('ui-simulate-light.png'), fullPage: true });
    expect(ui.errors).toEqual([]);
  });
});
