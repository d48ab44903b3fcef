#!/usr/bin/env node
// `netweaver` launcher: builds the Node bundles on first run if they are missing (a fresh
// checkout), builds the UI when `serve` needs it, then runs the CLI.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'cli.js');

function buildStep(what, args) {
  process.stderr.write(`netweaver: building ${what} (first run)…\n`);
  execFileSync(process.execPath, args, { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
}

if (!existsSync(cli) || !existsSync(join(root, 'dist', 'worker.js'))) {
  buildStep('the command-line tools', [join(root, 'scripts', 'build-node.mjs')]);
}
if (process.argv[2] === 'serve' && !existsSync(join(root, 'out', 'renderer', 'index.html'))) {
  const electronVite = join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
  if (existsSync(electronVite)) buildStep('the user interface', [electronVite, 'build']);
}

const { main } = await import(pathToFileURL(cli).href);
process.exitCode = await main(process.argv.slice(2));
