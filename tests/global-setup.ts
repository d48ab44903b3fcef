// Builds dist/ (CLI, server, worker) once before the suites: worker threads and spawned CLIs
// run the built JavaScript, exactly as an engineer's install does.
import { execFileSync } from 'node:child_process';
import { projectRoot } from './support/shared-data.js';

export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build-node.mjs'], { cwd: projectRoot, stdio: 'inherit' });
}
