// Traffic summaries from a real DuckDB flow store: flows assembled from afs.pcap (and the store
// suite's sampled mix) written through the collector's flow writer, summarised by
// `netweaver report traffic --db`, and every table compared with the store's own queries and
// with the in-memory aggregation of the same flows; ranges and filters against plain SQL.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../../src-main/report/csv.js';
import type { Metric, Report, Table } from '../../../src-main/report/model.js';
import { aggregateTraffic } from '../../../src-main/report/traffic-aggregate.js';
import type { TrafficData } from '../../../src-main/report/traffic-data.js';
import { openFlowWriter } from '../../../src-main/store/flows/open-flow-writer.js';
import { openStore } from '../../../src-main/store/open-store.js';
import { flowTopN } from '../../../src-main/store/query/flow-query.js';
import type { FlowBatch } from '../../../src-worker/flow/record.js';
import { projectRoot, sharedMissingReason, sharedPresent } from '../../support/shared-data.js';
import { makeFlows } from '../store/flow-fixtures.js';
import { externalReferences } from './report-check.js';
import { AFS_PCAP, captureFlows } from './report-data.js';

const dir = mkdtempSync(join(tmpdir(), 'nw-report-store-'));

async function report(db: string, args: string[]): Promise<Report> {
  const out = join(dir, `r-${Math.random().toString(36).slice(2)}.json`);
  await promisify(execFile)(process.execPath, ['bin/netweaver.js', 'report', 'traffic', '--db', db, ...args, '--format', 'json', '-o', out], { cwd: projectRoot });
  return JSON.parse(readFileSync(out, 'utf8')) as Report;
}

async function writeStore(name: string, batches: FlowBatch[]): Promise<string> {
  const db = join(dir, name);
  const store = await openStore({ db });
  const writer = openFlowWriter(store);
  for (const b of batches) await writer.append(b);
  await writer.flush();
  await writer.close();
  await store.close();
  return db;
}

function table(r: Report, id: string): Table {
  for (const s of r.sections) for (const b of s.blocks) if (b.type === 'table' && b.table.id === id) return b.table;
  throw new Error(`no table ${id}`);
}

function metric(r: Report, id: string): Metric['value'] {
  return r.sections.flatMap((s) => s.blocks.flatMap((b) => (b.type === 'metrics' ? b.metrics : []))).find((m) => m.id === id)?.value ?? null;
}

async function sql<T = Record<string, unknown>>(db: string, query: string): Promise<T[]> {
  const store = await openStore({ db });
  try {
    return await store.all<T>(query);
  } finally {
    await store.close();
  }
}

describe.skipIf(!sharedPresent)(`traffic summary from a DuckDB flow store ${sharedPresent ? '' : sharedMissingReason}`, () => {
  let db = '';
  let memory: TrafficData;
  beforeAll(async () => {
    const batches = await captureFlows(AFS_PCAP());
    memory = aggregateTraffic(batches, { topN: 10 });
    db = await writeStore('afs.duckdb', batches);
  });

  it('summarises every stored flow exactly as the in-memory aggregation of the same flows', async () => {
    const r = await report(db, []);
    expect(metric(r, 'bytes')).toBe(memory.totals.bytes);
    expect(metric(r, 'packets')).toBe(memory.totals.packets);
    expect(metric(r, 'flows')).toBe(memory.totals.flows);
    expect(metric(r, 'sources')).toBe(memory.totals.sources);
    expect(table(r, 'top-sources').rows.map((x) => [x.address, x.bytes, x.flows])).toEqual(memory.topSources.map((x) => [x.address, x.bytes, x.flows]));
    expect(table(r, 'top-destinations').rows.map((x) => [x.address, x.bytes])).toEqual(memory.topDestinations.map((x) => [x.address, x.bytes]));
    expect(table(r, 'top-conversations').rows.map((x) => [x.a, x.b, x.bytes])).toEqual(memory.topConversations.map((x) => [x.a, x.b, x.bytes]));
    // The service-port rule in SQL is the same as in the aggregation.
    expect(table(r, 'top-applications').rows.map((x) => [x.application, x.bytes])).toEqual(memory.topApplications.map((x) => [x.application, x.bytes]));
    expect(table(r, 'protocols').rows.map((x) => [x.protocol, x.bytes, x.flows])).toEqual(memory.protocols.map((x) => [x.protocol, x.bytes, x.flows]));
    // The volume-over-time table adds up to the total.
    const overTime = table(r, 'volume-over-time').rows.reduce((n, x) => n + Number(x.total), 0);
    expect(overTime).toBe(memory.totals.bytes);
    expect(r.provenance.dataSource).toContain(db);
  });

  it('writes CSV tables equal to the store’s own top-N query and HTML with no external reference', async () => {
    const out = join(dir, 'afs.csv');
    await promisify(execFile)(process.execPath, ['bin/netweaver.js', 'report', 'traffic', '--db', db, '--top', '5', '--format', 'csv', '-o', out], { cwd: projectRoot });
    const rows = parseCsv(readFileSync(join(dir, 'afs-top-sources.csv'), 'utf8'));
    const store = await openStore({ db });
    const q = await flowTopN(store, { fromUs: 0, toUs: 4e15, groupBy: ['src_addr'], top: 5 });
    await store.close();
    expect(rows.slice(1).map((r) => [r[0], Number(r[1]), Number(r[2]), Number(r[3])])).toEqual(q.rows.filter((x) => !x.other).map((x) => [x.key.src_addr, x.bytes, x.packets, x.flows]));
    const html = join(dir, 'afs.html');
    await promisify(execFile)(process.execPath, ['bin/netweaver.js', 'report', 'traffic', '--db', db, '-o', html], { cwd: projectRoot });
    expect(externalReferences(readFileSync(html, 'utf8'))).toEqual([]);
  });

  it('honours --filter and --from/--to as plain SQL over the flows table counts them', async () => {
    const udp = await report(db, ['--filter', 'protocol = udp']);
    const [u] = await sql<{ b: number; n: number }>(db, 'SELECT sum(bytes * sampling_rate) AS b, count(*) AS n FROM flows WHERE protocol = 17');
    expect(metric(udp, 'bytes')).toBe(Number(u!.b));
    expect(metric(udp, 'flows')).toBe(Number(u!.n));
    expect(udp.provenance.filter).toBe('protocol = udp');
    const [span] = await sql<{ t0: number; t1: number }>(db, 'SELECT epoch_ms(min(time_received)) AS t0, epoch_ms(max(time_received)) AS t1 FROM flows');
    const mid = Math.floor((Number(span!.t0) + Number(span!.t1)) / 2);
    const from = new Date(mid).toISOString();
    const half = await report(db, ['--from', from]);
    const [h] = await sql<{ b: number; n: number }>(db, `SELECT sum(bytes * sampling_rate) AS b, count(*) AS n FROM flows WHERE time_received >= make_timestamp(${mid * 1000})`);
    expect(metric(half, 'flows')).toBe(Number(h!.n));
    expect(metric(half, 'bytes')).toBe(Number(h!.b));
    expect(half.provenance.from).toBe(from);
    expect(Number(h!.n)).toBeLessThan(memory.totals.flows);
  });

  it('says which exporters sampled at which rate and multiplies their volumes', async () => {
    const batch = makeFlows(3000, 7);
    const sampledDb = await writeStore('sampled.duckdb', [batch]);
    const mem = aggregateTraffic([batch], { topN: 10 });
    const r = await report(sampledDb, []);
    expect(metric(r, 'bytes')).toBe(mem.totals.bytes);
    expect(r.provenance.sampling).toMatch(/^sampled 1:100 on \d+ of \d+ exporters; volumes are multiplied/);
    const exporters = table(r, 'exporters').rows;
    expect(exporters.map((e) => [e.exporter, e.source, e.bytes])).toEqual(mem.exporters.map((e) => [e.exporter, e.source, e.bytes]));
    expect(exporters.every((e) => String(e.sampling).includes('1:100'))).toBe(true);
  });
});
