// The flows view in Chromium against `netweaver serve`, on flows the collector really received:
// the collector is started through the API on ephemeral loopback ports and real NetFlow v5
// export packets (Juniper MX80, MikroTik and a Linux exporter, from /work/shared) are sent to it
// over UDP. Then the view is used as an engineer does: drag on the chart to zoom, step back and
// forward, zoom out, presets; top-N with "Other" and a click that filters; Save CSV equal to the
// table; conversations and endpoints equal to the API's answers; the sankey; a mistyped filter
// shown at its column; autocomplete; a reload restoring the state from the URL; and the numbers
// growing without a reload while more packets arrive. Light and dark screenshots.
import { createSocket, type Socket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactPath, chromiumMissingReason, chromiumPath } from '../support/chromium.js';
import { v5Totals } from '../support/netflow-v5-oracle.js';
import type { ApiClient } from '../../src-main/api/contract.js';
import { connectServeApi } from '../support/serve-api.js';
import { sharedMissingReason, sharedPath, sharedPresent } from '../support/shared-data.js';
import { openUiPage, type UiPage } from '../support/ui-page.js';

/** Waits for what a query or a re-render brings, longer than vitest's 1 s default (the machine is shared). */
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 15_000 });
const skipReason = !chromiumPath ? chromiumMissingReason : !sharedPresent ? sharedMissingReason : '';
const EXPORTS = ['netflow5_test_juniper_mx80.dat', 'netflow5_test_microtik.dat', 'netflow5.dat'];

describe.skipIf(!!skipReason)(`flows view in Chromium${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let ui: UiPage;
  let page: Page;
  let api: ApiClient;
  let sender: Socket;
  let port: number;
  let datagrams: Buffer[];
  let sent = 0;

  const send = async (list: Buffer[]) => {
    for (const d of list) await new Promise<void>((r) => sender.send(d, port, '127.0.0.1', () => r()));
    sent += v5Totals(list).flows;
    const deadline = Date.now() + 20_000;
    while ((await api.call('collector.status', {})).rowsStored < sent && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect((await api.call('collector.status', {})).rowsStored).toBe(sent);
  };
  const hashParams = () => new URLSearchParams(new URL(page.url()).hash.split('?')[1] ?? '');
  const span = () => Date.parse(hashParams().get('to')!) - Date.parse(hashParams().get('from')!);
  const filterBox = () => page.getByLabel('Filter', { exact: true });
  /** The query window the page used, from its URL (a live range resolves "now" as the test reads it). */
  const windowNow = () => ({ fromMs: Date.now() - 15 * 60_000, toMs: Date.now() + 1000 });

  beforeAll(async () => {
    datagrams = EXPORTS.map((f) => readFileSync(sharedPath('fixtures', 'netflow-vendors', f)));
    ui = await openUiPage('#/flows?from=now-15m&to=now&dims=dst_port&top=5', { width: 1400, height: 1000 });
    page = ui.page;
    api = await connectServeApi(ui.serve);
    const started = await api.call('collector.start', { netflow: [0], ipfix: [0], sflow: [0], bind: ['127.0.0.1'] });
    port = started.listeners.find((l) => l.protocol === 'netflow')!.port;
    sender = createSocket('udp4');
    await new Promise<void>((r) => sender.bind(0, '127.0.0.1', () => r()));
    await send(datagrams);
    await page.reload();
    await page.getByTestId('health').filter({ hasText: 'duckdb' }).waitFor({ timeout: 15_000 });
  }, 60_000);
  afterAll(async () => {
    sender?.close();
    await api?.call('collector.stop', {}).catch(() => undefined);
    api?.close();
    await ui?.close();
  });

  it('draws the collected flows as a stacked series per destination port; a legend click filters', async () => {
    const chart = page.getByTestId('flows-series');
    await chart.locator('path[data-series]').first().waitFor({ timeout: 30_000 });
    // top 5 ports and "Other" (61 flows over more than 5 ports).
    expect(await chart.locator('path[data-series]').count()).toBe(6);
    expect(await chart.locator('path[data-series="Other"]').count()).toBe(1);
    await page.screenshot({ path: artifactPath('ui-flows-series-light.png'), fullPage: true });
    // A one-minute step (Wireshark's I/O graph interval): 15 or 16 buckets over the 15 minutes.
    await page.getByLabel('Step', { exact: true }).selectOption('1m');
    await poll(() => hashParams().get('step')).toBe('1m');
    const buckets = async () => ((await chart.locator('path[data-series="Other"]').getAttribute('d'))?.match(/[ML]/g)?.length ?? 0) / 2;
    await poll(async () => [15, 16].includes(await buckets())).toBe(true);
    await page.getByLabel('Step', { exact: true }).selectOption('auto');
    await poll(() => hashParams().get('step')).toBeNull();
    const first = chart.locator('.chart-legend button').first();
    const portText = (await first.textContent())!.trim();
    await first.click();
    await poll(() => filterBox().inputValue()).toBe(`dst_port = ${portText}`);
    await expect.poll(() => chart.locator('path[data-series]').count(), { timeout: 30_000 }).toBe(1);
    await filterBox().fill('');
    await filterBox().press('Enter');
    await poll(() => hashParams().get('filter')).toBeNull();
  });

  it('zooms on a drag across the chart, steps back and forward, zooms out and returns to a preset', async () => {
    const svg = page.getByTestId('flows-series').locator('svg');
    await svg.waitFor({ timeout: 30_000 });
    const box = (await svg.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.7, box.y + box.height * 0.5, { steps: 5 });
    await page.mouse.move(box.x + box.width * 0.9, box.y + box.height * 0.5, { steps: 5 });
    await page.mouse.up();
    // An absolute window, a fraction of the 15 minutes shown (40 % of the plot's width, less margins).
    await poll(() => hashParams().get('to')).toMatch(/^\d{4}-\d\d-\d\dT/);
    const zoomed = span();
    expect(zoomed).toBeGreaterThan(4 * 60_000);
    expect(zoomed).toBeLessThan(8 * 60_000);
    const before = { from: hashParams().get('from')!, to: hashParams().get('to')! };
    await page.getByRole('button', { name: 'Step back' }).click();
    await poll(() => hashParams().get('to')).toBe(before.from);
    expect(span()).toBe(zoomed);
    // The keys do the same: [ steps back once more, ] forward again; the ▶ button returns to the zoomed window.
    await page.keyboard.press('[');
    await poll(() => Date.parse(hashParams().get('to')!)).toBe(Date.parse(before.from) - zoomed);
    await page.keyboard.press(']');
    await poll(() => hashParams().get('to')).toBe(before.from);
    await page.getByRole('button', { name: 'Step forward' }).click();
    await poll(() => hashParams().get('from')).toBe(before.from);
    expect(hashParams().get('to')).toBe(before.to);
    // Zoom out doubles the window around its middle (from the stepped-back one, which stays in the past).
    await page.keyboard.press('[');
    await poll(() => hashParams().get('to')).toBe(before.from);
    await page.getByRole('button', { name: 'Zoom out' }).click();
    await poll(() => Math.abs(span() - 2 * zoomed) <= 1).toBe(true);
    expect(Math.abs(Date.parse(hashParams().get('to')!) - (Date.parse(before.from) + zoomed / 2))).toBeLessThanOrEqual(1);
    await page.getByLabel('Preset').selectOption('now-15m');
    await poll(() => hashParams().get('from')).toBe('now-15m');
    expect(hashParams().get('to')).toBe('now');
    // The absolute range fields take ISO times.
    await poll(() => page.getByRole('textbox', { name: 'From', exact: true }).inputValue()).toBe('now-15m');
  });

  it('takes an absolute range typed in From/To, and explains a bad one instead of a blank view', async () => {
    const from = new Date(Date.now() - 20 * 60_000).toISOString();
    const to = new Date(Date.now() + 60_000).toISOString();
    await page.getByRole('textbox', { name: 'From', exact: true }).fill(from);
    await page.getByRole('textbox', { name: 'To', exact: true }).fill(to);
    await page.getByRole('button', { name: 'Apply' }).click();
    await poll(() => hashParams().get('from')).toBe(from);
    expect(hashParams().get('to')).toBe(to);
    await poll(() => page.getByLabel('Preset').inputValue()).toBe('');
    await page.getByTestId('flows-series').locator('path[data-series]').first().waitFor({ timeout: 30_000 });
    await page.getByRole('textbox', { name: 'From', exact: true }).fill('yesterday');
    await page.getByRole('button', { name: 'Apply' }).click();
    await poll(() => page.getByRole('alert').filter({ hasText: /time: "yesterday" is not a time/ }).count()).toBe(1);
    await page.getByLabel('Preset').selectOption('now-15m');
    await poll(() => page.getByRole('alert').count()).toBe(0);
  });

  it('lists the top destination ports with "Other" and the totals the API gives; a click adds the value to the filter', async () => {
    await page.getByRole('tab', { name: 'Top N' }).click();
    const table = page.getByTestId('table-top-n');
    await table.waitFor({ timeout: 30_000 });
    const rows = table.locator('tbody tr');
    await poll(() => rows.count()).toBe(6);
    expect((await rows.last().locator('td').first().textContent())!.trim()).toBe('Other');
    const top = await api.call('flows.topN', { ...windowNow(), groupBy: ['dst_port'], top: 5, metric: 'bytes' });
    const shown = await rows.locator('td:first-child').allTextContents();
    expect(shown.slice(0, 5)).toEqual(top.rows.slice(0, 5).map((r) => String(r.key.dst_port)));
    const total = page.getByTestId('flows-total');
    expect(Number(await total.getAttribute('data-flows'))).toBe(top.total.flows);
    expect(top.total.flows).toBe(sent);
    await page.screenshot({ path: artifactPath('ui-flows-topn-light.png'), fullPage: true });

    const first = rows.first().locator('td').first().getByRole('button');
    const value = (await first.textContent())!.trim();
    await first.click();
    await poll(() => filterBox().inputValue()).toBe(`dst_port = ${value}`);
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(1);
    await filterBox().fill('');
    await filterBox().press('Enter');
    await poll(() => hashParams().get('filter')).toBeNull();
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(6);
  });

  it('lists conversations and endpoints exactly as the API answers, and Save CSV downloads the table', async () => {
    await page.getByRole('tab', { name: 'Conversations' }).click();
    const conv = page.getByTestId('table-conversations');
    await conv.waitFor({ timeout: 30_000 });
    const api1 = await api.call('flows.conversations', { ...windowNow(), layer: 'ip', limit: 500 });
    const rows = conv.locator('tbody tr');
    await poll(() => rows.count()).toBe(api1.length);
    const cells = await rows.evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent!.trim())));
    expect(cells.map((c) => [c[0], c[1], Number(c[2]!.replace(/,/g, '')), Number(c[3]!.replace(/,/g, ''))])).toEqual(api1.map((c) => [c.addressA, c.addressB, c.packets, c.bytes]));

    // Sorting by a heading (Wireshark-style); Save CSV then writes the rows in the order shown.
    await conv.locator('thead th', { hasText: 'packets B→A' }).click();
    await poll(() => conv.locator('thead th', { hasText: 'packets B→A' }).getAttribute('aria-sort')).toBe('descending');
    const cellsNow = () => rows.evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent!.trim())));
    const byBToA = (await cellsNow()).map((c) => Number(c[6]!.replace(/,/g, '')));
    expect(byBToA).toEqual([...byBToA].sort((x, y) => y - x));
    expect(byBToA).toEqual(api1.map((c) => c.packetsBToA).sort((x, y) => y - x));
    cells.splice(0, cells.length, ...(await cellsNow()));
    const [download] = await Promise.all([page.waitForEvent('download'), conv.locator('xpath=..').getByRole('button', { name: 'Save CSV' }).click()]);
    expect(download.suggestedFilename()).toBe('netweaver-conversations.csv');
    const csv = readFileSync((await download.path())!, 'utf8').trim().split('\r\n');
    const header = await conv.locator('thead th').allTextContents();
    expect(csv[0]).toBe(header.map((h) => h.replace(/ [▲▼]$/, '')).join(','));
    expect(csv.slice(1).map((l) => l.split(','))).toEqual(cells.map((c) => c.map((v) => v.replace(/,/g, ''))));

    // Copy CSV puts the same text on the clipboard.
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: ui.serve.base });
    await conv.locator('xpath=..').getByRole('button', { name: 'Copy CSV' }).click();
    await conv.locator('xpath=..').getByRole('button', { name: 'Copied' }).waitFor();
    expect((await page.evaluate(() => navigator.clipboard.readText())).trim().split(/\r?\n/)).toEqual(csv);

    await page.getByRole('tab', { name: 'Endpoints' }).click();
    const ep = page.getByTestId('table-endpoints');
    await ep.waitFor({ timeout: 30_000 });
    const api2 = await api.call('flows.endpoints', { ...windowNow(), limit: 500 });
    await poll(() => ep.locator('tbody tr').count()).toBe(api2.length);
    const epCells = await ep.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent!.trim())));
    expect(epCells.map((c) => [c[0], Number(c[1]!.replace(/,/g, '')), Number(c[2]!.replace(/,/g, ''))])).toEqual(api2.map((e) => [e.address, e.packets, e.bytes]));
  });

  it('draws the sankey between two dimensions; clicking a node filters on it', async () => {
    await page.getByRole('tab', { name: 'Sankey' }).click();
    const sankey = page.getByTestId('sankey');
    await sankey.waitFor({ timeout: 30_000 });
    // One dimension picked: the sankey adds protocol as its second column.
    expect(await sankey.locator('text.sankey-column').allTextContents()).toEqual(['dst_port', 'protocol']);
    expect(await sankey.locator('path.sankey-band').count()).toBeGreaterThan(1);
    // Protocol nodes are titled "protocol = …"; the largest (first) is labelled on the chart.
    const node = sankey.locator('g.sankey-node').filter({ has: page.locator('title', { hasText: /^protocol = / }) }).first();
    const label = (await node.locator('text').textContent())!.trim();
    expect(label).toMatch(/^(tcp|udp|\d+)$/);
    await page.keyboard.press('d');
    await page.screenshot({ path: artifactPath('ui-flows-sankey-dark.png'), fullPage: true });
    await page.keyboard.press('d');
    await node.locator('rect').click();
    await poll(() => filterBox().inputValue()).toBe(`protocol = ${label}`);
    await filterBox().fill('');
    await filterBox().press('Enter');
    await poll(() => hashParams().get('filter')).toBeNull();
  });

  it('shows a mistyped filter with the error under the column it points at', async () => {
    const bad = 'protocol = udp and dst_prot = 53';
    await filterBox().fill(bad);
    await filterBox().press('Enter');
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
    await filterBox().fill('');
    await filterBox().pressSequentially('proto');
    await page.getByRole('listbox', { name: 'Filter suggestions' }).waitFor();
    await filterBox().press('Tab');
    expect(await filterBox().inputValue()).toBe('protocol ');
    await filterBox().pressSequentially('= u');
    await page.getByRole('listbox', { name: 'Filter suggestions' }).getByRole('option', { name: /udp/ }).waitFor();
    await filterBox().fill('');
    await filterBox().press('Enter');
    await poll(() => hashParams().get('filter')).toBeNull();
    await poll(() => page.getByTestId('filter-error').count()).toBe(0);
  });

  it('restores filter, time range, dimensions, metric and tab from the URL on reload', async () => {
    await filterBox().fill('protocol = tcp');
    await filterBox().press('Enter');
    await page.getByLabel('Add dimension').selectOption('src_addr');
    await page.getByLabel('Metric').selectOption('pps');
    await page.getByLabel('Preset').selectOption('now-1h');
    await page.getByRole('tab', { name: 'Top N' }).click();
    await poll(() => hashParams().get('tab')).toBe('top');
    const url = page.url();
    expect(Object.fromEntries(hashParams())).toMatchObject({ filter: 'protocol = tcp', dims: 'dst_port,src_addr', metric: 'pps', from: 'now-1h', to: 'now' });
    await page.reload();
    await page.getByTestId('table-top-n').waitFor({ timeout: 30_000 });
    expect(page.url()).toBe(url);
    expect(await filterBox().inputValue()).toBe('protocol = tcp');
    expect(await page.getByLabel('Metric').inputValue()).toBe('pps');
    expect(await page.getByLabel('Preset').inputValue()).toBe('now-1h');
    expect(await page.getByRole('group', { name: 'Dimensions' }).locator('.chip').allTextContents()).toEqual(['dst_port×', 'src_addr×']);
    expect(await page.getByRole('tab', { name: 'Top N' }).getAttribute('aria-selected')).toBe('true');
    expect(await page.getByTestId('table-top-n').locator('thead th').allTextContents()).toEqual(['dst_port', 'src_addr', 'pps', 'share']);
    // Leaving through the navigation and coming back (a bare #/flows) restores the same state.
    await page.getByRole('navigation', { name: 'Areas' }).getByRole('link', { name: 'Settings' }).click();
    await page.locator('main[data-view="settings"]').waitFor();
    await page.getByRole('navigation', { name: 'Areas' }).getByRole('link', { name: 'Flows' }).click();
    await poll(() => page.url()).toBe(url);
    await page.getByTestId('table-top-n').waitFor({ timeout: 30_000 });
    expect(await filterBox().inputValue()).toBe('protocol = tcp');
    await page.getByRole('button', { name: 'Remove dimension src_addr' }).click();
    await filterBox().fill('');
    await filterBox().press('Enter');
    await poll(() => hashParams().get('filter')).toBeNull();
    await page.getByLabel('Metric').selectOption('flows');
  });

  it('lists its shortcuts in the help overlay', async () => {
    await page.getByRole('heading', { name: 'Flows' }).click(); // keys typed in a field are the field's
    await page.keyboard.press('?');
    const help = page.getByRole('dialog');
    await help.waitFor();
    for (const text of ['Flows: step the time range back', 'Flows: step the time range forward', 'Flows: zoom out (double the time range)', 'Flows: edit the filter']) {
      expect(await help.getByText(text).count()).toBe(1);
    }
    await page.keyboard.press('Escape');
  });

  it('updates live while the collector receives more flows, without a reload', async () => {
    await page.getByTestId('flows-total').waitFor({ timeout: 30_000 });
    await expect.poll(async () => Number(await page.getByTestId('flows-total').getAttribute('data-flows')), { timeout: 30_000 }).toBe(sent);
    await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
    const more = [datagrams[0]!, datagrams[1]!];
    await send(more);
    // The collector's status event (once a second) triggers a re-query; no reload, no manual
    // refresh. The bound is generous: the collector's flush and the query run on a shared machine.
    await expect.poll(async () => Number(await page.getByTestId('flows-total').getAttribute('data-flows')), { timeout: 25_000 }).toBe(sent);
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    await page.getByRole('tab', { name: 'Time series' }).click();
    await page.getByTestId('flows-series').locator('path[data-series]').first().waitFor({ timeout: 30_000 });
    await page.keyboard.press('d');
    await page.screenshot({ path: artifactPath('ui-flows-series-dark.png'), fullPage: true });
    await page.getByRole('tab', { name: 'Top N' }).click();
    await page.getByTestId('table-top-n').waitFor({ timeout: 30_000 });
    await page.screenshot({ path: artifactPath('ui-flows-topn-dark.png'), fullPage: true });
    await page.keyboard.press('d');
    expect(ui.errors).toEqual([]);
  });
  it('shows a slow query in progress and lets the engineer cancel it', async () => {
    // The network between page and service is made slow for one kind of query: its answers are
    // held back until released (the service itself answers normally).
    let hold = true;
    const held: (() => void)[] = [];
    await page.routeWebSocket(/\/api\?token=/, (ws) => {
      const server = ws.connectToServer();
      const slow = new Set<number>();
      ws.onMessage((m) => {
        const msg = JSON.parse(String(m)) as { type: string; id?: number; method?: string };
        if (msg.type === 'call' && msg.method === 'flows.conversations') slow.add(msg.id!);
        server.send(m);
      });
      server.onMessage((m) => {
        const msg = JSON.parse(String(m)) as { id?: number };
        if (hold && msg.id !== undefined && slow.has(msg.id)) held.push(() => ws.send(m));
        else ws.send(m);
      });
    });
    // An absolute range (not live), so no refresh starts a new query meanwhile.
    const from = new Date(Date.now() - 30 * 60_000).toISOString();
    const to = new Date(Date.now() + 5 * 60_000).toISOString();
    await page.goto(`${ui.serve.url}#/flows?from=${from}&to=${to}&tab=conversations`);
    await page.reload(); // a new page load opens a new WebSocket, through the route
    await page.getByTestId('health').filter({ hasText: 'duckdb' }).waitFor({ timeout: 15_000 });
    const status = page.getByRole('status', { name: 'Query progress' });
    await status.waitFor({ timeout: 15_000 });
    await expect.poll(() => held.length, { timeout: 15_000 }).toBe(1);
    await page.screenshot({ path: artifactPath('ui-flows-query-progress.png') });
    await status.getByRole('button', { name: 'Cancel' }).click();
    await page.getByTestId('flows-cancelled').waitFor();
    expect(await status.count()).toBe(0);
    // The late answer arrives and is ignored.
    held.splice(0).forEach((release) => release());
    await page.waitForTimeout(300);
    expect(await page.getByTestId('table-conversations').count()).toBe(0);
    hold = false;
    await page.getByRole('heading', { name: 'Flows' }).click();
    await page.keyboard.press('r');
    await page.getByTestId('table-conversations').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('flows-cancelled').count()).toBe(0);
    expect(ui.errors).toEqual([]);
  });
});
