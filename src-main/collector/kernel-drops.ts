// Datagrams the kernel dropped before we read them (socket buffer full), per local UDP port,
// from the `drops` column of /proc/net/udp and /proc/net/udp6 (Linux). Elsewhere: null.
import { readFileSync } from 'node:fs';

export function kernelUdpDrops(ports: readonly number[]): Map<number, number> | null {
  if (process.platform !== 'linux') return null;
  const wanted = new Set(ports);
  const out = new Map<number, number>();
  for (const file of ['/proc/net/udp', '/proc/net/udp6']) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 13) continue;
      const port = parseInt(cols[1]!.split(':')[1]!, 16);
      if (!wanted.has(port)) continue;
      out.set(port, (out.get(port) ?? 0) + Number(cols[cols.length - 1]));
    }
  }
  return out;
}
