// Durability: `netweaver collect` is killed with SIGKILL in the middle of ingest; the DuckDB file
// must reopen, and every flow the collector reported as stored before the kill must be there —
// no more than was sent, and each stored row intact.
import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src-main/store/open-store.js';
import { netflowV5Packet } from '../support/export-writers.js';
import { projectRoot } from '../support/shared-data.js';

describe('collector durability', () => {
  it('keeps everything flushed before a kill -9 during ingest', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'nw-kill-')), 'kill.duckdb');
    const child = spawn(process.execPath, ['bin/netweaver.js', 'collect', '--db', db, '--netflow', '0', '--ipfix', '0', '--sflow', '0', '--bind', '127.0.0.1'], { cwd: projectRoot, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += String(d); });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    const port = await new Promise<number>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`collect did not start: ${stderr}`)), 30_000);
      const check = () => {
        const m = /listening for netflow on 127\.0\.0\.1 port (\d+)/.exec(stderr);
        if (m) { clearTimeout(t); resolve(Number(m[1])); } else setTimeout(check, 50);
      };
      check();
    });
    const sender = createSocket('udp4');
    let sent = 0;
    let seq = 0;
    const storedReported = () => Math.max(0, ...[...stderr.matchAll(/stored (\d+(?:\.\d+)?)(k|M)?/g)].map((m) => Number(m[1]) * (m[2] === 'k' ? 1e3 : m[2] === 'M' ? 1e6 : 1)));
    // Send until the collector has reported stored rows twice over, then kill it mid-stream.
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline && storedReported() < 3000) {
      for (let i = 0; i < 20; i++) {
        await new Promise<void>((r) => sender.send(netflowV5Packet(seq, sent, 30), port, '127.0.0.1', () => r()));
        seq += 30;
        sent += 30;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    const reported = storedReported();
    expect(reported).toBeGreaterThanOrEqual(3000);
    // keep sending while the kill lands
    const stream = setInterval(() => { sender.send(netflowV5Packet(seq, sent, 30), port, '127.0.0.1'); seq += 30; sent += 30; }, 1);
    await new Promise((r) => setTimeout(r, 150));
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    clearInterval(stream);
    sender.close();
    const store = await openStore({ db });
    const [row] = await store.all<{ n: number; bad: number }>('SELECT count(*) AS n, count(*) FILTER (WHERE packets < 1 OR packets > 7 OR bytes < 64) AS bad FROM flows');
    await store.close();
    // "stored" on stderr may be rounded down (e.g. "3.5k"); every reported row must be there.
    expect(Number(row!.n)).toBeGreaterThanOrEqual(reported);
    expect(Number(row!.n)).toBeLessThanOrEqual(sent);
    expect(Number(row!.bad)).toBe(0);
  }, 90_000);
});
