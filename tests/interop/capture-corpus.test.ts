// tcpdump's test corpus (830 pcap/pcapng files, many deliberately malformed): every file reads
// without an exception, every packet gets a named status, and the packet counts equal what
// Wireshark's capinfos counts in the same files (computed here, at test time).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readCaptureFile } from '../../src-worker/packet/capture-file.js';
import { PACKET_STATUS_NAMES, ParsedPacket, parsePacket } from '../../src-worker/packet/headers.js';
import { sharedMissingReason, sharedPath, sharedPresent } from '../support/shared-data.js';
import { missingToolReason, which } from '../support/tools.js';

const dir = sharedPath('fixtures', 'pcap-tcpdump');
const files = sharedPresent ? readdirSync(dir).filter((f) => /\.pcap(ng)?$/.test(f)).sort() : [];

/** capinfos' packet count per file it can read (it refuses some link types). */
function capinfosCounts(): Map<string, number> {
  // capinfos exits non-zero because it refuses some files; its table for the others is still complete.
  const out = spawnSync('capinfos', ['-T', '-c', '-M', ...files], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 24 }).stdout;
  const counts = new Map<string, number>();
  for (const line of out.trim().split('\n').slice(1)) {
    const [name, n] = line.split('\t');
    if (name && n && /^\d+$/.test(n)) counts.set(name, Number(n));
  }
  return counts;
}

describe.skipIf(!sharedPresent)(`tcpdump corpus ${sharedPresent ? '' : sharedMissingReason}`, () => {
  it('has the 830 capture files', () => {
    expect(files.length).toBe(830);
  });

  const results = new Map<string, { packets: number; statuses: number[]; error: string | null; truncated: string | null }>();

  it('reads every file without an exception, every packet with a named status', async () => {
    const parsed = new ParsedPacket();
    for (const file of files) {
      const statuses = new Array<number>(PACKET_STATUS_NAMES.length).fill(0);
      let packets = 0;
      const { reader } = await readCaptureFile(`${dir}/${file}`, (data, offset, caplen, _orig, _ts, link) => {
        packets++;
        statuses[parsePacket(data, offset, caplen, link, parsed)]!++;
      });
      results.set(file, { packets, statuses, error: reader.error, truncated: reader.truncated });
    }
    expect(results.size).toBe(830);
    const total = new Array<number>(PACKET_STATUS_NAMES.length).fill(0);
    for (const r of results.values()) r.statuses.forEach((n, i) => (total[i]! += n));
    const packets = [...results.values()].reduce((n, r) => n + r.packets, 0);
    expect(total.reduce((a, b) => a + b, 0)).toBe(packets);
    // The corpus is mostly well-formed IP; malformed packets exist but are a minority.
    expect(total[0]!).toBeGreaterThan(packets / 3);
    const malformed = total.slice(2).reduce((a, b) => a + b, 0);
    expect(malformed).toBeGreaterThan(0);
  }, 120_000);

  it.skipIf(!which('capinfos'))(`counts the same packets as capinfos ${which('capinfos') ? '' : missingToolReason('capinfos (tshark)')}`, () => {
    const counts = capinfosCounts();
    expect(counts.size).toBeGreaterThan(800);
    const mismatches: string[] = [];
    for (const [file, n] of counts) {
      const ours = results.get(file);
      if (!ours || ours.packets !== n) mismatches.push(`${file}: capinfos ${n}, ours ${ours?.packets}`);
    }
    expect(mismatches).toEqual([]);
  });
});
