// `npm run bench -- ui`: the topology map in headless Chromium (WebGL through SwiftShader, i.e.
// on the CPU — a laptop GPU is much faster) against `netweaver serve`. For 1k- and 10k-device
// networks (5 links per device, positioned, so no layout runs) it prints the time from opening
// the file to the first rendered frame, and frame times while panning across the map and while
// zooming in (the reused image is carried by a CSS transform; NW_BENCH_PAN=redraw redraws all).
// No peer tool draws a sigma map here; the figure to compare with is 16.7 ms/frame (60 fps).
// Also printed: the CPU time Chromium's processes used per panned frame (SwiftShader renders
// on the CPU, so this is the work a frame costs, and it is less sensitive than wall time to
// other load on the machine). NW_BENCH_ANGLE=swiftshader-webgl keeps SwiftShader for WebGL but
// composites in software, closer to a real GPU where compositing layers is nearly free.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { chromiumMissingReason, chromiumPath, launchChromium } from '../support/chromium.js';
import { startServe } from '../support/serve-process.js';
import { syntheticTopology } from '../support/synthetic-topology.js';

/** CPU milliseconds (user + system) used so far by every process below this one (Linux /proc). */
function descendantsCpuMs(root = process.pid): number {
  if (!existsSync('/proc')) return NaN;
  const children = (pid: number): number[] => {
    try {
      return execFileSync('pgrep', ['-P', String(pid)]).toString().trim().split('\n').filter(Boolean).map(Number);
    } catch {
      return [];
    }
  };
  let total = 0;
  const stack = children(root);
  while (stack.length) {
    const pid = stack.pop()!;
    stack.push(...children(pid));
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      total += ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // clock ticks at USER_HZ = 100
    } catch {
      // the process ended between listing and reading
    }
  }
  return total;
}

async function open(page: Page, file: string, nodes: number): Promise<number> {
  await page.evaluate(() => performance.clearMarks());
  await page.getByTestId('topology-file').setInputFiles(file);
  await page.locator(`[data-testid="topology-canvas"][data-nodes="${nodes}"]`).waitFor({ timeout: 120_000 });
  await page.waitForFunction(() => performance.getEntriesByName('topology:first-frame').length > 0, null, { timeout: 120_000 });
  return page.evaluate(() => performance.getEntriesByName('topology:first-frame')[0]!.startTime - performance.getEntriesByName('topology:open')[0]!.startTime);
}

type Motion = 'pan' | 'zoom';

/** Pan or zoom: move the camera a little on every animation frame and time the renders sigma does. */
async function move(page: Page, deferLinks: boolean, motion: Motion): Promise<{ frames: number[]; cpuPerFrameMs: number }> {
  await page.waitForTimeout(500);
  const cpuBefore = descendantsCpuMs();
  const frames = await page.evaluate(async ({ deferLinks, motion }) => {
    const { sigma, tuning } = (window as unknown as { __netweaverTopology: { tuning?: { deferLinks: boolean }; sigma: { getCamera(): { getState(): { x: number; y: number; ratio: number; angle: number }; setState(s: object): void }; on(e: string, f: () => void): void; off(e: string, f: () => void): void } } }).__netweaverTopology;
    if (tuning) tuning.deferLinks = deferLinks;
    const camera = sigma.getCamera();
    const start = camera.getState();
    const times: number[] = [];
    let last = performance.now();
    const onRender = () => {
      const now = performance.now();
      times.push(now - last);
      last = now;
    };
    sigma.on('afterRender', onRender);
    for (let i = 0; i < 90; i++) {
      // A zoom goes in by 1 % a frame (2.4× over the run, so the reused image is redrawn once).
      camera.setState(motion === 'pan' ? { ...start, x: start.x + 0.004 * i, y: start.y + 0.002 * i } : { ...start, ratio: start.ratio * 0.99 ** i });
      await new Promise((r) => requestAnimationFrame(() => r(null)));
    }
    await new Promise((r) => setTimeout(r, 200));
    sigma.off('afterRender', onRender);
    camera.setState(start);
    return times;
  }, { deferLinks, motion });
  const cpuPerFrameMs = (descendantsCpuMs() - cpuBefore) / frames.length;
  return { frames: frames.slice(1), cpuPerFrameMs };
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? NaN;

export async function run(): Promise<void> {
  if (!chromiumPath) {
    console.log(`ui: skipped — ${chromiumMissingReason}`);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'nw-ui-bench-'));
  const serve = await startServe();
  const angle = process.env.NW_BENCH_ANGLE === 'swiftshader-webgl' ? 'swiftshader-webgl' : 'swiftshader';
  const browser = await launchChromium(angle);
  try {
    for (const nodes of (process.env.NW_BENCH_SIZES ?? '1000,10000').split(',').map(Number)) {
      const topo = syntheticTopology(nodes, 5);
      const file = join(dir, `bench-${nodes}.json`);
      writeFileSync(file, JSON.stringify(topo));
      const [vw, vh] = (process.env.NW_BENCH_VIEWPORT ?? '1400x900').split('x').map(Number);
      const page = await browser.newPage({ viewport: { width: vw!, height: vh! } });
      // tsx compiles with keepNames: functions inside page.evaluate call esbuild's __name helper.
      await page.addInitScript('window.__name = (f) => f');
      await page.goto(`${serve.url}#/topology`);
      await page.getByTestId('health').filter({ hasText: 'duckdb' }).waitFor({ timeout: 30_000 });
      const cdp = process.env.NW_BENCH_PROFILE ? await page.context().newCDPSession(page) : null;
      if (cdp) {
        await cdp.send('Profiler.enable');
        await cdp.send('Profiler.start');
      }
      const firstFrameMs = await open(page, file, nodes);
      // NW_BENCH_PAN=reuse|redraw measures one way only (both by default).
      const modes = process.env.NW_BENCH_PAN === 'reuse' || process.env.NW_BENCH_PROFILE ? [true] : process.env.NW_BENCH_PAN === 'redraw' ? [false] : [true, false];
      const results = [];
      for (const motion of ['pan', 'zoom'] as const) for (const deferLinks of modes) results.push({ motion, deferLinks, ...(await move(page, deferLinks, motion)) });
      if (cdp) {
        const { profile } = (await cdp.send('Profiler.stop')) as { profile: { nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }[] } };
        const self = new Map<string, number>();
        for (const n of profile.nodes) {
          const k = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`;
          self.set(k, (self.get(k) ?? 0) + (n.hitCount ?? 0));
        }
        console.log([...self].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([k, v]) => `${v}\t${k}`).join('\n'));
      }
      for (const { motion, deferLinks, frames, cpuPerFrameMs } of results) {
        const median = pct(frames, 50);
        console.log(
          `ui: ${nodes.toLocaleString()} devices, ${topo.links.length.toLocaleString()} links (${topo.links.length * 2} link directions): first frame ${firstFrameMs.toFixed(0)} ms; ` +
            `${motion === 'pan' ? 'panning' : 'zooming'} (${deferLinks ? 'image reused while moving' : 'redrawn every frame'}) ${frames.length} frames, median ${median.toFixed(1)} ms (${(1000 / median).toFixed(0)} fps), p95 ${pct(frames, 95).toFixed(1)} ms, Chromium CPU ${cpuPerFrameMs.toFixed(0)} ms/frame; ` +
            `vs 16.7 ms/frame at 60 fps: ${(median / 16.7).toFixed(2)}× (--use-angle=${angle}: ${angle === 'swiftshader' ? 'WebGL and compositing' : 'WebGL'} on the CPU)`,
        );
      }
      await page.close();
    }
  } finally {
    await browser.close();
    await serve.stop();
  }
}
