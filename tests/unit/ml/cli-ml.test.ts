// `netweaver train | forecast | detect` as an engineer runs them (the built CLI in a child process)
// on a CSV series and a real DuckDB file: JSON output, progress on stderr, exit codes, and the
// models, predictions and anomalies really written to the database.
import { DuckDBInstance } from '@duckdb/node-api';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../support/run-cli.js';
import { buildModel, MODEL_DEFAULTS } from '../../../src-worker/ml/models.js';
import { exportOnnx } from '../../../src-worker/ml/onnx-export.js';
import { selectBackend } from '../../../src-worker/ml/tf-backend.js';
import { seasonalSeries } from './seasonal-series.js';

const run = runCli;

async function count(db: string, sql: string): Promise<number> {
  const instance = await DuckDBInstance.create(db);
  const conn = await instance.connect();
  try {
    const rows = (await conn.runAndReadAll(sql)).getRows();
    return Number(rows[0]![0]);
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

describe('netweaver train / forecast / detect', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nw-cli-ml-'));
  const db = join(dir, 'ml.duckdb');
  const csv = join(dir, 'link.csv');
  const s = seasonalSeries(10, 30 * 60_000, 12, 0.03);
  s.values[200] = 4 * s.values[200]!; // one spike
  writeFileSync(csv, ['timestamp,value', ...Array.from(s.values, (v, i) => `${new Date(s.startMs + i * s.stepMs).toISOString()},${v}`), 'garbage,row'].join('\n'));
  const series = ['--csv', csv, '--step', '30m', '--db', db];

  it('trains an LSTM with --json, reporting the backend, baselines and the CSV row it rejected', async () => {
    const r = await run('train', ...series, '--model', 'lstm', '--epochs', '2', '--lookback', '12', '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ kind: 'lstm', seriesKey: 'csv:link.csv', lookback: 12 });
    expect(['wasm', 'cpu', 'tensorflow']).toContain(out.backend);
    expect(out.metrics[0].baselines.map((b: { name: string }) => b.name)).toEqual(['seasonal-naive-daily', 'seasonal-naive-weekly', 'holt-winters']);
    expect(out.csv.rejected).toEqual({ 'bad timestamp': 1 });
    expect(out.training.history).toHaveLength(out.training.epochsRun);
    expect(await count(db, "SELECT count(*) FROM ml_models WHERE kind = 'lstm'")).toBe(1);
  });

  it('forecasts 2 h ahead with the stored model and stores the predictions', async () => {
    const r = await run('forecast', ...series, '--horizon', '2h', '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.points).toHaveLength(4);
    expect(out.points[0].baselines.seasonalNaiveDaily).toBe(s.values[s.values.length - 48]);
    expect(await count(db, 'SELECT count(*) FROM predictions')).toBe(4);
    const text = await run('forecast', ...series, '--horizon', '1h');
    expect(text.stdout).toMatch(/forecast +band low +band high +yesterday +last week +holt-winters/);
  });

  it('trains a detector and lists the injected spike among explained anomalies, stored in the anomalies table', async () => {
    expect((await run('train', ...series, '--model', 'autoencoder', '--epochs', '15', '--lookback', '12', '--json')).code).toBe(0);
    const r = await run('detect', ...series, '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    const spikeMs = s.startMs + 200 * s.stepMs;
    const hit = out.anomalies.find((a: { startMs: number; endMs: number }) => a.startMs <= spikeMs && a.endMs > spikeMs);
    expect(hit.explanation).toMatch(/above normal/);
    expect(await count(db, 'SELECT count(*) FROM anomalies')).toBe(out.stored);
  });

  it('imports an ONNX file with a declared signature, scores it on the series and forecasts with it', async () => {
    await selectBackend();
    const model = buildModel({ ...MODEL_DEFAULTS, kind: 'lstm', lookback: 12, outputs: 1, units: 6 });
    const file = join(dir, 'ext.onnx');
    writeFileSync(file, exportOnnx(model));
    model.dispose();
    const r = await run('import-onnx', file, '--input', 'input', '--output', 'output', '--layout', 'batch-time-feature', '--lookback', '12', '--mean', '1.5e8', '--std', '5e7', ...series, '--json');
    expect(r.code).toBe(0);
    const m = JSON.parse(r.stdout);
    expect(m).toMatchObject({ kind: 'imported', seriesKey: 'csv:link.csv' });
    expect(m.metrics[0].model.count).toBeGreaterThan(0);
    const f = await run('forecast', ...series, '--model-id', m.modelId, '--horizon', '30m', '--json');
    expect(JSON.parse(f.stdout).model).toBe('imported');
    const bad = await run('import-onnx', file, '--input', 'x', '--output', 'output', '--layout', 'batch-time-feature', '--lookback', '12', '--db', db);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/no input "x" \(inputs: input\)/);
  });

  it('exits 1 with not_found when there is no model for the series, 2 on usage mistakes', async () => {
    const other = join(dir, 'other.csv');
    writeFileSync(other, 'timestamp,value\n2026-01-01 00:00:00,1\n');
    const r = await run('forecast', '--csv', other, '--db', db, '--json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).error).toMatchObject({ code: 'not_found' });
    expect((await run('train', '--csv', csv, '--db', db)).code).toBe(2);
    expect((await run('detect', '--db', db)).code).toBe(2);
    expect((await run('forecast', '--csv', csv, '--from', '2026-01-01', '--db', db)).stderr).toMatch(/--from\/--to select stored flows/);
  });
});
