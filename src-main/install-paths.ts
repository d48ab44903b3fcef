// Where NetWeaver's built parts are: the project (or installed package) root, the built
// renderer and the engine worker. Works from dist/ (CLI), out/main/ (Electron) and sources (tests).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'src-main'))) return dir;
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'dist'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new Error('netweaver: cannot find the NetWeaver installation folder');
}

export function rendererDir(): string {
  return process.env.NETWEAVER_RENDERER ?? join(packageRoot(), 'out', 'renderer');
}
