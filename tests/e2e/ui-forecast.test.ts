// The forecast view as an engineer uses it, in Chromium against `netweaver serve`: train a tiny
// LSTM on a real NAB network-traffic series (a CSV on the host), watch the loss chart fill in,
// plot the forecast band beside the baselines; train a detector and list anomalies; cancel a
// long training run.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactPath, chromiumMissingReason, chromiumPath } from '../support/chromium.js';
import { openUiPage, type UiPage } from '../support/ui-page.js';
import { sharedMissingReason, sharedPath, sharedPresent } from '../support/shared-data.js';

const skipReason = !chromiumPath ? chromiumMissingReason : !sharedPresent ? sharedMissingReason : '';

describe.skipIf(!!skipReason)(`forecast view in Chromium${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let ui: UiPage;
  let page: Page;
  let errors: string[];
  const csv = sharedPath('data', 'nab', 'ec2_network_in_257a54.csv');

  beforeAll(async () => {
    ui = await openUiPage('#/forecast', { width: 1400, height: 1000 });
    ({ page, errors } = ui);
  });
  afterAll(async () => {
    await ui?.close();
  });

  it('trains a tiny LSTM with a live loss chart and plots its forecast band with the baselines', async () => {
    await page.getByLabel('Series').fill(csv);
    await page.getByLabel('Epochs').fill('3');
    await page.getByRole('button', { name: 'Train' }).click();
    await page.getByRole('status', { name: 'Training progress' }).waitFor();
    await page.getByTestId('model-metrics').waitFor({ timeout: 180_000 });
    // Three epochs: three points on each loss line.
    const lossPoints = await page.getByTestId('loss-chart').locator('path[data-series="training loss"]').getAttribute('d');
    expect(lossPoints?.match(/[ML]/g)?.length).toBe(3);
    expect(await page.getByTestId('model-metrics').textContent()).toMatch(/lstm on ec2_network_in_257a54/);
    expect(page.url()).toContain('model=lstm');

    await page.getByLabel('Horizon').fill('6h');
    await page.getByRole('button', { name: 'Forecast' }).click();
    const chart = page.getByTestId('forecast-chart');
    await chart.waitFor({ timeout: 60_000 });
    const d = await chart.locator('path[data-series="forecast"]').getAttribute('d');
    expect(d?.match(/[ML]/g)?.length).toBe(73); // the last observation, then 6 h of 5-minute steps
    // The actual series is drawn before it: up to a day of 5-minute buckets (gaps are not drawn).
    const actual = await chart.locator('path[data-series="actual"]').getAttribute('d');
    const drawn = actual?.match(/[ML]/g)?.length ?? 0;
    expect(drawn).toBeGreaterThan(72);
    expect(drawn).toBeLessThanOrEqual(288);
    expect(await chart.locator('path[data-series^="forecast band"]').count()).toBe(1);
    expect(await page.getByTestId('models').locator('tbody tr').count()).toBe(1);
    await page.screenshot({ path: artifactPath('ui-forecast-light.png'), fullPage: true });
  });

  it('trains a detector and lists anomalies (or says there are none)', async () => {
    await page.getByLabel('Model').selectOption('autoencoder');
    await page.getByLabel('Epochs').fill('2');
    await page.getByRole('button', { name: 'Train' }).click();
    await page.getByTestId('model-metrics').filter({ hasText: 'autoencoder' }).waitFor({ timeout: 180_000 });
    await page.getByRole('button', { name: 'Detect anomalies' }).click();
    await page.getByRole('heading', { name: /^Anomalies \(\d+\)$/ }).waitFor({ timeout: 60_000 });
    const heading = await page.getByRole('heading', { name: /^Anomalies/ }).textContent();
    const count = Number(/\((\d+)\)/.exec(heading!)![1]);
    if (count > 0) {
      expect(await page.getByTestId('anomalies').locator('tbody tr').count()).toBe(count);
      await page.getByRole('button', { name: 'flows at this time →' }).first().click();
      expect(page.url()).toMatch(/#\/flows\?from=.*&to=/);
      await page.goBack();
    } else {
      await page.getByText("None above the detector's threshold").waitFor();
    }
    await page.keyboard.press('d');
    await page.screenshot({ path: artifactPath('ui-forecast-dark.png'), fullPage: true });
    await page.keyboard.press('d');
  });

  it('cancels a long training run', async () => {
    await page.getByLabel('Model').selectOption('lstm');
    await page.getByLabel('Epochs').fill('500');
    await page.getByRole('button', { name: 'Train' }).click();
    const progress = page.getByRole('status', { name: 'Training progress' });
    await progress.and(page.locator('[data-state="running"]')).waitFor({ timeout: 60_000 });
    // The header's jobs list shows the same job, with its own cancel.
    await page.getByRole('button', { name: 'Jobs' }).filter({ hasText: '1 job' }).waitFor();
    await page.getByRole('button', { name: 'Jobs' }).click();
    await page.getByRole('dialog', { name: 'Jobs' }).getByText(/Train lstm on csv:ec2_network_in_257a54.csv/).first().waitFor();
    await page.screenshot({ path: artifactPath('ui-jobs-menu.png') });
    await page.getByRole('button', { name: 'Jobs' }).click();
    await page.getByRole('button', { name: 'Cancel training' }).click();
    await progress.and(page.locator('[data-state="cancelled"]')).waitFor({ timeout: 60_000 });
    await page.getByRole('alert').waitFor();
    expect(errors).toEqual([]);
  });
});
