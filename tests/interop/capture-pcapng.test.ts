// pcapng written by Wireshark's own tools: mergecap joins captures of different link types
// (Ethernet, raw IP, Linux cooked SLL2) with µs and ns resolution into one pcapng with several
// interfaces; our reader must see every packet on the right interface with the right link type
// and timestamp, as tshark reports them. Then `netweaver import` (the built CLI) stores it.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readCaptureFile } from '../../src-worker/packet/capture-file.js';
import { LINKTYPE_ETHERNET, LINKTYPE_LINUX_SLL2, LINKTYPE_RAW } from '../../src-worker/packet/headers.js';
import { projectRoot } from '../support/shared-data.js';
import { missingToolReason, which } from '../support/tools.js';
import { writePcap } from '../unit/packet/capture-files.js';
import { ethernet, ipv4, ipv6, linuxSll2, netflowV5, tcp, udp } from '../unit/packet/frames.js';
import { DuckDBStore, defaultDuckDBStoreConfig } from '../../src-main/store/duckdb/duckdb-store.js';

const missing = !which('mergecap') || !which('tshark') ? missingToolReason('mergecap/tshark (Wireshark)') : '';
const T0 = 1_700_000_000_000_000;

describe.skipIf(missing !== '')(`pcapng with several interfaces from mergecap ${missing}`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'nw-pcapng-'));
  const eth = Array.from({ length: 40 }, (_, i) => ({ data: ethernet(0x0800, ipv4({ protocol: 6, src: '10.0.0.1', dst: '10.0.0.2' }, tcp(40000 + (i % 4), 443, 0x18, new Uint8Array(i * 10)))), timestampUs: T0 + i * 3_001 }));
  const raw = Array.from({ length: 30 }, (_, i) => ({ data: ipv6({ nextHeader: 17, src: '2001:db8::1', dst: '2001:db8::2' }, udp(5000, 53, new Uint8Array(20 + i))), timestampUs: T0 + 500 + i * 4_999 }));
  const sll = Array.from({ length: 20 }, (_, i) => ({ data: linuxSll2(0x0800, ipv4({ protocol: 17, src: '192.0.2.1', dst: '192.0.2.2' }, udp(7000, 7001, new Uint8Array(i)))), timestampUs: T0 + 250 + i * 7_003 }));
  writeFileSync(join(dir, 'eth.pcap'), writePcap({ linkType: LINKTYPE_ETHERNET }, eth));
  writeFileSync(join(dir, 'raw.pcap'), writePcap({ linkType: LINKTYPE_RAW, nanoseconds: true }, raw));
  writeFileSync(join(dir, 'sll2.pcap'), writePcap({ linkType: LINKTYPE_LINUX_SLL2, bigEndian: true }, sll));
  const merged = join(dir, 'merged.pcapng');
  if (!missing) execFileSync('mergecap', ['-F', 'pcapng', '-w', merged, join(dir, 'eth.pcap'), join(dir, 'raw.pcap'), join(dir, 'sll2.pcap')]);

  it('reads every packet on its interface, link type and time as tshark does', async () => {
    const ours: string[] = [];
    const { reader } = await readCaptureFile(merged, (_d, _o, cap, _orig, ts, link, iface) => ours.push(`${iface} ${link} ${ts} ${cap}`));
    expect(reader.error).toBeNull();
    expect(reader.truncated).toBeNull();
    expect(reader.stats.format).toBe('pcapng');
    expect(reader.interfaces.map((i) => i.linkType)).toEqual([LINKTYPE_ETHERNET, LINKTYPE_RAW, LINKTYPE_LINUX_SLL2]);
    const out = execFileSync('tshark', ['-r', merged, '-T', 'fields', '-e', 'frame.interface_id', '-e', 'frame.time_epoch', '-e', 'frame.cap_len'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const linkOf = [LINKTYPE_ETHERNET, LINKTYPE_RAW, LINKTYPE_LINUX_SLL2];
    const theirs = out.trim().split('\n').map((line) => {
      const [iface, epoch, cap] = line.split('\t');
      const [sec, frac = ''] = epoch!.split('.');
      const us = Number(sec) * 1e6 + Number(frac.padEnd(9, '0').slice(0, 6));
      return `${iface} ${linkOf[Number(iface)]} ${us} ${cap}`;
    });
    expect(ours.length).toBe(90);
    expect(ours).toEqual(theirs);
  });

  it('`netweaver import` stores the flows of all interfaces, gzip or not', () => {
    writeFileSync(`${merged}.gz`, gzipSync(execFileSync('cat', [merged])));
    for (const file of [merged, `${merged}.gz`]) {
      const db = join(dir, `${file.endsWith('.gz') ? 'gz' : 'plain'}.duckdb`);
      const r = spawnSync(process.execPath, ['bin/netweaver.js', 'import', file, '--db', db, '--json'], { cwd: projectRoot, encoding: 'utf8', timeout: 60_000 });
      expect(r.status, r.stderr).toBe(0);
      const summary = JSON.parse(r.stdout);
      expect(summary.packets).toBe(90);
      expect(summary.files[0].compressed).toBe(file.endsWith('.gz'));
      expect(summary.files[0].interfaces.map((i: { packets: number }) => i.packets)).toEqual([40, 30, 20]);
      // tcp 4 client ports + udp v6 + udp sll2: 6 one-directional flows.
      expect(summary.flows.rows).toBe(6);
      expect(summary.rowsStored).toBe(6);
      expect(summary.errors).toEqual({});
    }
  });

  it('`netweaver import` of a non-capture exits 1 with one clear error; no file is a usage error', () => {
    writeFileSync(join(dir, 'notes.txt'), 'not a capture at all');
    const r = spawnSync(process.execPath, ['bin/netweaver.js', 'import', join(dir, 'notes.txt'), '--db', join(dir, 'x.duckdb')], { cwd: projectRoot, encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/capture: notes\.txt is not a pcap or pcapng capture/);
    const usage = spawnSync(process.execPath, ['bin/netweaver.js', 'import', '--db', join(dir, 'x.duckdb')], { cwd: projectRoot, encoding: 'utf8', timeout: 60_000 });
    expect(usage.status).toBe(2);
  });

  it('`netweaver import` of captured NetFlow stores the flows and the exporter as a device with its interfaces', async () => {
    const frames = [0, 1, 2].map((i) => ({
      data: ethernet(0x0800, ipv4({ protocol: 17, src: '192.0.2.7', dst: '192.0.2.100' }, udp(50007, 2055, netflowV5(3, 1_700_000_000 + i, i * 3)))),
      timestampUs: T0 + i * 1_000_000,
    }));
    const file = join(dir, 'netflow.pcap');
    writeFileSync(file, writePcap({ linkType: LINKTYPE_ETHERNET }, frames));
    const db = join(dir, 'netflow.duckdb');
    const r = spawnSync(process.execPath, ['bin/netweaver.js', 'import', file, '--db', db, '--json'], { cwd: projectRoot, encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect([summary.telemetry.datagrams, summary.telemetry.records, summary.rowsStored, summary.devicesStored]).toEqual([3, 9, 9, 1]);
    const store = await new DuckDBStore(defaultDuckDBStoreConfig(db)).open();
    try {
      const devices = await store.all<{ address: string; protocols: string }>('SELECT address, protocols FROM devices');
      expect(devices).toEqual([{ address: '192.0.2.7', protocols: 'netflow5' }]);
      const interfaces = await store.all<{ if_index: number }>("SELECT if_index FROM interfaces WHERE device = '192.0.2.7' ORDER BY if_index");
      expect(interfaces.map((i) => Number(i.if_index))).toEqual([10, 11, 12, 20]);
      // source 0 is netflow5 (FLOW_SOURCES order).
      const flows = await store.all<{ n: number }>('SELECT count(*) AS n FROM flows WHERE source = 0');
      expect(Number(flows[0]!.n)).toBe(9);
    } finally {
      await store.close();
    }
  });
});
