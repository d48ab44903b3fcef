// The captures view in Chromium against `netweaver serve`: import a real capture (tcpdump's
// test corpus) by its path on the host, with a missing file beside it; see each file's outcome,
// then open the capture's conversations in the flows view.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactPath, chromiumMissingReason, chromiumPath } from '../support/chromium.js';
import { sharedMissingReason, sharedPath, sharedPresent } from '../support/shared-data.js';
import { openUiPage, type UiPage } from '../support/ui-page.js';

const skipReason = !chromiumPath ? chromiumMissingReason : !sharedPresent ? sharedMissingReason : '';

describe.skipIf(!!skipReason)(`captures view in Chromium${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let ui: UiPage;
  let page: Page;

  beforeAll(async () => {
    ui = await openUiPage('#/captures');
    page = ui.page;
  });
  afterAll(async () => {
    await ui?.close();
  });

  it('imports a capture file by file, says which file is missing, and opens the conversations', async () => {
    const good = sharedPath('fixtures', 'pcap-tcpdump', 'bigtcp-ipv4-vxlan-ipv4.pcap');
    await page.getByLabel('Capture files').fill(`${good}\n/nonexistent/missing.pcap`);
    await page.getByRole('button', { name: 'Import' }).click();
    const rows = page.getByTestId('capture-imports').locator('tbody tr');
    await rows.nth(0).and(page.locator('[data-state="done"]')).waitFor({ timeout: 60_000 });
    await rows.nth(1).and(page.locator('[data-state="failed"]')).waitFor({ timeout: 60_000 });
    expect(Number((await rows.nth(0).locator('td').nth(2).textContent())!.replace(/\D/g, ''))).toBeGreaterThan(0);
    expect(await rows.nth(1).textContent()).toMatch(/missing\.pcap/);
    await page.screenshot({ path: artifactPath('ui-captures-light.png') });
    await rows.nth(0).getByRole('button', { name: 'conversations →' }).click();
    const table = page.getByTestId('table-conversations');
    await table.waitFor({ timeout: 30_000 });
    expect(await table.locator('tbody tr').count()).toBeGreaterThan(0);
    await page.screenshot({ path: artifactPath('ui-captures-conversations.png') });
    expect(ui.errors).toEqual([]);
  });
});
