// Launches engine workers as worker_threads running the built dist/worker.js.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { packageRoot } from '../install-paths.js';
import type { EngineLauncher, EngineProcess } from './engine-process.js';

/** dist/worker.js beside the bundled CLI, or under the package root when running from sources. */
export function workerScriptPath(): string {
  if (process.env.NETWEAVER_WORKER) return process.env.NETWEAVER_WORKER;
  const beside = join(dirname(fileURLToPath(import.meta.url)), 'worker.js');
  if (existsSync(beside)) return beside;
  const built = join(packageRoot(), 'dist', 'worker.js');
  if (existsSync(built)) return built;
  throw new Error('jobs: the engine worker is not built (dist/worker.js missing); run `npm run build:node`');
}

export function threadLauncher(options: { maxOldGenerationSizeMb?: number } = {}): EngineLauncher {
  const script = workerScriptPath();
  return () => {
    const worker = new Worker(script, {
      resourceLimits: options.maxOldGenerationSizeMb ? { maxOldGenerationSizeMb: options.maxOldGenerationSizeMb } : undefined,
    });
    let exitListener: ((reason: string) => void) | null = null;
    let lastError: Error | null = null;
    let exited = false;
    worker.on('error', (error) => {
      lastError = error;
    });
    worker.on('exit', (code) => {
      exited = true;
      const why = lastError ? `it threw ${lastError.message}` : `exit code ${code}`;
      exitListener?.(why);
    });
    const proc: EngineProcess = {
      sharesMemory: true,
      post: (message, transfer) => {
        if (!exited) worker.postMessage(message, transfer ?? []);
      },
      onMessage: (listener) => worker.on('message', listener),
      onExit: (listener) => {
        exitListener = listener;
      },
      terminate: () => {
        void worker.terminate();
      },
    };
    return proc;
  };
}
