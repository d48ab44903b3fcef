#!/usr/bin/env node
// `netweaver` launcher: builds the Node bundles when they are missing (a fresh checkout) or older
// than the sources (after a pull or an edit), builds the UI likewise when `serve` needs it, then
// runs the CLI.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'cli.js');

function buildStep(what, args) {
  process.stderr.write(`netweaver: building ${what}…\n`);
  execFileSync(process.execPath, args, { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
}

/** Newest modification time of the files under these source folders (0 when none exist). */
function newestSource(dirs) {
  let newest = 0;
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  for (const dir of dirs) if (existsSync(join(root, dir))) walk(join(root, dir));
  return newest;
}

/** A bundle needs building when it is missing or older than any of its sources. */
function stale(bundle, sourceDirs) {
  return !existsSync(bundle) || statSync(bundle).mtimeMs < newestSource(sourceDirs);
}

const worker = join(root, 'dist', 'worker.js');
if (stale(cli, ['src-main', 'src-worker']) || stale(worker, ['src-main', 'src-worker'])) {
  buildStep('the command-line tools', [join(root, 'scripts', 'build-node.mjs')]);
}
if (process.argv[2] === 'serve' && stale(join(root, 'out', 'renderer', 'index.html'), ['src-renderer', 'src-main/api'])) {
  const electronVite = join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
  if (existsSync(electronVite)) buildStep('the user interface', [electronVite, 'build']);
}

const { main } = await import(pathToFileURL(cli).href);
process.exitCode = await main(process.argv.slice(2));
