// The live collector end to end over loopback: real exports (the vendors' NetFlow v5/v9/IPFIX
// payloads, and softflowd replaying a tcpdump capture as NetFlow v5 and v9) are sent over UDP to
// a Collector writing a real DuckDB file; the totals stored must equal what was sent. "What was
// sent" comes from an independent v5 reader, or from the same capture exported as v5.
import { execFileSync, spawn } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Collector } from '../../src-main/collector/collector.js';
import { openStore } from '../../src-main/store/open-store.js';
import type { Store } from '../../src-main/store/store.js';
import { exporterFromText } from '../../src-worker/flow/exporter.js';
import { FLOW_SOURCES } from '../../src-worker/flow/record.js';
import { FlowBatchBuilder } from '../../src-worker/flow/flow-batch-builder.js';
import { FlowDecoder } from '../../src-worker/flow/flow-decoder.js';
import { v5Totals } from '../support/netflow-v5-oracle.js';
import { sharedMissingReason, sharedPath, sharedPresent } from '../support/shared-data.js';
import { missingToolReason, which } from '../support/tools.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'nw-collector-'));
const softflowd = which('softflowd');
const tshark = which('tshark');

function udpSocket(): Promise<Socket> {
  const s = createSocket('udp4');
  return new Promise((resolve) => s.bind(0, '127.0.0.1', () => resolve(s)));
}

async function send(socket: Socket, port: number, payloads: Uint8Array[]): Promise<void> {
  for (const p of payloads) {
    await new Promise<void>((resolve, reject) => socket.send(p, port, '127.0.0.1', (e) => (e ? reject(e) : resolve())));
  }
}

async function totals(store: Store, where = 'TRUE'): Promise<{ n: number; packets: number; bytes: number }> {
  const [r] = await store.all<{ n: number; p: number; b: number }>(`SELECT count(*) AS n, coalesce(sum(packets), 0) AS p, coalesce(sum(bytes), 0) AS b FROM flows WHERE ${where}`);
  return { n: Number(r!.n), packets: Number(r!.p), bytes: Number(r!.b) };
}

/** Waits until the collector has decoded `packets` datagrams (loopback delivery is asynchronous). */
async function waitForPackets(collector: Collector, packets: number): Promise<void> {
  const until = Date.now() + 10_000;
  while (collector.status().packets < packets && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
}

describe.skipIf(!sharedPresent)(sharedPresent ? 'collector over loopback' : `collector over loopback — skipped: ${sharedMissingReason}`, () => {
  let store: Store;
  let collector: Collector;
  let dbPath: string;

  beforeAll(async () => {
    dbPath = join(tmp(), 'live.duckdb');
    store = await openStore({ db: dbPath });
    collector = new Collector({ netflow: [0], ipfix: [0], sflow: [0], bind: ['127.0.0.1'], flushIntervalMs: 100, maintenanceIntervalMs: 0 }, { store });
    await collector.start();
  });

  afterAll(async () => {
    await collector?.stop();
    await store?.close();
  });

  it('stores exactly the NetFlow v5 flows the vendors\' exports carry', async () => {
    const dir = sharedPath('fixtures/netflow-vendors');
    const files = readdirSync(dir).filter((f) => /^netflow5.*\.dat$/.test(f) && !/invalid/.test(f));
    const payloads = files.map((f) => new Uint8Array(readFileSync(join(dir, f))));
    const expected = v5Totals(payloads);
    expect(expected.flows).toBeGreaterThan(0);
    const sender = await udpSocket();
    const before = collector.status().packets;
    await send(sender, collector.ports('netflow')[0]!, payloads);
    await waitForPackets(collector, before + payloads.length);
    await collector.flush();
    const stored = await totals(store, `source = ${FLOW_SOURCES.indexOf('netflow5')}`);
    expect(stored).toEqual({ n: expected.flows, packets: expected.packets, bytes: expected.bytes });
    const stats = collector.exporterList().find((e) => e.exporter === `127.0.0.1:${sender.address().port}`)!;
    expect(stats.packets).toBe(payloads.length);
    expect(stats.records).toBe(expected.flows);
    expect(stats.protocols).toEqual(['netflow5']);
    sender.close();
  });

  it('decodes v9/IPFIX from every vendor (templates first), stores every decoded row, counts the invalid ones, and keeps the templates', async () => {
    const dir = sharedPath('fixtures/netflow-vendors');
    const files = readdirSync(dir).filter((f) => /^(netflow9|ipfix).*\.dat$/.test(f)).sort();
    const groups = new Map<string, string[]>();
    for (const f of files) {
      const g = f.replace(/_(tpl|data|opttpl|tplopt|tpldata|tpls).*$/, '').replace(/\.dat$/, '');
      groups.set(g, [...(groups.get(g) ?? []), f]);
    }
    const isTemplate = (f: string) => /tpl/.test(f) && !/tpldata|tpl_data/.test(f);
    let expectedRows = 0;
    let expectedBytes = 0;
    let sentPackets = 0;
    let expectedErrors = 0;
    const sockets: Socket[] = [];
    const before = collector.status();
    for (const [, group] of groups) {
      const ordered = [...group].sort((a, b) => Number(isTemplate(b)) - Number(isTemplate(a)) || a.localeCompare(b));
      const payloads = ordered.map((f) => new Uint8Array(readFileSync(join(dir, f))));
      // What a fresh decoder makes of this exporter's packets is what must arrive in the store.
      const reference = new FlowDecoder();
      const out = new FlowBatchBuilder(64);
      for (const p of payloads) reference.decode(p, exporterFromText('192.0.2.1', 1), Date.now() * 1000, out);
      expectedRows += out.length;
      expectedErrors += reference.state.stats.errorTotal();
      for (let i = 0; i < out.length; i++) expectedBytes += out.batch.bytes[i]!;
      const s = await udpSocket(); // one exporter per group, as on a real network
      sockets.push(s);
      const port = ordered[0]!.startsWith('ipfix') ? collector.ports('ipfix')[0]! : collector.ports('netflow')[0]!;
      await send(s, port, payloads);
      await new Promise((r) => setTimeout(r, 2));
      sentPackets += payloads.length;
    }
    await waitForPackets(collector, before.packets + sentPackets);
    await collector.flush();
    const after = collector.status();
    expect(after.packets - before.packets).toBe(sentPackets);
    expect(after.rowsStored - before.rowsStored).toBe(expectedRows);
    const stored = await totals(store, `source IN (${FLOW_SOURCES.indexOf('netflow9')}, ${FLOW_SOURCES.indexOf('ipfix')})`);
    expect(stored.n).toBe(expectedRows);
    expect(stored.bytes).toBe(expectedBytes);
    expect(after.rowsDropped).toEqual({ queue_full: 0, store_error: 0, shutdown: 0 });
    // Decode errors are charged to the exporters that caused them, as many as a fresh decoder counts.
    const errors = collector.exporterList().reduce((a, e) => a + Object.values(e.decodeErrors).reduce((x, y) => x + (y ?? 0), 0), 0);
    expect(errors).toBe(expectedErrors);
    await collector.syncInventory();
    const [tpl] = await store.all<{ snapshot: string }>('SELECT snapshot FROM exporter_templates WHERE id = 1');
    expect(JSON.parse(tpl!.snapshot).length).toBeGreaterThan(10);
    const devices = await store.all<{ address: string; protocols: string }>('SELECT address, protocols FROM devices');
    expect(devices.map((d) => d.address)).toEqual(['127.0.0.1']);
    expect(devices[0]!.protocols.split(',')).toEqual(expect.arrayContaining(['ipfix', 'netflow5', 'netflow9']));
    const named = await store.all<{ n: number }>('SELECT count(*) AS n FROM interfaces');
    expect(Number(named[0]!.n)).toBeGreaterThan(0);
    sockets.forEach((s) => s.close());
  });

  it.skipIf(!softflowd)(`stores what softflowd exports from a capture, as v5 and v9 alike${softflowd ? '' : ` — skipped: ${missingToolReason('softflowd')}`}`, async () => {
    const pcap = sharedPath('fixtures/pcap-tcpdump/afs.pcap');
    const results: Record<string, { n: number; packets: number; bytes: number }> = {};
    for (const version of ['5', '9']) {
      // A relay between softflowd and the collector records exactly what was sent.
      const relay = await udpSocket();
      const forward = await udpSocket();
      const seen: Uint8Array[] = [];
      relay.on('message', (m) => { seen.push(new Uint8Array(m)); forward.send(m, collector.ports('netflow')[0]!, '127.0.0.1'); });
      const before = collector.status().packets;
      const startedUs = Date.now() * 1000;
      const dir = tmp();
      // With a control socket, softflowd 1.1 blocks in accept() before reading the file; without
      // one (-c none) it reads the capture, exports every flow at EOF and exits.
      const child = spawn(softflowd!, ['-r', pcap, '-n', `127.0.0.1:${relay.address().port}`, '-v', version, '-d', '-p', join(dir, 'pid'), '-c', 'none'], { stdio: 'ignore' });
      let exited = false;
      child.on('exit', () => { exited = true; });
      const deadline = Date.now() + 20_000;
      while (!exited && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
      }
      if (!exited) child.kill('SIGKILL');
      expect(exited, 'softflowd finished the capture').toBe(true);
      await new Promise((r) => setTimeout(r, 100));
      await waitForPackets(collector, before + seen.length);
      await collector.flush();
      const fwd = `exporter = CAST(${((0xffffn << 32n) | 0x7f000001n).toString()} AS UHUGEINT)`;
      const since = `time_received >= make_timestamp(${startedUs})`;
      results[version] = await totals(store, `${fwd} AND ${since} AND source = ${FLOW_SOURCES.indexOf(version === '5' ? 'netflow5' : 'netflow9')}`);
      if (version === '5') {
        const sent = v5Totals(seen);
        expect(sent.flows).toBeGreaterThan(0);
        expect(results['5']).toEqual({ n: sent.flows, packets: sent.packets, bytes: sent.bytes });
      }
      relay.close();
      forward.close();
    }
    // The same capture exported as v9 must store the same packets and bytes as v5 did.
    expect(results['9']!.packets).toBe(results['5']!.packets);
    expect(results['9']!.bytes).toBe(results['5']!.bytes);
  });

  it.skipIf(!tshark)(`stores sFlow counter samples as interface metrics and the agents as devices${tshark ? '' : ` — skipped: ${missingToolReason('tshark')}`}`, async () => {
    // tshark pulls the sFlow datagrams out of tcpdump's capture; a fresh decoder says how many
    // interface counter records they hold; the collector must store exactly those.
    const pcap = sharedPath('fixtures/pcap-tcpdump/sflow_multiple_counter_30_pdus.pcap');
    const hex = execFileSync(tshark!, ['-r', pcap, '-T', 'fields', '-e', 'udp.payload'], { encoding: 'utf8' }).trim().split('\n').filter(Boolean);
    const payloads = hex.map((h) => new Uint8Array(Buffer.from(h.replace(/:/g, ''), 'hex')));
    const reference = new FlowDecoder();
    const out = new FlowBatchBuilder(64);
    for (const p of payloads) reference.decode(p, exporterFromText('192.0.2.9', 6343), Date.now() * 1000, out);
    const counters = reference.takeInterfaceCounters().filter((r) => r.if_index !== null);
    expect(counters.length).toBeGreaterThan(0);
    const before = collector.status().packets;
    const s = await udpSocket();
    await send(s, collector.ports('sflow')[0]!, payloads);
    await waitForPackets(collector, before + payloads.length);
    await collector.flush();
    await collector.syncInventory();
    const [m] = await store.all<{ n: number; octets: number }>('SELECT count(*) AS n, sum(in_octets) AS octets FROM interface_metrics');
    expect(Number(m!.n)).toBe(counters.length);
    expect(Number(m!.octets)).toBe(counters.reduce((a, r) => a + (r.in_octets ?? 0), 0));
    s.close();
  });
});
