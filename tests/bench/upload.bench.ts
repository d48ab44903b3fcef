// Capture upload speed in browser mode: a synthetic pcap picked in the Captures view of
// `netweaver serve`, in the system Chromium, uploaded through the typed API (base64 chunks over
// the WebSocket) until the row says "uploaded"; then the same file sent by `curl -T` to a plain
// Node HTTP sink on loopback — what the HTTP-PUT design we did not choose would cost at best.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bigPcap } from '../support/big-pcap.js';
import { chromiumPath, launchChromium } from '../support/chromium.js';
import { startServe } from '../support/serve-process.js';
import { which } from '../support/tools.js';

async function curlPeer(file: string): Promise<number | null> {
  const curl = which('curl');
  if (!curl) return null;
  let received = 0;
  const server = createServer((req, res) => {
    req.on('data', (d: Buffer) => (received += d.length));
    req.on('end', () => res.end('ok'));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const start = process.hrtime.bigint();
  // Asynchronously: the sink runs on this process's event loop.
  await promisify(execFile)(curl, ['-s', '-o', '/dev/null', '-T', file, `http://127.0.0.1:${(server.address() as AddressInfo).port}/`]);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  server.close();
  return received / seconds;
}

export async function run(): Promise<void> {
  if (!chromiumPath) {
    console.log('upload: skipped — no system Chromium');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'nw-bench-upload-'));
  const file = join(dir, 'bench.pcap');
  const bytes = bigPcap(1_800_000);
  writeFileSync(file, bytes);
  const serve = await startServe(['--no-collect'], { env: { NETWEAVER_UPLOADS_DIR: join(dir, 'uploads') } });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.goto(`${serve.url}#/captures`);
    await page.getByTestId('health').filter({ hasText: 'duckdb' }).waitFor({ timeout: 15_000 });
    const start = process.hrtime.bigint();
    await page.getByLabel('Choose capture files').setInputFiles(file);
    const row = page.locator('tr[data-file="bench.pcap"]');
    await row.and(page.locator('[data-state]:not([data-state="queued"]):not([data-state="uploading"])')).waitFor({ timeout: 600_000 });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const state = await row.getAttribute('data-state');
    if (state === 'failed' || state === 'cancelled') throw new Error(`upload: the upload ended ${state}: ${await row.textContent()}`);
    const rate = bytes.length / seconds;
    const peer = await curlPeer(file);
    console.log(`upload: ${(bytes.length / 1e6).toFixed(0)} MB from Chromium through the API in ${seconds.toFixed(1)} s = ${(rate / 1e6).toFixed(1)} MB/s`);
    if (peer) console.log(`upload: curl -T to a Node HTTP sink ${(peer / 1e6).toFixed(0)} MB/s (ratio ${(peer / rate).toFixed(1)}× faster than our upload)`);
  } finally {
    await browser.close();
    await serve.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
