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
  /** Start the flow collector on its saved/standard ports (2055/4739/6343). Off by default: tests
   * run side by side and must not fight over, or be reached on, the standard ports; a test that
   * collects starts the collector through the API on ports it chose. */
  collect?: boolean;
}

export async function startServe(extraArgs: string[] = [], options: ServeOptions = {}): Promise<ServeProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'nw-serve-'));
  const dbPath = options.dbPath ?? join(dir, 'test.duckdb');
  const env = options.env ?? {};
  // Its own settings folder: a test never reads or writes the engineer's ~/.config/netweaver.
  const child = spawn(process.execPath, ['bin/netweaver.js', 'serve', '--port', '0', '--db', dbPath, '--config', join(dir, 'config'), '--json', ...(options.collect || extraArgs.includes('--no-collect') ? [] : ['--no-collect']), ...extraArgs], {
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
        // Already gone (a test may stop it early): exitCode stays null when a signal ended it.
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const hard = setTimeout(() => child.kill('SIGKILL'), 15_000); // a serve that hangs on shutdown must not hang the suite
        child.once('exit', () => {
          clearTimeout(hard);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}
