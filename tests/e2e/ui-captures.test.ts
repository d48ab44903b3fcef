// The captures view in Chromium against `netweaver serve`, as an engineer uses it in a browser:
// pick several files at once (a real capture, the same capture cut short, a garbage file, a real
// sFlow capture and one over the upload limit) and drop another; each gets its own row — upload,
// then import — and its summary; the packet count matches tshark's; the bad ones say why and the
// others carry on. Cancel mid-upload and mid-import; the cancelled import says what it kept, in
// the row and in the history. Nothing is left in the host's uploads folder. Then the capture's
// conversations open in the Flows view with its time range and filter.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bigPcap } from '../support/big-pcap.js';
import { artifactPath, chromiumMissingReason, chromiumPath } from '../support/chromium.js';
import { sharedMissingReason, sharedPath, sharedPresent } from '../support/shared-data.js';
import { missingToolReason, which } from '../support/tools.js';
import { openUiPage, type UiPage } from '../support/ui-page.js';

const tshark = which('tshark');
const skipReason = !chromiumPath ? chromiumMissingReason : !sharedPresent ? sharedMissingReason : !tshark ? missingToolReason('tshark') : '';
const LIMIT = 40 * 1024 * 1024;

/** tshark's packet count for a file: the oracle for the row's packets. */
function tsharkPackets(path: string): number {
  return execFileSync(tshark!, ['-r', path, '-T', 'fields', '-e', 'frame.number'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).split('\n').filter(Boolean).length;
}

const num = async (cell: Locator) => Number((await cell.textContent())!.replace(/\D/g, ''));

describe.skipIf(!!skipReason)(`captures view in Chromium${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  const work = mkdtempSync(join(tmpdir(), 'nw-ui-captures-'));
  const uploadsDir = join(work, 'uploads');
  let ui: UiPage;
  let page: Page;
  const row = (file: string) => page.getByTestId('capture-imports').locator(`tbody tr[data-file="${file}"]`);
  const settled = (file: string, state: string) => row(file).and(page.locator(`[data-state="${state}"]`)).waitFor({ timeout: 120_000 });

  beforeAll(async () => {
    ui = await openUiPage('#/captures', undefined, { env: { NETWEAVER_UPLOADS_DIR: uploadsDir, NETWEAVER_UPLOAD_MAX_BYTES: String(LIMIT) } });
    page = ui.page;
  });
  afterAll(async () => {
    await ui?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('uploads several files at once, one row each, with summaries; bad files say why and the others continue', async () => {
    const afs = sharedPath('fixtures', 'pcap-tcpdump', 'afs.pcap');
    const sflow = sharedPath('fixtures', 'pcap-tcpdump', 'sflow_multiple_counter_30_pdus.pcap');
    const cut = join(work, 'afs-cut.pcap');
    writeFileSync(cut, readFileSync(afs).subarray(0, 300_000)); // ends mid-packet
    const junk = join(work, 'notes.pcap');
    writeFileSync(junk, 'these are my notes, not a capture\n'.repeat(40));
    const huge = join(work, 'huge.pcap');
    writeFileSync(huge, Buffer.alloc(LIMIT + 1));
    await page.getByLabel('Choose capture files').setInputFiles([afs, cut, junk, sflow, huge]);

    await settled('afs.pcap', 'succeeded');
    await settled('afs-cut.pcap', 'succeeded');
    await settled('notes.pcap', 'failed');
    await settled('sflow_multiple_counter_30_pdus.pcap', 'succeeded');
    await settled('huge.pcap', 'failed');

    const cells = (file: string) => row(file).locator('td');
    expect(await num(cells('afs.pcap').nth(2))).toBe(tsharkPackets(afs));
    expect(await num(cells('afs.pcap').nth(3))).toBeGreaterThan(0);
    expect(await cells('afs.pcap').nth(1).textContent()).toMatch(/packets → [\d,]+ flow rows stored/);
    // The cut file imports up to the cut and says so; it has fewer packets than the whole one.
    expect(await num(cells('afs-cut.pcap').nth(2))).toBeLessThan(tsharkPackets(afs));
    expect(await cells('afs-cut.pcap').nth(4).textContent()).toMatch(/truncated-file.*capture: afs-cut\.pcap ends inside a packet record/);
    expect(await cells('notes.pcap').nth(1).textContent()).toMatch(/^capture: notes\.pcap is not a pcap or pcapng capture/);
    expect(await cells('notes.pcap').nth(1).textContent()).not.toContain(uploadsDir);
    expect(await cells('huge.pcap').nth(1).textContent()).toMatch(/huge\.pcap is 40\.0 MiB; uploads are limited to 40\.0 MiB/);
    // sFlow in the capture is telemetry from its agent.
    expect(await cells('sflow_multiple_counter_30_pdus.pcap').nth(5).textContent()).toMatch(/^\d+ datagrams \((?=[^)]*sflow \d+)[^)]*\) → \d+ flow records from \d+ exporters?$/);
    expect(readdirSync(uploadsDir)).toEqual([]);
    await page.screenshot({ path: artifactPath('ui-captures-light.png'), fullPage: true });
    await page.getByRole('button', { name: 'Toggle dark mode' }).click();
    await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
    await page.screenshot({ path: artifactPath('ui-captures-dark.png'), fullPage: true });
    await page.getByRole('button', { name: 'Toggle dark mode' }).click();
  }, 180_000);

  it('imports a file dropped onto the view', async () => {
    const bytes = readFileSync(sharedPath('fixtures', 'pcap-tcpdump', 'sflow_expanded.pcap')).toString('base64');
    const dataTransfer = await page.evaluateHandle((b64) => {
      const dt = new DataTransfer();
      const raw = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      dt.items.add(new File([raw], 'dropped-sflow.pcap'));
      return dt;
    }, bytes);
    await page.getByTestId('captures-drop').dispatchEvent('drop', { dataTransfer });
    await settled('dropped-sflow.pcap', 'succeeded');
    expect(await num(row('dropped-sflow.pcap').locator('td').nth(2))).toBe(tsharkPackets(sharedPath('fixtures', 'pcap-tcpdump', 'sflow_expanded.pcap')));
  }, 60_000);

  it('cancels an upload part-way (nothing left on the host) and an import part-way (what it kept is stated)', async () => {
    const big = join(work, 'big-upload.pcap');
    writeFileSync(big, bigPcap(300_000)); // ≈ 35 MiB: several seconds of chunks
    await page.getByLabel('Choose capture files').setInputFiles(big);
    const uploading = row('big-upload.pcap').and(page.locator('[data-state="uploading"]'));
    await uploading.waitFor({ timeout: 30_000 });
    await page.waitForFunction(() => {
      const bar = document.querySelector('tr[data-file="big-upload.pcap"] progress') as HTMLProgressElement | null;
      return !!bar && bar.value > 0.05;
    });
    await row('big-upload.pcap').getByRole('button', { name: /Cancel/ }).click();
    await settled('big-upload.pcap', 'cancelled');
    expect(await row('big-upload.pcap').textContent()).toMatch(/partial file was deleted/);
    for (let i = 0; i < 50 && readdirSync(uploadsDir).length; i++) await new Promise((r) => setTimeout(r, 100));
    expect(readdirSync(uploadsDir)).toEqual([]);

    const long = join(work, 'long-import.pcap');
    writeFileSync(long, bigPcap(1_500_000)); // ≈ 170 MiB by host path: a second or more of import
    await page.getByText('Import by path on the host').click();
    await page.getByLabel('Capture files', { exact: true }).fill(long);
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await row('long-import.pcap').and(page.locator('[data-state="importing"]')).waitFor({ timeout: 30_000 });
    await row('long-import.pcap').getByRole('button', { name: /Cancel/ }).click();
    await settled('long-import.pcap', 'cancelled');
    const text = (await row('long-import.pcap').locator('td').nth(1).textContent())!;
    expect(text).toMatch(/^Cancelled( at \d+ %)? after [\d,]+ packets; [\d,]+ flow rows stored before the cancel \(kept\)/);
    expect(await num(row('long-import.pcap').locator('td').nth(2))).toBeLessThan(1_500_000);
    // The history says the same: cancelled, not succeeded.
    const history = page.getByTestId('capture-history').locator('tbody tr').filter({ hasText: 'long-import.pcap' });
    await history.and(page.locator('[data-state="cancelled"]')).waitFor({ timeout: 10_000 });
    expect(await history.textContent()).toMatch(/flow rows stored before the cancel/);
    await expect.poll(() => page.getByTestId('capture-history').locator('tbody tr[data-state="failed"]').count()).toBeGreaterThanOrEqual(1);
    await page.screenshot({ path: artifactPath('ui-captures-cancelled.png'), fullPage: true });
  }, 180_000);

  it('opens the imported capture\'s conversations in the Flows view over its time range', async () => {
    await row('afs.pcap').getByRole('button', { name: 'conversations →' }).click();
    const table = page.getByTestId('table-conversations');
    await table.waitFor({ timeout: 30_000 });
    await expect.poll(() => table.locator('tbody tr').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    const hash = new URLSearchParams(new URL(page.url()).hash.split('?')[1]);
    expect(hash.get('filter')).toBe('source = pcap');
    expect(hash.get('from')).toMatch(/^1999-11-11T21:46/); // afs.pcap's first packet (tshark: Nov 11, 1999 21:46:16 UTC)
    await page.screenshot({ path: artifactPath('ui-captures-conversations.png') });
    expect(ui.errors).toEqual([]);
  }, 60_000);
});
