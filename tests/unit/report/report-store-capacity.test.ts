// Capacity plan from the flow store: a real traffic series (NAB EC2 network-in, bytes per
// 5 minutes) stored as the egress flows of one exporter interface with a known speed. The plan
// made from the store must be the plan made from the same series as a CSV file.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { Report, Table } from '../../../src-main/report/model.js';
import { openFlowWriter } from '../../../src-main/store/flows/open-flow-writer.js';
import { openStore } from '../../../src-main/store/open-store.js';
import { parseAddress } from '../../../src-worker/flow/address.js';
import { createFlowBatch, FLOW_SOURCES } from '../../../src-worker/flow/record.js';
import { readCsvSeries } from '../../../src-worker/ml/csv-series.js';
import { projectRoot, sharedMissingReason, sharedPath, sharedPresent } from '../../support/shared-data.js';

const dir = mkdtempSync(join(tmpdir(), 'nw-report-capacity-'));
const csv = sharedPath('data', 'nab', 'ec2_network_in_5abac7.csv');

async function report(args: string[]): Promise<Report> {
  const out = join(dir, `r-${Math.random().toString(36).slice(2)}.json`);
  await promisify(execFile)(process.execPath, ['bin/netweaver.js', 'report', 'capacity', ...args, '--format', 'json', '-o', out], { cwd: projectRoot });
  return JSON.parse(readFileSync(out, 'utf8')) as Report;
}

function plan(r: Report): Table {
  for (const b of r.sections.flatMap((s) => s.blocks)) if (b.type === 'table' && b.table.id === 'capacity-plan') return b.table;
  throw new Error('no capacity-plan table');
}

describe.skipIf(!sharedPresent)(`capacity plan from a DuckDB flow store ${sharedPresent ? '' : sharedMissingReason}`, () => {
  it('plans the stored interface exactly as the same series from CSV', async () => {
    const { series } = readCsvSeries('nab', readFileSync(csv, 'utf8'), 300_000);
    // Whole bytes per interval, as a flow record carries them (the CSV side gets the same rounding).
    const bytes = Array.from(series.values, (v) => (Number.isFinite(v) ? Math.round(v) : NaN));
    const peakBps = Math.max(...bytes.filter(Number.isFinite)) * 8 / 300;
    const speed = Math.round(peakBps / 0.7);
    const db = join(dir, 'cap.duckdb');
    const store = await openStore({ db });
    const rows = bytes.map((b, i) => ({ b, t: series.startMs + i * 300_000 })).filter((x) => Number.isFinite(x.b) && x.b > 0);
    const batch = createFlowBatch(rows.length);
    rows.forEach((x, i) => {
      batch.time_start[i] = x.t * 1000;
      batch.time_end[i] = (x.t + 299_000) * 1000;
      batch.time_received[i] = x.t * 1000;
      batch.exporter.set(parseAddress('192.0.2.1'), i * 16);
      batch.source[i] = FLOW_SOURCES.indexOf('ipfix');
      batch.src_addr.set(parseAddress('10.0.0.1'), i * 16);
      batch.dst_addr.set(parseAddress('10.0.0.2'), i * 16);
      batch.protocol[i] = 6;
      batch.bytes[i] = x.b;
      batch.packets[i] = 1;
      batch.sampling_rate[i] = 1;
      batch.out_if[i] = 7;
    });
    batch.length = rows.length;
    const writer = openFlowWriter(store);
    await writer.append(batch);
    await writer.flush();
    await writer.close();
    await store.run(`INSERT INTO interfaces (device, if_index, name, speed) VALUES ('192.0.2.1', 7, 'xe-0/0/7', ${speed})`);
    await store.close();

    const fromStore = await report(['--db', db, '--horizon', '120']);
    const text = ['timestamp,value', ...rows.map((x) => `${new Date(x.t).toISOString()},${(x.b * 8) / 300}`)].join('\n');
    writeFileSync(join(dir, 'series.csv'), text);
    const fromCsv = await report(['--db', join(dir, 'other.duckdb'), '--series', join(dir, 'series.csv'), '--capacity', String(speed), '--horizon', '120']);
    const a = plan(fromStore).rows[0]!;
    const b = plan(fromCsv).rows[0]!;
    expect(a.link).toBe('192.0.2.1 xe-0/0/7 (out)');
    expect(a.capacity).toBe(speed);
    for (const key of ['cross_80', 'cross_100', 'cross_80_earliest', 'cross_100_earliest', 'status_80', 'status_100']) expect(a[key]).toBe(b[key]);
    for (const key of ['observed_peak', 'recent_peak', 'peak_utilisation']) expect(Number(a[key])).toBeCloseTo(Number(b[key]), 6);
    expect(fromStore.provenance.dataSource).toContain('egress traffic per exporter interface');
  });

  it('leaves out links of unknown speed and says so, or uses --capacity for them', async () => {
    const db = join(dir, 'cap.duckdb');
    const store = await openStore({ db });
    await store.run('DELETE FROM interfaces');
    await store.close();
    const r = await promisify(execFile)(process.execPath, ['bin/netweaver.js', 'report', 'capacity', '--db', db, '-o', join(dir, 'x.html')], { cwd: projectRoot }).catch((e: { code: number; stderr: string }) => e);
    expect((r as { code: number }).code).toBe(1);
    expect((r as { stderr: string }).stderr).toMatch(/no link in the flow store has traffic and a known speed \(1 without a speed: give --capacity SPEED\)/);
    const withDefault = await report(['--db', db, '--capacity', '10M']);
    expect(plan(withDefault).rows[0]!.capacity).toBe(10e6);
    expect(plan(withDefault).rows[0]!.link).toBe('192.0.2.1 ifIndex 7 (out)');
  });
});
