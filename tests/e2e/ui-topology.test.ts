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
