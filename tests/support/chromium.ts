// Launching Debian's Chromium through playwright-core (no downloaded browser), headless, with
// the flags this offline machine needs and SwiftShader for WebGL.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { projectRoot } from './shared-data.js';

const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].filter(Boolean) as string[];
export const chromiumPath = candidates.find((p) => existsSync(p)) ?? null;
export const chromiumMissingReason = 'needs a system Chromium (Debian package `chromium`, installed by .ci/run); none found';

/** `angle`: 'swiftshader' (WebGL and the compositor on SwiftShader) or 'swiftshader-webgl' (WebGL only; software compositor). */
export async function launchChromium(angle: 'swiftshader' | 'swiftshader-webgl' = 'swiftshader'): Promise<Browser> {
  if (!chromiumPath) throw new Error(chromiumMissingReason);
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
      '--enable-unsafe-swiftshader',
      `--use-angle=${angle}`,
    ],
  });
}

export const artifactsDir = join(projectRoot, 'test-artifacts');

export function artifactPath(name: string): string {
  mkdirSync(artifactsDir, { recursive: true });
  return join(artifactsDir, name);
}
