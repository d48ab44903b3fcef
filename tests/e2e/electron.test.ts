// The desktop app through Playwright's Electron driver. Runs where Electron's binary is
// installed; here (offline) its download is impossible, so the test says so and skips.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../support/shared-data.js';

function electronBinary(): string | null {
  try {
    const path = createRequire(join(projectRoot, 'package.json'))('electron') as unknown;
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

const binary = electronBinary();
const reason = "needs Electron's binary (node_modules/electron/dist), which is downloaded on install and cannot be here offline: run `node node_modules/electron/install.js` where there is internet";

describe.skipIf(!binary)(`desktop app in Electron${binary ? '' : ` (skipped: ${reason})`}`, () => {
  it('opens a sandboxed window that connects over IPC', async () => {
    const { _electron } = await import('playwright-core');
    const app = await _electron.launch({ executablePath: binary!, args: [projectRoot, '--db', join(projectRoot, 'test-artifacts', 'electron.duckdb')] });
    const window = await app.firstWindow();
    await window.getByTestId('health').filter({ hasText: 'ipc' }).waitFor({ timeout: 30_000 });
    // Context isolation and the sandbox: the page's world sees the bridge, never Node.
    const world = await window.evaluate(() => ({
      require: typeof (globalThis as { require?: unknown }).require,
      process: typeof (globalThis as { process?: unknown }).process,
      bridge: typeof (globalThis as { netweaver?: unknown }).netweaver,
    }));
    expect(world).toEqual({ require: 'undefined', process: 'undefined', bridge: 'object' });
    await app.close();
  });
});
