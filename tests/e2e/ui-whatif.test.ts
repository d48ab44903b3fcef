// The what-if view as an engineer uses it, in Chromium against `netweaver serve`: import a
// REPETITA network by its path on the host (its traffic matrix comes along) and see the links
// coloured by the routed load; pick two devices by name and by clicking them on the map and get
// k paths, listed, highlighted and the same as the routing API's; click a link to fail it and
// see the utilisation change on the map (graph model and canvas pixels) with the affected demands
// listed; change a metric and see the paths move as the API says; run the worst-case sweep and
// the metric optimiser to the end (before/after, either put on the map) and cancel them on a
// larger network (jobs end cancelled); reload the shared URL and get the same what-if back.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countColourPixels } from '../support/canvas-pixels.js';
import { artifactPath, chromiumMissingReason, chromiumPath } from '../support/chromium.js';
import { connectServeApi, type ServeApi } from '../support/serve-api.js';
import { sharedMissingReason, sharedPath, sharedPresent } from '../support/shared-data.js';
import { drawnLinks, edgePoint, emphasisedLinks, failedDashesShown, nodePoint } from '../support/sigma-points.js';
import { openUiPage, type UiPage } from '../support/ui-page.js';

const skipReason = !chromiumPath ? chromiumMissingReason : !sharedPresent ? sharedMissingReason : '';
const DIMMED = ['#e4e8ec', '#21262d'];
const FAILED_GREY = '#8c959f';
const BAND_COLOURS = ['#2da44e', '#8ac926', '#d4a72c', '#f0883e', '#e5534b', '#8b0000'];

/** Each listed path's links, as the page lists them. */
async function listedPaths(page: Page): Promise<string[]> {
  const items = page.getByTestId('paths').locator('li[data-links]');
  return items.evaluateAll((els) => els.map((e) => e.getAttribute('data-links') ?? ''));
}

function topologyOf(page: Page): string {
  return new URLSearchParams(new URL(page.url()).hash.split('?')[1] ?? '').get('topology')!;
}

async function pixels(page: Page) {
  return countColourPixels(page, page.getByTestId('topology-canvas'), [FAILED_GREY, ...BAND_COLOURS], ['topology-legend'], 10);
}

describe.skipIf(!!skipReason)(`what-if view in Chromium${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let ui: UiPage;
  let page: Page;
  let api: ServeApi;

  beforeAll(async () => {
    ui = await openUiPage('#/whatif');
    page = ui.page;
    api = await connectServeApi(ui.serve);
  });
  afterAll(async () => {
    api?.close();
    await ui?.close();
  });

  it('imports a REPETITA network on the host and colours its links by the routed load', async () => {
    await page.getByLabel('Topology file on the host').fill(sharedPath('data', 'repetita', 'Abilene.graph'));
    await page.getByRole('button', { name: 'Import' }).click();
    await page.locator('[data-testid="topology-canvas"][data-nodes="11"]').waitFor({ timeout: 30_000 });
    await expect.poll(async () => (await drawnLinks(page)).bands.unknown ?? 0, { timeout: 30_000 }).toBe(0);
    const probe = await drawnLinks(page);
    expect(Object.values(probe.bands).reduce((a, b) => a + b, 0)).toBe(28); // 14 links, both directions
    expect(page.url()).toMatch(/topology=/);
  });

  it('lists k paths between devices typed by name, as the routing API finds them, and highlights the chosen one', async () => {
    await page.getByLabel('From device').fill('0_New_York');
    await page.getByLabel('To device').fill('4_Sunnyvale');
    await page.getByLabel('Number of paths').fill('3');
    await expect.poll(() => listedPaths(page), { timeout: 30_000 }).toHaveLength(3);
    expect(await page.getByTestId('paths').locator('li').first().textContent()).toMatch(/New_York.*Sunnyvale/);
    const oracle = await api.call('routing.route', { topology: topologyOf(page), from: '0_New_York', to: '4_Sunnyvale', k: 3 });
    expect(await listedPaths(page)).toEqual(oracle.paths.map((p) => p.links.join(' ')));
    // The first path is highlighted: exactly its links keep their colour, the rest are dimmed.
    await expect.poll(() => emphasisedLinks(page, DIMMED)).toEqual([...new Set(oracle.paths[0]!.links)].sort());
    await page.getByTestId('paths').locator('li').nth(1).getByRole('button').click();
    await expect.poll(() => emphasisedLinks(page, DIMMED)).toEqual([...new Set(oracle.paths[1]!.links)].sort());
    await page.screenshot({ path: artifactPath('ui-whatif-paths.png') });
  });

  it('picks source and destination by clicking devices on the map', async () => {
    await page.getByRole('button', { name: 'Pick on map' }).click();
    const seattle = await nodePoint(page, '3_Seattle');
    await page.mouse.click(seattle.x, seattle.y);
    await page.getByRole('button', { name: 'Click the destination…' }).waitFor();
    await page.waitForTimeout(400); // two clicks within sigma's double-click time would zoom instead
    const atlanta = await nodePoint(page, '9_Atlanta');
    await page.mouse.click(atlanta.x, atlanta.y);
    // sigma's clicks arrive outside React's event system, so the fields update a moment later.
    await expect.poll(() => page.getByLabel('From device').inputValue()).toBe('3_Seattle');
    await expect.poll(() => page.getByLabel('To device').inputValue()).toBe('9_Atlanta');
    await page.locator('[data-testid="paths"][data-from="3_Seattle"][data-to="9_Atlanta"]').waitFor({ timeout: 30_000 });
    const oracle = await api.call('routing.route', { topology: topologyOf(page), from: '3_Seattle', to: '9_Atlanta', k: 3 });
    expect(await listedPaths(page)).toEqual(oracle.paths.map((p) => p.links.join(' ')));
    await expect.poll(() => emphasisedLinks(page, DIMMED)).toEqual([...new Set(oracle.paths[0]!.links)].sort());
  });

  it('fails a link clicked on the map: utilisation changes in the model and on the canvas, affected demands listed, paths avoid it', async () => {
    await page.getByLabel('highlight').uncheck();
    await expect.poll(async () => (await emphasisedLinks(page, DIMMED)).length).toBe(14);
    const before = await drawnLinks(page);
    const pixelsBefore = await pixels(page);
    const [firstPath] = await listedPaths(page);
    const link = firstPath!.split(' ')[0]!;
    await page.getByRole('button', { name: 'Fail on click' }).click();
    const at = await edgePoint(page, `${link}:ab`);
    await page.mouse.click(at.x, at.y);
    await expect.poll(() => page.getByLabel('Changes').inputValue()).toBe(`fail:link:${link}`);
    await page.getByRole('button', { name: /Click links or devices/ }).click();

    const result = page.getByTestId('whatif-result');
    await result.waitFor({ timeout: 60_000 });
    expect(await result.locator('h2').textContent()).toMatch(/max utilisation .* → /);
    await expect.poll(async () => (await drawnLinks(page)).bands.failed ?? 0, { timeout: 10_000 }).toBe(2);
    const after = await drawnLinks(page);
    const changed = Object.keys(before.utilisation).filter((k) => !k.startsWith(`${link}:`) && Math.abs(after.utilisation[k]! - before.utilisation[k]!) > 1e-9);
    expect(changed.length).toBeGreaterThan(0);
    // On the canvas: the failed link's grey appears, and the band colours move.
    const pixelsAfter = await pixels(page);
    expect(pixelsAfter.matches[0]!).toBeGreaterThan(pixelsBefore.matches[0]! + 30);
    const moved = pixelsAfter.matches.slice(1).reduce((s, n, i) => s + Math.abs(n - pixelsBefore.matches[i + 1]!), 0);
    expect(moved).toBeGreaterThan(50);
    // Affected demands: the rerouted ones, each with its path before and after.
    const rows = page.getByTestId('affected-demands').locator('tbody tr[data-kind="rerouted"]');
    expect(await rows.count()).toBeGreaterThan(0);
    expect(await rows.first().locator('td').nth(2).textContent()).toMatch(/→/);
    // The paths are routed on the changed network: none uses the failed link, as the API says.
    const oracle = await api.call('routing.route', { topology: topologyOf(page), from: '3_Seattle', to: '9_Atlanta', k: 3, changes: [`fail:link:${link}`] });
    await expect.poll(() => listedPaths(page), { timeout: 30_000 }).toEqual(oracle.paths.map((p) => p.links.join(' ')));
    expect((await listedPaths(page)).some((p) => p.split(' ').includes(link))).toBe(false);
    // Before / after on the map.
    await page.getByRole('button', { name: 'Before', exact: true }).click();
    await expect.poll(async () => (await drawnLinks(page)).bands.failed ?? 0).toBe(0);
    await expect.poll(() => failedDashesShown(page)).toBe(false);
    await page.getByRole('button', { name: 'After the changes' }).click();
    await expect.poll(async () => (await drawnLinks(page)).bands.failed ?? 0).toBe(2);
    // The diff: only the directions whose utilisation moved by more than a point keep their colour.
    const expected = Object.keys(after.utilisation).filter((k) => k.startsWith(`${link}:`) || Math.abs(after.utilisation[k]! - before.utilisation[k]!) > 0.01);
    await page.getByRole('button', { name: 'Changed links only' }).click();
    await expect.poll(() => page.getByTestId('map-mode').textContent()).toMatch(new RegExp(`^${expected.length} link directions changed`));
    await expect.poll(() => emphasisedLinks(page, DIMMED)).toEqual([...new Set(expected.map((k) => k.replace(/:(ab|ba)$/, '')))].sort());
    expect(expected.length).toBeLessThan(28);
    await page.screenshot({ path: artifactPath('ui-whatif-diff.png') });
    await page.getByRole('button', { name: 'After the changes' }).click();
    await page.screenshot({ path: artifactPath('ui-whatif-failure.png'), fullPage: true });
  });

  it('changes a link metric picked on the map: the paths move, as the routing API routes them', async () => {
    await page.getByRole('button', { name: 'Reset' }).click();
    await expect.poll(() => page.getByTestId('whatif-result').count()).toBe(0);
    const oracleBefore = await api.call('routing.route', { topology: topologyOf(page), from: '3_Seattle', to: '9_Atlanta', k: 3 });
    await expect.poll(() => listedPaths(page), { timeout: 30_000 }).toEqual(oracleBefore.paths.map((p) => p.links.join(' ')));
    const link = oracleBefore.paths[0]!.links[0]!;
    const at = await edgePoint(page, `${link}:ab`);
    await page.mouse.click(at.x, at.y);
    const editor = page.getByTestId('link-editor');
    await expect.poll(() => editor.textContent()).toContain(link);
    await editor.getByLabel('New metric').fill('5000');
    await editor.getByRole('button', { name: 'Set metric' }).click();
    await expect.poll(() => page.getByLabel('Changes').inputValue()).toBe(`metric:${link}=5000`);
    const oracle = await api.call('routing.route', { topology: topologyOf(page), from: '3_Seattle', to: '9_Atlanta', k: 3, changes: [`metric:${link}=5000`] });
    expect(oracle.paths[0]!.links).not.toContain(link);
    await expect.poll(() => listedPaths(page), { timeout: 30_000 }).toEqual(oracle.paths.map((p) => p.links.join(' ')));
    await page.getByTestId('whatif-result').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('whatif-result').locator('h2').textContent()).toContain(`metric of ${link} → 5000`);
  });

  it('halves a link\'s capacity in the link editor: its utilisation doubles on the map, nothing reroutes', async () => {
    const kept = await page.getByLabel('Changes').inputValue();
    if (kept) await page.getByRole('button', { name: 'Reset' }).click();
    await expect.poll(() => page.getByTestId('whatif-result').count()).toBe(0);
    const before = await drawnLinks(page);
    const link = 'edge_18'; // Denver – Kansas City, loaded both ways
    const at = await edgePoint(page, `${link}:ab`);
    await page.mouse.click(at.x, at.y);
    const editor = page.getByTestId('link-editor');
    await expect.poll(() => editor.textContent()).toContain(link);
    const bits = await page.evaluate((e) => (window as unknown as { __netweaverTopology: { graph: { getEdgeAttribute(e: string, a: string): number } } }).__netweaverTopology.graph.getEdgeAttribute(e, 'capacity'), `${link}:ab`);
    expect(await editor.getByLabel('New capacity').inputValue()).toMatch(/^\d+[kMGT]?$/);
    await editor.getByLabel('New capacity').fill(String(bits / 2));
    await editor.getByRole('button', { name: 'Set capacity' }).click();
    await page.getByTestId('whatif-result').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('whatif-result').locator('p').first().textContent()).toMatch(/^0 demand paths changed/);
    await expect.poll(async () => (await drawnLinks(page)).utilisation[`${link}:ab`]! / before.utilisation[`${link}:ab`]!).toBeCloseTo(2, 6);
    const after = await drawnLinks(page);
    expect(after.utilisation[`${link}:ba`]! / before.utilisation[`${link}:ba`]!).toBeCloseTo(2, 6);
    expect(after.utilisation['edge_10:ab']).toBeCloseTo(before.utilisation['edge_10:ab']!, 9);
    if (!kept) return;
    await page.getByLabel('Changes').fill(kept);
    await page.getByLabel('Changes').blur();
    await expect.poll(() => page.getByTestId('whatif-result').locator('h2').textContent(), { timeout: 30_000 }).toContain('metric of');
  });

  it('fails a device clicked on the map as well, with fail-on-click from its shortcut (x)', async () => {
    await page.getByRole('heading', { name: 'What-if' }).click();
    await page.keyboard.press('x');
    // The map's click handler is the one React rendered last: click once the mode is on screen.
    await page.getByRole('button', { name: /Click links or devices/, pressed: true }).waitFor();
    const at = await nodePoint(page, '6_Denver');
    await page.mouse.click(at.x, at.y);
    await page.getByRole('button', { name: /Click links or devices/ }).click();
    await expect.poll(() => page.getByLabel('Changes').inputValue()).toMatch(/\nfail:node:6_Denver$/);
    await expect.poll(() => page.getByTestId('whatif-result').locator('h2').textContent(), { timeout: 30_000 }).toContain('fail node 6_Denver');
    await expect.poll(async () => (await drawnLinks(page)).bands.failed ?? 0).toBeGreaterThanOrEqual(4); // Denver has at least two links
  });

  it('says what is wrong with a typed change, in the engine\'s words, and recovers when it is fixed', async () => {
    const kept = await page.getByLabel('Changes').inputValue();
    await page.getByLabel('Changes').fill(`${kept}\nfail:link:nope`);
    await page.getByRole('button', { name: 'Run what-if' }).click();
    await expect.poll(() => page.getByTestId('whatif-error').textContent(), { timeout: 30_000 }).toMatch(/failures: no link "nope" in the topology/);
    expect(await page.locator('[data-testid="topology-canvas"][data-nodes="11"]').count()).toBe(1);
    await page.getByRole('button', { name: 'Remove fail:link:nope' }).click();
    await expect.poll(() => page.getByTestId('whatif-error').count(), { timeout: 30_000 }).toBe(0);
    expect(await page.getByLabel('Changes').inputValue()).toBe(kept);
  });

  it('restores the same what-if from the shared URL on reload, the chosen path highlighted', async () => {
    const changes = await page.getByLabel('Changes').inputValue();
    const paths = await listedPaths(page);
    await page.getByTestId('paths').locator('li').nth(1).getByRole('button').click();
    await page.getByLabel('highlight').check();
    await expect.poll(() => emphasisedLinks(page, DIMMED)).toEqual([...new Set(paths[1]!.split(' '))].sort());
    const url = page.url();
    expect(url).toMatch(/path=1/);
    const fresh = await ui.browser.newPage({ viewport: { width: 1400, height: 900 } });
    try {
      await fresh.goto(url);
      await fresh.locator('[data-testid="topology-canvas"][data-nodes="11"]').waitFor({ timeout: 30_000 });
      expect(await fresh.getByLabel('From device').inputValue()).toBe('3_Seattle');
      expect(await fresh.getByLabel('To device').inputValue()).toBe('9_Atlanta');
      expect(await fresh.getByLabel('Changes').inputValue()).toBe(changes);
      await expect.poll(() => listedPaths(fresh), { timeout: 30_000 }).toEqual(paths);
      await fresh.getByTestId('whatif-result').waitFor({ timeout: 30_000 });
      await expect.poll(async () => (await drawnLinks(fresh)).bands.failed ?? 0, { timeout: 10_000 }).toBeGreaterThanOrEqual(4);
      await expect.poll(() => emphasisedLinks(fresh, DIMMED)).toEqual([...new Set(paths[1]!.split(' '))].sort());
    } finally {
      await fresh.close();
    }
  });

  it('runs the worst-case failure sweep with progress, shows before/after and puts a failure on the map', async () => {
    await page.getByRole('button', { name: 'Reset' }).click();
    await page.getByRole('button', { name: 'Worst-case failure sweep' }).click();
    const sweep = page.getByTestId('sweep-result');
    await sweep.waitFor({ timeout: 120_000 });
    expect(await page.getByRole('status', { name: 'Sweep progress' }).getAttribute('data-state')).toBe('succeeded');
    expect(await sweep.locator('h2').textContent()).toMatch(/Worst case over \d+ single failures: [\d.]+ % → [\d.]+ %/);
    const rows = sweep.locator('tbody tr');
    expect(await rows.count()).toBeGreaterThan(0);
    // The worst case per link on the map: every direction at least as loaded as normally.
    const normal = await drawnLinks(page);
    await page.getByRole('button', { name: 'Worst case over single failures' }).click();
    await expect.poll(() => page.getByTestId('map-mode').getAttribute('data-mode')).toBe('worst');
    await expect.poll(async () => Object.entries((await drawnLinks(page)).utilisation).some(([k, u]) => u > normal.utilisation[k]! + 1e-9)).toBe(true);
    const worst = Object.entries((await drawnLinks(page)).utilisation).filter(([, u]) => Number.isFinite(u));
    expect(worst.filter(([k, u]) => u >= normal.utilisation[k]! - 1e-9).length).toBeGreaterThanOrEqual(0.9 * worst.length);
    // One failure from the list, as a what-if on the map.
    const failure = (await rows.first().getByRole('button').textContent())!;
    await rows.first().getByRole('button').click();
    await expect.poll(() => page.getByLabel('Changes').inputValue()).toBe(`fail:${failure.replace(' ', ':')}`);
    await page.getByTestId('whatif-result').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('map-mode').getAttribute('data-mode')).toBe('after');
  });

  it('runs the metric optimiser and shows its metrics before/after on the map', async () => {
    await page.getByRole('button', { name: 'Optimise metrics (10 s)' }).click();
    const opt = page.getByTestId('optimise-result');
    await opt.waitFor({ timeout: 60_000 });
    const heading = (await opt.locator('h2').textContent())!;
    const [, before, after] = /max utilisation ([\d.]+) % → ([\d.]+) %/.exec(heading)!;
    expect(Number(after)).toBeLessThanOrEqual(Number(before));
    const changeRows = await opt.locator('tbody tr').count();
    expect(changeRows).toBeGreaterThan(0); // Abilene with its REPETITA matrix is overloaded; metrics help
    await opt.getByRole('button', { name: 'Show these metrics on the map' }).click();
    await expect.poll(async () => (await page.getByLabel('Changes').inputValue()).split('\n').length).toBe(changeRows);
    await expect.poll(() => page.getByTestId('whatif-result').locator('h2').textContent(), { timeout: 30_000 }).toMatch(new RegExp(`→ ${after} %`));
    await page.getByRole('heading', { name: 'What-if' }).click();
    await page.keyboard.press('d');
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await page.screenshot({ path: artifactPath('ui-whatif-dark.png'), fullPage: true });
    await page.keyboard.press('d');
    await page.screenshot({ path: artifactPath('ui-whatif-light.png'), fullPage: true });
  });

  it('cancels the sweep and the optimiser on a larger network (their jobs end cancelled)', async () => {
    await page.getByLabel('Topology file on the host').fill(sharedPath('data', 'repetita', 'Cogentco.graph'));
    await page.getByRole('button', { name: 'Import' }).click();
    await page.locator('[data-testid="topology-canvas"][data-nodes="197"]').waitFor({ timeout: 60_000 });

    await page.getByRole('button', { name: 'Worst-case failure sweep' }).click();
    const sweepProgress = page.getByRole('status', { name: 'Sweep progress' });
    await expect.poll(() => sweepProgress.getAttribute('data-state'), { timeout: 30_000 }).toBe('running');
    // Cancel as soon as its parts run (the sweep of 442 failures takes a few seconds at most).
    await page.getByRole('button', { name: 'Cancel sweep' }).click();
    await expect.poll(() => sweepProgress.getAttribute('data-state'), { timeout: 30_000 }).toBe('cancelled');
    expect(await sweepProgress.textContent()).toMatch(/Sweep: cancelled/);
    // What was swept before the cancel may come back as a partial report; never as a full one.
    if (await page.getByTestId('sweep-result').count()) expect(await page.getByTestId('sweep-result').locator('h2').textContent()).toMatch(/cancelled, partial/);
    const sweepJobs = (await api.call('jobs.list', {})).filter((j) => j.kind === 'routing.sweep' && j.title.includes('Cogentco'));
    expect(sweepJobs.length).toBeGreaterThan(0);
    expect(sweepJobs.every((j) => j.state === 'cancelled')).toBe(true);
    expect(await page.getByTestId('whatif-error').count()).toBe(0); // a cancel is not an error

    await page.getByRole('button', { name: 'Optimise metrics (10 s)' }).click();
    const optProgress = page.getByRole('status', { name: 'Optimisation progress' });
    await expect.poll(async () => Number(await optProgress.locator('progress').getAttribute('value')), { timeout: 30_000 }).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Cancel optimisation' }).click();
    await expect.poll(() => optProgress.getAttribute('data-state'), { timeout: 30_000 }).toBe('cancelled');
    const optJobs = (await api.call('jobs.list', {})).filter((j) => j.kind === 'routing.optimize' && j.title.includes('Cogentco'));
    expect(optJobs.map((j) => j.state)).toEqual(['cancelled']);
    expect(ui.errors).toEqual([]);
  });
});
