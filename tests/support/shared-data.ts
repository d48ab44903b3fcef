// Where ../shared/ (real devices' packets, tcpdump's corpus, Topology Zoo, REPETITA, NAB) is, and
// a skip reason when it is absent: tests that need it say so instead of failing.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const sharedDir = process.env.NETWEAVER_SHARED ?? resolve(projectRoot, '../shared');
export const sharedPresent = existsSync(join(sharedDir, 'DESIGN.md'));
export const sharedMissingReason = `needs ../shared/ (fixtures and data sets) beside the project; not found at ${sharedDir}`;

export function sharedPath(...parts: string[]): string {
  return join(sharedDir, ...parts);
}
