// Capture review and traffic summary of real captures through `netweaver report` (the capture
// importer in the worker, the report on the host) checked against Wireshark's tools computed at
// test time: packet counts (capinfos), non-IP packets and per-conversation IP bytes (tshark).
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src-main/report/csv.js';
import type { Report, Table } from '../../src-main/report/model.js';
import { projectRoot, sharedMissingReason, sharedPath, sharedPresent } from '../support/shared-data.js';
import { missingToolReason, which } from '../support/tools.js';
import { externalReferences } from '../unit/report/report-check.js';

const tshark = which('tshark');
const capinfos = which('capinfos');
const dir = mkdtempSync(join(tmpdir(), 'nw-report-capture-'));
const FILES = ['afs.pcap', 'pim-packet-assortment.pcap'];

async function report(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['bin/netweaver.js', 'report', ...args, '--db', join(dir, 'r.duckdb')], { cwd: projectRoot, maxBuffer: 1 << 26 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** Σ IP total length per unordered address pair (IPv4 and IPv6, outer header only), as tshark decodes it. */
function tsharkConversations(file: string): Map<string, number> {
  const bytes = new Map<string, number>();
  const add = (filter: string, fields: string[], extra: number) => {
    const args = ['-r', file, '-Y', filter, '-T', 'fields', '-E', 'occurrence=f', ...fields.flatMap((f) => ['-e', f])];
    const out = execFileSync('tshark', args, { encoding: 'utf8', maxBuffer: 1 << 26 });
    for (const line of out.trim().split('\n')) {
      const [a, b, len] = line.split('\t');
      if (!a || !b || !len) continue;
      const key = a < b ? `${a}|${b}` : `${b}|${a}`;
      bytes.set(key, (bytes.get(key) ?? 0) + Number(len) + extra);
    }
  };
  add('ip', ['ip.src', 'ip.dst', 'ip.len'], 0);
  // IPv6 payload length plus the fixed 40-byte header is the packet's IP length.
  add('ipv6 and not ip', ['ipv6.src', 'ipv6.dst', 'ipv6.plen'], 40);
  return bytes;
}

function tableOf(r: Report, id: string): Table {
  for (const s of r.sections) for (const b of s.blocks) if (b.type === 'table' && b.table.id === id) return b.table;
  throw new Error(`no table ${id}`);
}

describe.skipIf(!sharedPresent || !tshark || !capinfos)(
  `capture review against tshark ${!sharedPresent ? sharedMissingReason : !tshark ? missingToolReason('tshark') : !capinfos ? missingToolReason('capinfos') : ''}`,
  () => {
    for (const name of FILES) {
      it(`reviews ${name}: packets, non-IP and conversation bytes as Wireshark counts them`, async () => {
        const file = sharedPath('fixtures', 'pcap-tcpdump', name);
        const json = join(dir, `${name}.json`);
        const r = await report(['capture', '--capture', file, '-o', json]);
        expect(r.code, r.stderr).toBe(0);
        const review = JSON.parse(readFileSync(json, 'utf8')) as Report;
        const metric = (id: string) => review.sections.flatMap((s) => s.blocks.flatMap((b) => (b.type === 'metrics' ? b.metrics : []))).find((m) => m.id === id)?.value;
        const packets = Number(/Number of packets:\s+(\d+)/.exec(execFileSync('capinfos', ['-c', '-M', file], { encoding: 'utf8' }))![1]);
        expect(metric('packets')).toBe(packets);
        const nonIp = execFileSync('tshark', ['-r', file, '-Y', 'not ip and not ipv6'], { encoding: 'utf8' }).trim().split('\n').filter(Boolean).length;
        expect(metric('non-ip-packets')).toBe(nonIp);
        // Conversations: every row of the report's table has the bytes tshark adds up for that pair.
        const expected = tsharkConversations(file);
        const conv = tableOf(review, 'top-conversations');
        expect(conv.rows.length).toBe(Math.min(10, expected.size));
        for (const row of conv.rows) expect(row.bytes).toBe(expected.get(`${row.a}|${row.b}`) ?? expected.get(`${row.b}|${row.a}`));
        // The biggest conversation is the same one tshark finds.
        const top = [...expected.entries()].sort((x, y) => y[1] - x[1])[0]!;
        expect([`${conv.rows[0]!.a}|${conv.rows[0]!.b}`, `${conv.rows[0]!.b}|${conv.rows[0]!.a}`]).toContain(top[0]);
        expect(review.provenance.dataSource).toContain(name);
      });
    }

    it('writes the traffic summary of a capture as offline HTML and as CSV equal to its JSON', async () => {
      const file = sharedPath('fixtures', 'pcap-tcpdump', 'afs.pcap');
      expect((await report(['traffic', '--capture', file, '-o', join(dir, 't.html')])).code).toBe(0);
      const html = readFileSync(join(dir, 't.html'), 'utf8');
      expect(externalReferences(html)).toEqual([]);
      expect((await report(['traffic', '--capture', file, '-o', join(dir, 't.json')])).code).toBe(0);
      expect((await report(['traffic', '--capture', file, '--format', 'csv', '-o', join(dir, 't.csv')])).code).toBe(0);
      const model = JSON.parse(readFileSync(join(dir, 't.json'), 'utf8')) as Report;
      const sources = tableOf(model, 'top-sources');
      const rows = parseCsv(readFileSync(join(dir, 't-top-sources.csv'), 'utf8'));
      expect(rows.slice(1).map((r) => [r[0], Number(r[1])])).toEqual(sources.rows.map((r) => [r.address, r.bytes]));
      const total = tsharkConversations(file);
      const sum = [...total.values()].reduce((a, b) => a + b, 0);
      const bytes = model.sections[0]!.blocks.flatMap((b) => (b.type === 'metrics' ? b.metrics : [])).find((m) => m.id === 'bytes')!.value;
      expect(bytes).toBe(sum);
    });
  },
);
