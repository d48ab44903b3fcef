// The topology view as an engineer uses it, in Chromium against `netweaver serve`: a REPETITA
// network (imported by the real importer) is opened, the graph model holds every device and
// link direction, the WebGL canvas really shows devices and links (pixels read back), search
// selects a device and opens its panel, the neighbourhood focus and the theme switch work.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importRepetitaGraph } from '../../src-worker/graph/repetita.js';
import { exportTopologyJson } from '../../src-worker/graph/topology-json.js';
import type { Topology } from '../../src-worker/graph/topology.js';
import { artifactPath, chromiumMissingReason, chromiumPath } from '../support/chromium.js';
import { openUiPage, type UiPage } from '../support/ui-page.js';
import { sharedMissingReason, sharedPath, sharedPresent } from '../support/shared-data.js';
import { countColourPixels } from '../support/canvas-pixels.js';
import { syntheticTopology } from '../support/synthetic-topology.js';
import { BANDS, bandColour } from '../../src-renderer/topology/utilisation-bands.js';

const NETWORK = 'Cogentco';
const skipReason = !chromiumPath ? chromiumMissingReason : !sharedPresent ? sharedMissingReason : '';

describe.skipIf(!!skipReason)(`topology view in Chromium${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let ui: UiPage;
  let page: Page;
  let errors: string[];
  let topology: Topology;
  let file: string;

  beforeAll(async () => {
    const graphFile = sharedPath('data', 'repetita', `${NETWORK}.graph`);
    topology = importRepetitaGraph(readFileSync(graphFile, 'utf8'), `${NETWORK}.graph`).topology;
    file = join(mkdtempSync(join(tmpdir(), 'nw-ui-topo-')), `${NETWORK}.json`);
    writeFileSync(file, exportTopologyJson(topology));
    ui = await openUiPage('#/topology');
    ({ page, errors } = ui);
  });
  afterAll(async () => {
    await ui?.close();
  });

  it('draws every device and both directions of every link of a REPETITA network', async () => {
    await page.getByTestId('topology-file').setInputFiles(file);
    const canvas = page.getByTestId('topology-canvas');
    await canvas.and(page.locator(`[data-nodes="${topology.nodes.length}"]`)).waitFor({ timeout: 20_000 });
    const model = await page.evaluate(() => {
      const t = (window as unknown as { __netweaverTopology: { graph: { nodes(): string[]; size: number } } }).__netweaverTopology;
      return { nodes: t.graph.nodes(), edges: t.graph.size };
    });
    expect(new Set(model.nodes)).toEqual(new Set(topology.nodes.map((n) => n.id)));
    const directions = topology.links.reduce((s, l) => s + (l.ba ? 2 : 1), 0);
    expect(model.edges).toBe(directions);
    await expect.poll(() => page.getByTestId('topology-summary').textContent()).toMatch(/geographic layout/);
  });

  it('shows devices and links on the canvas (pixels read back, not a blank canvas)', async () => {
    await page.waitForTimeout(500);
    await page.screenshot({ path: artifactPath('ui-topology-light.png') });
    // Without loads, links draw in the "unknown" grey and devices in the neutral node colour.
    const counts = await countColourPixels(page, page.getByTestId('topology-canvas'), ['#b6bec8', '#3d4651'], ['topology-legend']);
    expect(counts.total).toBeGreaterThan(100_000);
    expect(counts.matches[0]).toBeGreaterThan(500); // link pixels
    expect(counts.matches[1]).toBeGreaterThan(200); // device pixels
  });

  it('finds a device by name, selects it, shows its interfaces, and focuses its neighbourhood', async () => {
    const target = topology.nodes[Math.floor(topology.nodes.length / 2)]!;
    const degree = topology.links.filter((l) => l.a === target.id || l.b === target.id).length;
    await page.getByLabel('Search devices').fill(target.name);
    await page.getByRole('listbox', { name: 'Matching devices' }).waitFor();
    await page.getByLabel('Search devices').press('Enter');
    const panel = page.getByTestId('topology-panel');
    await panel.getByRole('heading', { name: target.name }).waitFor();
    expect(await panel.getByText(`Interfaces (${degree})`).count()).toBe(1);
    expect(page.url()).toContain(`node=${encodeURIComponent(target.id)}`);
    await page.getByLabel('Neighbourhood hops').selectOption('1');
    expect(page.url()).toContain('hops=1');
    await page.waitForTimeout(600);
    await page.screenshot({ path: artifactPath('ui-topology-neighbourhood.png') });
  });

  it('switches to dark and keeps drawing; the help overlay lists the view shortcuts', async () => {
    await page.getByLabel('Close details').click();
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('d');
    await page.keyboard.press('f');
    await page.waitForTimeout(500);
    await page.screenshot({ path: artifactPath('ui-topology-dark.png') });
    const counts = await countColourPixels(page, page.getByTestId('topology-canvas'), ['#484f58', '#8b949e'], ['topology-legend']);
    expect(counts.matches[0]).toBeGreaterThan(500);
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.getByText('Topology: fit the network to the screen').waitFor();
    await page.keyboard.press('Escape');
    expect(errors).toEqual([]);
  });
});

// At scale: 4,000 devices and 20,000 links (40,000 directions, twice the size at which edge
// hover used to be switched off). While the map pans, the links stay on screen in their
// utilisation colours (pixels read back mid-pan, with the reused links image in use), they are
// redrawn exactly once the pan settles, and hovering a link bar names its direction.
describe.skipIf(!chromiumPath)(`topology view at scale in Chromium${chromiumPath ? '' : ` (skipped: ${chromiumMissingReason})`}`, () => {
  let ui: UiPage;
  let page: Page;
  const devices = 4000;
  const bandColours = BANDS.map((b) => bandColour(b, 'light'));

  beforeAll(async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'nw-ui-topo-scale-')), 'scale.json');
    writeFileSync(file, JSON.stringify(syntheticTopology(devices, 5)));
    ui = await openUiPage('#/topology');
    page = ui.page;
    await page.getByTestId('topology-file').setInputFiles(file);
    await page.locator(`[data-testid="topology-canvas"][data-nodes="${devices}"]`).waitFor({ timeout: 60_000 });
    await page.waitForFunction(() => performance.getEntriesByName('topology:first-frame').length > 0, null, { timeout: 60_000 });
  });
  afterAll(async () => {
    await ui?.close();
  });

  const devicePixels = async () => {
    const colours = await page.evaluate(() => {
      const { graph } = (window as unknown as { __netweaverTopology: { graph: { mapNodes<T>(f: (n: string, a: { color: string }) => T): T[] } } }).__netweaverTopology;
      return [...new Set(graph.mapNodes((_n, a) => a.color))];
    });
    return (await countColourPixels(page, page.getByTestId('topology-canvas'), colours, ['topology-legend'], 12)).matches.reduce((a, b) => a + b, 0);
  };
  const linkPixels = async () => (await countColourPixels(page, page.getByTestId('topology-canvas'), bandColours, ['topology-legend'], 12)).matches.reduce((a, b) => a + b, 0);

  it('keeps links drawn in their utilisation colours during a pan, and redraws them when it settles', async () => {
    const still = await linkPixels();
    expect(still).toBeGreaterThan(5000);
    const stillDevices = await devicePixels();
    expect(stillDevices).toBeGreaterThan(500);
    await page.evaluate(() => {
      const { sigma } = (window as unknown as { __netweaverTopology: { sigma: { getCamera(): { getState(): { x: number; y: number }; setState(s: object): void } } } }).__netweaverTopology;
      const camera = sigma.getCamera();
      const start = camera.getState();
      let i = 0;
      const timer = setInterval(() => {
        camera.setState({ ...start, x: start.x + 0.0005 * ++i });
        if (i >= 200) clearInterval(timer);
      }, 30);
    });
    // Mid-pan: the links layer is being reused (shifted), and links are on screen.
    await expect.poll(() => page.evaluate(() => (document.querySelector('.sigma-edges') as HTMLElement).style.transform), { timeout: 10_000 }).toMatch(/translate/);
    const during = await linkPixels();
    expect(during).toBeGreaterThan(still * 0.5);
    // Devices travel with their links: the devices image is shifted by the same pan, and the
    // device discs are still on screen.
    const shifts = await page.evaluate(() => ['.sigma-edges', '.sigma-nodes'].map((sel) => (document.querySelector(sel) as HTMLElement).style.transform));
    expect(shifts[1]).toMatch(/translate/);
    expect(await devicePixels()).toBeGreaterThan(stillDevices * 0.5);
    await page.screenshot({ path: artifactPath('ui-topology-scale-panning.png') });
    // Settled: drawn exactly again, no shift left.
    await expect.poll(() => page.evaluate(() => (document.querySelector('.sigma-edges') as HTMLElement).style.transform), { timeout: 20_000 }).toBe('');
    expect(await linkPixels()).toBeGreaterThan(5000);
    expect(await page.evaluate(() => (document.querySelector('.sigma-nodes') as HTMLElement).style.transform)).toBe('');
  });

  it('names the link direction under the pointer (CPU picking at 40,000 directions)', async () => {
    const at = await page.evaluate(() => {
      const t = (window as unknown as { __netweaverTopology: { graph: { edges(): string[] }; tuning: { picker: { segment(e: string): { ax: number; ay: number; bx: number; by: number } | null; nodeAt(x: number, y: number): string | null } }; sigma: { getContainer(): HTMLElement; getDimensions(): { width: number; height: number } } } }).__netweaverTopology;
      const { width, height } = t.sigma.getDimensions();
      const r = t.sigma.getContainer().getBoundingClientRect();
      // A long bar near the centre of the view, so the pointer lands on it and on no device.
      for (const e of t.graph.edges()) {
        const s = t.tuning.picker.segment(e);
        if (!s || Math.hypot(s.bx - s.ax, s.by - s.ay) < 20) continue;
        const x = s.ax + (s.bx - s.ax) * 0.7, y = s.ay + (s.by - s.ay) * 0.7;
        if (Math.abs(x - width / 2) < width / 4 && Math.abs(y - height / 2) < height / 4 && !t.tuning.picker.nodeAt(x, y)) return { edge: e, x: r.left + x, y: r.top + y };
      }
      return null;
    });
    expect(at).not.toBeNull();
    await page.mouse.move(at!.x, at!.y);
    const tip = page.getByTestId('topology-tooltip');
    await tip.waitFor({ timeout: 10_000 });
    expect(await tip.textContent()).toMatch(/r\d+ → r\d+.*% of \d/);
    expect(ui.errors).toEqual([]);
  });
});
