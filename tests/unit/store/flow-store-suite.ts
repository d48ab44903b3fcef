// The flow-store behaviour both backends must share, run against a real DuckDB file
// (flow-store-duckdb.test.ts) and a real PostgreSQL 15 (tests/interop/store-postgres.test.ts).
// Every expected figure is computed from the same records in plain JS.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { FilterError } from '../../../src-main/store/filter/filter-error.js';
import { runRetention, runRollups } from '../../../src-main/store/flows/maintenance.js';
import { openFlowWriter } from '../../../src-main/store/flows/open-flow-writer.js';
import { flowConversations, flowEndpoints, flowSankey, flowTimeSeries, flowTopN } from '../../../src-main/store/query/flow-query.js';
import type { Store } from '../../../src-main/store/store.js';
import type { FlowRecord } from '../../../src-worker/flow/record.js';
import { inV4Prefix, makeFlows, records, sliceBatch, sumBy, T0_US } from './flow-fixtures.js';

const N = 5000;
const RANGE = { fromUs: T0_US - 3600e6, toUs: T0_US + 7200e6 };
const vol = (r: FlowRecord) => r.bytes * r.sampling_rate;
const PROTO_NAME: Record<number, string | number> = { 6: 'tcp', 17: 'udp', 1: 'icmp' };

export function flowStoreSuite(open: () => Promise<Store>): void {
  let store: Store;
  const batch = makeFlows(N, 7);
  const recs = records(batch);

  beforeAll(async () => {
    store = await open();
    const writer = openFlowWriter(store);
    // Two appends and one flush: the writer buffers across batches.
    await writer.append(sliceBatch(batch, 0, 1234));
    await writer.append(sliceBatch(batch, 1234, N));
    await writer.flush();
    expect(writer.committedRows).toBe(N);
    await writer.close();
  }, 60_000);

  afterAll(async () => {
    await store?.close();
  });

  it('stores every row with its totals', async () => {
    const [row] = await store.all<{ n: number; b: number | string; p: number | string }>('SELECT count(*) AS n, sum(bytes) AS b, sum(packets) AS p FROM flows');
    expect(Number(row!.n)).toBe(N);
    expect(Number(row!.b)).toBe(recs.reduce((a, r) => a + r.bytes, 0));
    expect(Number(row!.p)).toBe(recs.reduce((a, r) => a + r.packets, 0));
  });

  it('top-N by destination port: volumes × sampling rate, with an Other bucket that completes the total', async () => {
    const result = await flowTopN(store, { ...RANGE, groupBy: ['dst_port'], top: 3 });
    const expected = [...sumBy(recs, (r) => String(r.dst_port), vol).entries()].sort((a, b) => b[1] - a[1]);
    expect(result.rows.slice(0, 3).map((r) => [String(r.key.dst_port), r.bytes])).toEqual(expected.slice(0, 3));
    const other = result.rows.find((r) => r.other)!;
    expect(other.bytes).toBe(expected.slice(3).reduce((a, e) => a + e[1], 0));
    expect(result.total.bytes).toBe(recs.reduce((a, r) => a + vol(r), 0));
    expect(result.total.flows).toBe(N);
  });

  it('groups by addresses (IPv4 and IPv6 as text) and protocol names', async () => {
    const result = await flowTopN(store, { ...RANGE, groupBy: ['src_addr', 'protocol'], top: 1000, metric: 'packets' });
    const expected = sumBy(recs, (r) => `${r.src_addr}|${PROTO_NAME[r.protocol] ?? r.protocol}`, (r) => r.packets * r.sampling_rate);
    const got = new Map(result.rows.filter((r) => !r.other).map((r) => [`${r.key.src_addr}|${r.key.protocol}`, r.packets]));
    expect(got).toEqual(expected);
    expect([...got.keys()].some((k) => k.startsWith('2001:db8:1::10|'))).toBe(true);
  });

  it('applies the issue\'s example filter exactly', async () => {
    const filter = 'src_addr << 10.0.0.0/8 and dst_port in (80, 443) and protocol = tcp and not exporter = 192.0.2.1';
    const result = await flowTopN(store, { ...RANGE, filter, groupBy: [], top: 1 });
    const match = recs.filter((r) => inV4Prefix(r.src_addr, '10.0.0.0/8') && [80, 443].includes(r.dst_port) && r.protocol === 6 && r.exporter !== '192.0.2.1');
    expect(match.length).toBeGreaterThan(10);
    expect(result.total.flows).toBe(match.length);
    expect(result.total.bytes).toBe(match.reduce((a, r) => a + vol(r), 0));
  });

  it('filters IPv6 prefixes, either-direction fields, NULL-aware negation and ranges', async () => {
    const cases: Array<[string, (r: FlowRecord) => boolean]> = [
      ['src_addr << 2001:db8::/32', (r) => r.src_addr.startsWith('2001:db8:')],
      ['addr = 10.1.2.3', (r) => r.src_addr === '10.1.2.3' || r.dst_addr === '10.1.2.3'],
      ['port != 443', (r) => r.src_port !== 443 && r.dst_port !== 443],
      ['not in_if = 3', (r) => r.in_if !== 3],
      ['in_if = 3', (r) => r.in_if === 3],
      ['bytes >= 100k or (packets between 10 and 20 and udp_is_not_a_field_here = 1)', () => false],
      ['vlan in (10, 11) || tos > 8', (r) => (r.vlan !== null && [10, 11].includes(r.vlan)) || (r.tos ?? -1) > 8],
      ['source = ipfix dst_addr = 8.8.8.8', (r) => r.source === 'ipfix' && r.dst_addr === '8.8.8.8'],
      ['exporter << 2001:db8:ffff::/48 and next_hop = 192.0.2.254', (r) => r.exporter === '2001:db8:ffff::1' && r.next_hop === '192.0.2.254'],
      ['as = 15169 and src_as between 64501 and 64502', (r) => (r.src_as === 15169 || r.dst_as === 15169) && r.src_as !== null && r.src_as >= 64501 && r.src_as <= 64502],
    ];
    for (const [filter, pred] of cases) {
      if (filter.includes('udp_is_not_a_field_here')) {
        await expect(flowTopN(store, { ...RANGE, filter, groupBy: [], top: 1 })).rejects.toThrow(FilterError);
        continue;
      }
      const result = await flowTopN(store, { ...RANGE, filter, groupBy: [], top: 1 });
      expect({ filter, flows: result.total.flows }).toEqual({ filter, flows: recs.filter(pred).length });
    }
  });

  it('refuses hostile filters before any SQL runs, and the table survives', async () => {
    const hostile = [
      "dst_port = 80; DROP TABLE flows",
      "src_addr = '1.2.3.4'' OR 1=1 --'",
      'dst_port = 80) OR (1=1',
      'protocol = tcp OR 1=1',
      "exporter = \"192.0.2.1\" UNION SELECT * FROM settings",
      'dst_port = 80 -- comment',
      '((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((dst_port = 1))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))',
    ];
    for (const filter of hostile) {
      await expect(flowTopN(store, { ...RANGE, filter, groupBy: [], top: 1 }), filter).rejects.toThrow(FilterError);
    }
    const [row] = await store.all<{ n: number }>('SELECT count(*) AS n FROM flows');
    expect(Number(row!.n)).toBe(N);
  });

  it('time series per dimension sums to the top-N totals in every bucket', async () => {
    const ts = await flowTimeSeries(store, { ...RANGE, groupBy: ['protocol'], top: 2, stepSeconds: 300 });
    expect(ts.times.length).toBe(Math.ceil((RANGE.toUs - RANGE.fromUs) / 300e6));
    const total = ts.series.reduce((a, s) => a + s.values.reduce((x, y) => x + y, 0), 0);
    expect(total).toBe(recs.reduce((a, r) => a + vol(r), 0));
    const tcp = ts.series.find((s) => s.key.protocol === 'tcp')!;
    const bucket = (r: FlowRecord) => Math.floor(r.time_received / 1000 / 300_000) * 300_000;
    const expectedTcp = sumBy(recs.filter((r) => r.protocol === 6), (r) => String(bucket(r)), vol);
    ts.times.forEach((t, i) => expect(tcp.values[i]).toBe(expectedTcp.get(String(t)) ?? 0));
    expect(ts.series.some((s) => s.other)).toBe(true);
  });

  it('sankey links carry the top tuples between consecutive dimensions', async () => {
    const s = await flowSankey(store, { ...RANGE, dimensions: ['exporter', 'protocol', 'dst_port'], top: 1000 });
    const exporterOut = s.links.filter((l) => s.nodes[l.source]!.dimension === 'exporter').reduce((a, l) => a + l.value, 0);
    expect(exporterOut).toBe(recs.reduce((a, r) => a + vol(r), 0));
    expect(new Set(s.nodes.filter((n) => n.dimension === 'exporter').map((n) => n.value))).toEqual(new Set(['192.0.2.1', '192.0.2.2', '2001:db8:ffff::1']));
  });

  it('conversations and endpoints match a Wireshark-style computation', async () => {
    const conv = await flowConversations(store, { ...RANGE, layer: 'tcp', limit: 10_000 });
    const tcp = recs.filter((r) => r.protocol === 6);
    const expected = new Map<string, { ab: number; ba: number }>();
    for (const r of tcp) {
      // A is the lower (address, port) — compared as stored 16-byte values, i.e. IPv4-mapped
      // addresses sort below IPv6 ones; the test compares sets, so only A/B assignment matters.
      const key = [`${r.src_addr}#${r.src_port}`, `${r.dst_addr}#${r.dst_port}`].sort().join(' ');
      const e = expected.get(key) ?? { ab: 0, ba: 0 };
      e.ab += vol(r);
      expected.set(key, e);
    }
    expect(conv.length).toBe(expected.size);
    const convTotal = conv.reduce((a, c) => a + c.bytes, 0);
    expect(convTotal).toBe(tcp.reduce((a, r) => a + vol(r), 0));
    for (const c of conv) {
      expect(c.bytesAToB + c.bytesBToA).toBe(c.bytes);
      const key = [`${c.addressA}#${c.portA}`, `${c.addressB}#${c.portB}`].sort().join(' ');
      expect(expected.get(key)?.ab).toBe(c.bytes);
    }
    const ep = await flowEndpoints(store, { ...RANGE, limit: 100 });
    const tx = sumBy(recs, (r) => r.src_addr, vol);
    const rx = sumBy(recs, (r) => r.dst_addr, vol);
    for (const e of ep) {
      expect(e.txBytes).toBe(tx.get(e.address!) ?? 0);
      expect(e.rxBytes).toBe(rx.get(e.address!) ?? 0);
    }
    expect(new Set(ep.map((e) => e.address))).toEqual(new Set([...tx.keys(), ...rx.keys()]));
  });

  it('rolls up into 1 min / 5 min / 1 h without ports or addresses, answers long ranges from them, and keeps them after raw retention', async () => {
    const nowUs = Date.now() * 1000;
    const written = await runRollups(store, nowUs);
    expect(written.flows_1m).toBeGreaterThan(0);
    const expectedBytes = recs.reduce((a, r) => a + vol(r), 0);
    for (const table of ['flows_1m', 'flows_5m', 'flows_1h']) {
      const [r] = await store.all<{ b: number; n: number }>(`SELECT sum(bytes * sampling_rate) AS b, sum(flows) AS n FROM ${table}`);
      expect({ table, b: Number(r!.b), n: Number(r!.n) }).toEqual({ table, b: expectedBytes, n: N });
    }
    // Running again adds nothing: the watermark remembers what was rolled up.
    expect(Object.values(await runRollups(store, nowUs)).every((n) => n === 0)).toBe(true);
    const long = { fromUs: T0_US - 10 * 86400e6, toUs: T0_US + 10 * 86400e6 };
    const fromRollup = await flowTopN(store, { ...long, groupBy: ['protocol'], top: 10, filter: 'exporter = 192.0.2.2 and protocol != udp' });
    const raw = await flowTopN(store, { ...RANGE, groupBy: ['protocol'], top: 10, filter: 'exporter = 192.0.2.2 and protocol != udp' });
    expect(fromRollup.table).toBe('flows_1h');
    expect(raw.table).toBe('flows');
    expect(fromRollup.rows).toEqual(raw.rows);
    // A port in the query needs raw rows, so it does not use the rollups.
    expect((await flowTopN(store, { ...long, groupBy: ['dst_port'], top: 3 })).table).toBe('flows');
    // Rows written late, behind the watermark, rewind the rollups so the next run includes them.
    const late = makeFlows(100, 3);
    const writer = openFlowWriter(store);
    await writer.append(late);
    await writer.close();
    const lateRecs = records(late);
    expect(await runRollups(store, nowUs)).toMatchObject({ flows_1h: expect.any(Number) });
    const [withLate] = await store.all<{ b: number }>('SELECT sum(bytes * sampling_rate) AS b FROM flows_1h');
    expect(Number(withLate!.b)).toBe(expectedBytes + lateRecs.reduce((a, r) => a + vol(r), 0));
    // Retention 31 days later: raw flows go, rollups (kept a year) still answer.
    const later = T0_US + 31 * 86400e6;
    const deleted = await runRetention(store, later, { rawDays: 30, rollupDays: 365 });
    expect(deleted).toEqual({ deletedRaw: N + 100, deletedRollup: 0 });
    expect((await flowTopN(store, { ...RANGE, groupBy: [], top: 1 })).total.flows).toBe(0);
    const after = await flowTopN(store, { ...long, groupBy: ['protocol'], top: 10, filter: 'exporter = 192.0.2.2 and protocol != udp' });
    const lateMatch = lateRecs.filter((r) => r.exporter === '192.0.2.2' && r.protocol !== 17);
    expect(after.total.bytes).toBe(raw.total.bytes + lateMatch.reduce((a, r) => a + vol(r), 0));
    const expired = await runRetention(store, T0_US + 400 * 86400e6, { rawDays: 30, rollupDays: 365 });
    expect(expired.deletedRollup).toBeGreaterThan(0);
  });

  it('returns nothing (not an error) for an empty range', async () => {
    const r = await flowTopN(store, { fromUs: T0_US - 10e6, toUs: T0_US - 5e6, groupBy: ['dst_port'], top: 5 });
    expect(r.rows).toEqual([]);
    expect(r.total.flows).toBe(0);
  });
}
