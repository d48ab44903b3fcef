// `npm run bench -- NAME…`: runs tests/bench/NAME.bench.ts (all of them when no name is given).
// Each bench file exports `run(): Promise<void>` and prints its own figures and peer ratios.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import buildBundles from '../global-setup.js';

const here = dirname(fileURLToPath(import.meta.url));
const available = readdirSync(here).filter((f) => f.endsWith('.bench.ts')).map((f) => f.replace('.bench.ts', ''));
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const names = wanted.length ? wanted : available;

for (const name of names) {
  if (!available.includes(name)) {
    console.error(`bench: no benchmark "${name}"; available: ${available.join(', ')}`);
    process.exit(2);
  }
}
// Benchmarks run the built bundles (worker threads, `netweaver serve`, the UI): build them from
// the sources first, exactly as the test suites do, so a figure never comes from a stale build.
buildBundles();
for (const name of names) {
  console.log(`\n== bench ${name} ==`);
  const mod = (await import(pathToFileURL(join(here, `${name}.bench.ts`)).href)) as { run: () => Promise<void> };
  await mod.run();
}
