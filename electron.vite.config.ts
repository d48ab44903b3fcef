// electron-vite builds the desktop app: the Electron main process (plus the engine worker it
// forks as a utilityProcess), a CommonJS preload for the sandboxed renderer, and the React
// renderer that `netweaver serve` also serves. None of this needs Electron's binary.
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve('src-main/electron/main.ts'),
          worker: resolve('src-worker/worker-main.ts'),
        },
        // The DuckDB flow writer uses @duckdb/node-api's native bindings package directly; it is
        // a transitive dependency, so it is not externalised automatically like the direct ones.
        external: ['@duckdb/node-bindings'],
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve('src-main/electron/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve('src-renderer'),
    build: {
      outDir: resolve('out/renderer'),
      rollupOptions: { input: resolve('src-renderer/index.html') },
    },
  },
});
