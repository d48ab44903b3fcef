// Starts `netweaver serve` as a real child process (the built CLI, as an engineer runs it) on
// a free port, and reads the URL it prints.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from './shared-data.js';

export interface ServeProcess {
  url: string;
  base: string;
  token: string;
  dbPath: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

export interface ServeOptions {
  /** Extra environment for the serve process. */
  env?: Record<string, string>;
  /** A DuckDB file the test prepared (flows written beforehand); default a new one. */
  dbPath?: string;
}

export async function startServe(extraArgs: string[] = [], options: ServeOptions = {}): Promise<ServeProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'nw-serve-'));
  const dbPath = options.dbPath ?? join(dir, 'test.duckdb');
  const env = options.env ?? {};
  // Its own settings folder: a test never reads or writes the engineer's ~/.config/netweaver.
  const child = spawn(process.execPath, ['bin/netweaver.js', 'serve', '--port', '0', '--db', dbPath, '--config', join(dir, 'config'), '--json', ...extraArgs], {
    cwd: projectRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`serve did not print its URL in 30 s; stderr: ${stderr}`)), 30_000);
    child.stdout!.on('data', (d) => {
      out += d;
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) {
        clearTimeout(timer);
        resolve((JSON.parse(line) as { url: string }).url);
      }
    });
    child.on('exit', (code) => reject(new Error(`serve exited (${code}) before printing its URL: ${stderr}`)));
  });
  const parsed = new URL(url);
  return {
    url,
    base: `${parsed.protocol}//${parsed.host}`,
    token: parsed.searchParams.get('token')!,
    dbPath,
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
