// Sampling rules applied live by the running collector: real NetFlow v5 datagrams from devices
// (../shared/fixtures/netflow-vendors: a Juniper MX80 that reports 1:1000, and an export that
// reports no sampling) sent over loopback, the rules changed through settings.update between
// sends (no restart), and the stored bytes × sampling_rate checked against an independent
// reading of the same datagrams. The rules are persisted and applied at the next start.
import { createSocket, type Socket } from 'node:dgram';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient, Params } from '../../src-main/api/contract.js';
import { createInProcessClient } from '../../src-main/api/in-process-transport.js';
import type { Service } from '../../src-main/api/service.js';
import { NetWeaverHost } from '../../src-main/host.js';
import { v5Totals } from '../support/netflow-v5-oracle.js';
import { sharedMissingReason, sharedPath, sharedPresent } from '../support/shared-data.js';

const work = mkdtempSync(join(tmpdir(), 'nw-sampling-'));
const db = join(work, 'sampling.duckdb');
const config = join(work, 'config');

/** Each record's input ifIndex and bytes, read independently of the decoder. */
function v5Records(d: Uint8Array): Array<{ inIf: number; bytes: number }> {
  const dv = new DataView(d.buffer, d.byteOffset, d.byteLength);
  return Array.from({ length: dv.getUint16(2) }, (_, i) => ({ inIf: dv.getUint16(24 + i * 48 + 12), bytes: dv.getUint32(24 + i * 48 + 20) }));
}

describe.skipIf(!sharedPresent)(`sampling rules on the live collector (${sharedPresent ? 'real device exports' : sharedMissingReason})`, () => {
  let host: NetWeaverHost;
  let service: Service;
  let api: ApiClient;
  let sender: Socket;
  let port = 0;
  // Read when the suite runs, not when it is collected: a skipped suite's body still runs.
  let juniper: Uint8Array;
  let unsampled: Uint8Array;
  beforeAll(() => {
    juniper = new Uint8Array(readFileSync(sharedPath('fixtures/netflow-vendors/netflow5_test_juniper_mx80.dat')));
    unsampled = new Uint8Array(readFileSync(sharedPath('fixtures/netflow-vendors/netflow5.dat')));
  });

  async function start(): Promise<void> {
    host = new NetWeaverHost({ store: { db, config }, workers: 1 });
    service = await host.start();
    api = createInProcessClient(service, 'test');
    const st = await api.call('collector.start', { netflow: [0], ipfix: [], sflow: [], bind: ['127.0.0.1'] });
    port = st.listeners[0]!.port;
  }

  async function stop(): Promise<void> {
    api.close();
    await host.stop();
  }

  /** Sends one datagram, waits until it is stored, returns the stored sum(bytes) and sum(bytes × rate) for it. */
  async function sendAndRead(packet: Uint8Array): Promise<{ raw: number; scaled: number; rows: number; rates: number[] }> {
    await service.context.store.run('DELETE FROM flows');
    const before = (await api.call('collector.status', {})).packets;
    await new Promise<void>((r) => sender.send(packet, port, '127.0.0.1', () => r()));
    const deadline = Date.now() + 10_000;
    while ((await api.call('collector.status', {})).packets <= before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await service.context.collector!.current!.flush();
    const [t] = await service.context.store.all<{ raw: number; scaled: number; n: number }>('SELECT sum(bytes) AS raw, sum(bytes * sampling_rate) AS scaled, count(*) AS n FROM flows');
    const rates = await service.context.store.all<{ r: number }>('SELECT DISTINCT sampling_rate AS r FROM flows ORDER BY r');
    return { raw: Number(t!.raw), scaled: Number(t!.scaled), rows: Number(t!.n), rates: rates.map((x) => Number(x.r)) };
  }

  const rules = (sampling: Params<'settings.update'>['sampling']) => api.call('settings.update', { sampling });

  beforeAll(async () => {
    sender = createSocket('udp4');
    await new Promise<void>((r) => sender.bind(0, '127.0.0.1', () => r()));
    await start();
  });

  afterAll(async () => {
    sender.close();
    await stop();
  });

  it('uses the device\'s rate without rules, and an override or a default as soon as the rule is saved', async () => {
    const j = v5Totals([juniper]);
    const u = v5Totals([unsampled]);
    expect(new DataView(juniper.buffer, juniper.byteOffset).getUint16(22) & 0x3fff).toBe(1000); // the MX80 reports 1:1000
    expect(new DataView(unsampled.buffer, unsampled.byteOffset).getUint16(22) & 0x3fff).toBe(0); // this export reports none

    let r = await sendAndRead(juniper);
    expect(r).toEqual({ raw: j.bytes, scaled: j.bytes * 1000, rows: j.flows, rates: [1000] });
    r = await sendAndRead(unsampled);
    expect(r).toEqual({ raw: u.bytes, scaled: u.bytes, rows: u.flows, rates: [1] });

    await rules([{ exporter: '127.0.0.1', rate: 50, mode: 'override' }]);
    expect(await sendAndRead(juniper)).toEqual({ raw: j.bytes, scaled: j.bytes * 50, rows: j.flows, rates: [50] });
    expect(await sendAndRead(unsampled)).toEqual({ raw: u.bytes, scaled: u.bytes * 50, rows: u.flows, rates: [50] });

    await rules([{ exporter: '127.0.0.1', rate: 300, mode: 'default' }]);
    expect(await sendAndRead(juniper)).toEqual({ raw: j.bytes, scaled: j.bytes * 1000, rows: j.flows, rates: [1000] });
    expect(await sendAndRead(unsampled)).toEqual({ raw: u.bytes, scaled: u.bytes * 300, rows: u.flows, rates: [300] });

    // A rule for one input interface of the MX80 (engine id from the header) overrides only its rows.
    const recs = v5Records(juniper);
    const inIf = recs[0]!.inIf;
    const engineId = juniper[21]!;
    await rules([{ exporter: '127.0.0.1', rate: 300, mode: 'default' }, { exporter: '127.0.0.1', domain: engineId, inIf, rate: 7, mode: 'override' }]);
    const expected = recs.reduce((s, x) => s + x.bytes * (x.inIf === inIf ? 7 : 1000), 0);
    const withIf = await sendAndRead(juniper);
    expect(withIf.scaled).toBe(expected);
    expect(withIf.rates).toEqual(recs.every((x) => x.inIf === inIf) ? [7] : [7, 1000]);
    const { live } = await api.call('collector.exporters', {});
    // What the device reports (the v5 header), unchanged by the rules: the Settings view shows both.
    expect(live.find((e) => e.protocols.includes('netflow5'))!.samplingRates).toEqual([1000]);
  });

  it('keeps the rules in the settings file and applies them when the collector starts again', async () => {
    await stop();
    await start();
    const s = await api.call('settings.get', {});
    expect(s.settings.sampling.map((x) => [x.mode, x.rate])).toEqual([['default', 300], ['override', 7]]);
    const u = v5Totals([unsampled]);
    expect(await sendAndRead(unsampled)).toMatchObject({ scaled: u.bytes * 300, rates: [300] });
  });
});

describe.skipIf(!sharedPresent)(`sampling rules on capture import (${sharedPresent ? 'tcpdump\'s sFlow capture' : sharedMissingReason})`, () => {
  it('applies an override to the sFlow decoded from a capture, keyed by the agent address', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nw-sampling-import-'));
    const host = new NetWeaverHost({ store: { db: join(dir, 'import.duckdb'), config: join(dir, 'config') }, workers: 1 });
    const service = await host.start();
    const api = createInProcessClient(service, 'test');
    const pcap = sharedPath('fixtures/pcap-tcpdump/sflow_expanded.pcap');
    const read = async () => {
      const rows = await service.context.store.all<{ r: number; raw: number; scaled: number; n: number }>('SELECT sampling_rate AS r, sum(bytes) AS raw, sum(bytes * sampling_rate) AS scaled, count(*) AS n FROM flows GROUP BY r ORDER BY r');
      return rows.map((x) => ({ rate: Number(x.r), raw: Number(x.raw), scaled: Number(x.scaled), rows: Number(x.n) }));
    };
    try {
      await api.call('capture.import', { paths: [pcap] });
      const before = await read();
      expect(before.length).toBeGreaterThan(0);
      const top = await api.call('flows.topN', { fromMs: 0, toMs: Date.now() + 60e3, groupBy: ['exporter'], top: 10 });
      const agents = top.rows.filter((r) => !r.other).map((r) => String(r.key.exporter));
      expect(agents.length).toBe(1);
      const reported = before.map((b) => b.rate);
      const override = 4096;
      expect(reported).not.toContain(override);
      await api.call('settings.update', { sampling: [{ exporter: agents[0]!, rate: override, mode: 'override' }] });
      await service.context.store.run('DELETE FROM flows');
      await api.call('capture.import', { paths: [pcap] });
      const after = await read();
      const raw = before.reduce((s, b) => s + b.raw, 0);
      expect(after).toEqual([{ rate: override, raw, scaled: raw * override, rows: before.reduce((s, b) => s + b.rows, 0) }]);
    } finally {
      api.close();
      await host.stop();
    }
  });
});
