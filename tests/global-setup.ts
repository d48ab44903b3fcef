// Builds dist/ (CLI, server, worker) and the renderer once before the suites: worker threads,
// spawned CLIs and the browser tests run the built JavaScript, exactly as an install does.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from './support/shared-data.js';

export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build-node.mjs'], { cwd: projectRoot, stdio: 'inherit' });
  execFileSync(process.execPath, [join('node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build', '--logLevel', 'warn'], {
    cwd: projectRoot,
    stdio: 'inherit',
  });
}
