// `npm start`: launches the desktop app with Electron, or says plainly why it cannot and
// points at the browser mode.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

let electronBinary = null;
try {
  electronBinary = require('electron'); // the package exports the binary's path
} catch {
  electronBinary = null;
}

if (typeof electronBinary !== 'string' || !existsSync(electronBinary)) {
  console.error(
    "NetWeaver's desktop app needs Electron's binary, which is not installed here (it is downloaded on install and that download is not possible on this machine); run `npm run serve` to use NetWeaver in your browser instead.",
  );
  process.exit(1);
}
if (!existsSync(join(root, 'out', 'main', 'index.js'))) {
  console.error('netweaver: building the desktop app…');
  await new Promise((resolve, reject) => {
    const build = spawn(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], { cwd: root, stdio: 'inherit' });
    build.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`build failed (${code})`))));
  });
}
const child = spawn(electronBinary, [root, ...process.argv.slice(2)], { stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 1));
