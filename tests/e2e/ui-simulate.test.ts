// The simulate view in Chromium against `netweaver serve`, as an engineer drives it: pick a
// generator and its own parameter, generate and see the network drawn; run, pause, and step
// exactly one step; inject a link failure by clicking the link on the map and see it drawn
// failed (model and canvas pixels); see link utilisation change on the map from step to step;
// run to the end with the totals over time; reload the shared URL and get the same network and
// injected failure back.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countColourPixels } from '../support/canvas-pixels.js';
import { artifactPath, chromiumMissingReason, chromiumPath } from '../support/chromium.js';
import { drawnLinks, edgePoint, failedDashesShown } from '../support/sigma-points.js';
import { openUiPage, type UiPage } from '../support/ui-page.js';

const FAILED_GREY = '#8c959f';

async function step(page: Page): Promise<number> {
  return Number(await page.getByTestId('sim-step').getAttribute('data-step'));
}

/** Waits until no request is in flight (the status line no longer says running). */
async function settled(page: Page): Promise<void> {
  await expect.poll(async () => (await page.getByTestId('sim-step').textContent())!.includes('running…'), { timeout: 60_000 }).toBe(false);
}

describe.skipIf(!chromiumPath)(`simulate view in Chromium${chromiumPath ? '' : ` (skipped: ${chromiumMissingReason})`}`, () => {
  let ui: UiPage;
  let page: Page;
  let summary = '';

  beforeAll(async () => {
    ui = await openUiPage('#/simulate');
    page = ui.page;
  });
  afterAll(async () => {
    await ui?.close();
  });

  it('generates the network picked by generator and parameters, and draws it', async () => {
    await page.getByLabel('Generator').selectOption('leaf-spine');
    await page.getByLabel('Devices').fill('20');
    await page.getByLabel('Spines').fill('4');
    await page.getByLabel('Seed').fill('3');
    await page.getByLabel('Steps', { exact: false }).fill('30');
    await page.getByRole('button', { name: 'Generate' }).click();
    await expect.poll(() => page.getByTestId('sim-summary').textContent(), { timeout: 30_000 }).toMatch(/spines=4/);
    summary = (await page.getByTestId('sim-summary').textContent())!;
    const devices = Number(/(\d+) devices/.exec(summary)![1]);
    expect(devices).toBe(20);
    const links = Number(/(\d+) links/.exec(summary)![1]);
    expect(links).toBe(4 * 16); // every leaf to every spine
    await page.locator(`[data-testid="topology-canvas"][data-nodes="${devices}"]`).waitFor();
    expect(page.url()).toMatch(/gen=leaf-spine/);
    expect(page.url()).toMatch(/spines=4/);
  });

  it('runs, pauses, and steps exactly one step; the map changes from step to step', async () => {
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect.poll(() => step(page), { timeout: 60_000 }).toBeGreaterThanOrEqual(4);
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    await settled(page);
    const paused = await step(page);
    expect(paused).toBeLessThan(30);
    expect(await page.getByTestId('sim-step').getAttribute('data-playing')).toBe('no');
    await page.waitForTimeout(1000);
    expect(await step(page)).toBe(paused); // paused means nothing more is asked for
    expect((await drawnLinks(page)).bands.unknown ?? 0).toBe(0); // every link has a utilisation from sim.step

    const before = await drawnLinks(page);
    await page.getByRole('button', { name: 'Step', exact: true }).click();
    await expect.poll(() => step(page), { timeout: 60_000 }).toBe(paused + 1);
    await settled(page);
    await page.waitForTimeout(500);
    expect(await step(page)).toBe(paused + 1);
    // The map now shows the new step: some link's utilisation moved (traffic follows the day).
    await expect.poll(async () => {
      const after = await drawnLinks(page);
      return Object.keys(after.utilisation).filter((k) => Math.abs(after.utilisation[k]! - before.utilisation[k]!) > 1e-9).length;
    }).toBeGreaterThan(0);
  });

  it('injects a link failure by clicking the link on the map, and the map shows it failed', async () => {
    const pixelsBefore = await countColourPixels(page, page.getByTestId('topology-canvas'), [FAILED_GREY], ['topology-legend'], 10);
    const from = await step(page);
    await page.getByRole('button', { name: 'Inject failures' }).click();
    const edge = await page.evaluate(() => (window as unknown as { __netweaverTopology: { graph: { edges(): string[] } } }).__netweaverTopology.graph.edges()[0]!);
    const at = await edgePoint(page, edge);
    await page.mouse.click(at.x, at.y);
    // Whichever link is under the pointer there (leaf-spine links cross) is the one failed.
    await expect.poll(() => page.getByTestId('sim-injected').textContent()).toMatch(new RegExp(`link \\S+ steps ${from}–${Math.min(30, from + 12)}`));
    const link = /link (\S+) steps/.exec((await page.getByTestId('sim-injected').textContent())!)![1]!;
    await page.getByRole('button', { name: /Click links\/devices/ }).click();
    await expect.poll(() => page.url()).toMatch(/inject=link%3A\d+%40/);

    await page.getByRole('button', { name: 'Step', exact: true }).click();
    await expect.poll(() => step(page), { timeout: 60_000 }).toBe(from + 1);
    await expect.poll(async () => (await drawnLinks(page)).bands.failed ?? 0, { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
    expect(await failedDashesShown(page)).toBe(true);
    const failedKeys = await page.evaluate(() => {
      const out: string[] = [];
      (window as unknown as { __netweaverTopology: { graph: { forEachEdge(f: (k: string, a: { failed: boolean }) => void): void } } }).__netweaverTopology.graph.forEachEdge((k, a) => {
        if (a.failed) out.push(k);
      });
      return out;
    });
    expect(failedKeys.every((k) => k.startsWith(`${link}:`))).toBe(true);
    const pixelsAfter = await countColourPixels(page, page.getByTestId('topology-canvas'), [FAILED_GREY], ['topology-legend'], 10);
    expect(pixelsAfter.matches[0]!).toBeGreaterThan(pixelsBefore.matches[0]! + 20);
    await page.screenshot({ path: artifactPath('ui-simulate-failure.png'), fullPage: true });
  });

  it('runs to the end with the totals over time', async () => {
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect.poll(() => page.getByTestId('sim-step').textContent(), { timeout: 120_000 }).toMatch(/^step 30 \/ 30/);
    await page.getByTestId('sim-chart').waitFor();
    expect(await page.getByTestId('sim-chart').locator('path[data-series="delivered"]').count()).toBe(1);
    expect(await page.getByTestId('sim-result').textContent()).toMatch(/flows/);
    // Scrubbing back shows an earlier step on the map.
    await page.getByLabel('Step shown on the map').fill('2');
    await expect.poll(() => page.getByTestId('sim-shown-step').textContent()).toMatch(/^3 of 30/);
    // Step 2 came before the injected failure: nothing is drawn failed there; the last step has it.
    await expect.poll(async () => (await drawnLinks(page)).bands.failed ?? 0).toBe(0);
    await expect.poll(() => failedDashesShown(page)).toBe(false); // no dashes left over from the failure
    await page.screenshot({ path: artifactPath('ui-simulate-light.png'), fullPage: true });
    await page.getByRole('heading', { name: 'Simulate' }).click(); // out of the step slider, so d is a shortcut
    await page.keyboard.press('d');
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await page.screenshot({ path: artifactPath('ui-simulate-dark.png'), fullPage: true });
    await page.keyboard.press('d');
  });

  it('restores generator, parameters and injected failure from the shared URL', async () => {
    const url = page.url();
    const injected = await page.getByTestId('sim-injected').textContent();
    const fresh = await ui.browser.newPage({ viewport: { width: 1400, height: 900 } });
    try {
      await fresh.goto(url);
      await fresh.getByTestId('sim-summary').waitFor({ timeout: 30_000 });
      expect(await fresh.getByTestId('sim-summary').textContent()).toBe(summary);
      expect(await fresh.getByLabel('Spines').inputValue()).toBe('4');
      expect(await fresh.getByTestId('sim-injected').textContent()).toBe(injected);
      await fresh.locator('[data-testid="topology-canvas"][data-nodes="20"]').waitFor();
    } finally {
      await fresh.close();
    }
    expect(ui.errors).toEqual([]);
  });
});
