// The ML area through the service, against a real host (DuckDB file, worker threads): training
// progress reaches subscribers as job.updated with per-epoch losses and the backend, cancel stops
// a training job, and models/predictions/anomalies read back through the API.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, type ApiClient, type JobInfo } from '../../../src-main/api/contract.js';
import { createInProcessClient } from '../../../src-main/api/in-process-transport.js';
import { NetWeaverHost } from '../../../src-main/host.js';
import { buildModel, MODEL_DEFAULTS } from '../../../src-worker/ml/models.js';
import { exportOnnx } from '../../../src-worker/ml/onnx-export.js';
import { selectBackend } from '../../../src-worker/ml/tf-backend.js';
import { seasonalSeries } from './seasonal-series.js';

let host: NetWeaverHost;
let api: ApiClient;
const dir = mkdtempSync(join(tmpdir(), 'nw-ml-api-'));
const csv = join(dir, 'edge.csv');

beforeAll(async () => {
  const s = seasonalSeries(8, 30 * 60_000, 21);
  writeFileSync(csv, ['timestamp,value', ...Array.from(s.values, (v, i) => `${new Date(s.startMs + i * s.stepMs).toISOString()},${v}`)].join('\n'));
  host = new NetWeaverHost({ store: { db: join(dir, 'ml.duckdb') }, workers: 1 });
  api = createInProcessClient(await host.start());
});
afterAll(async () => {
  api.close();
  await host.stop();
});

describe('ml service', () => {
  it('streams per-epoch training and validation loss through job.updated', async () => {
    const seen: JobInfo[] = [];
    const off = api.on('job.updated', (info) => seen.push(info));
    const r = await api.call('ml.train', { series: { csv }, step: '30m', model: 'lstm', epochs: 3, lookback: 12, patience: 0 });
    off();
    const epochs = seen.filter((j) => j.jobId === r.jobId && j.state === 'running' && typeof j.progress?.valLoss === 'number');
    expect(epochs.map((j) => j.progress!.epoch)).toEqual([1, 2, 3]);
    expect(epochs[0]!.progress!.backend).toBe(r.backend);
    expect(epochs.at(-1)!.progress!.valLoss).toBeCloseTo(r.training!.history[2]!.valLoss, 6);
    const models = await api.call('ml.models', { seriesKey: 'csv:edge.csv' });
    expect(models.map((m) => m.modelId)).toEqual([r.modelId]);
  });

  it('cancels a training job', async () => {
    const started = new Promise<string>((resolve) => {
      const off = api.on('job.updated', (info) => {
        if (info.kind === 'ml.train' && info.progress?.epoch === 1) {
          off();
          resolve(info.jobId);
        }
      });
    });
    const training = api.call('ml.train', { series: { csv }, step: '30m', model: 'lstm', epochs: 500, lookback: 12, patience: 0 }).catch((e: unknown) => e);
    const jobId = await started;
    expect((await api.call('jobs.cancel', { jobId })).cancelled).toBe(true);
    const error = await training;
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('cancelled');
    expect((await api.call('ml.models', { seriesKey: 'csv:edge.csv' })).length).toBe(1); // nothing stored for the cancelled run
  });

  it('reads stored predictions and anomalies back', async () => {
    const f = await api.call('ml.forecast', { series: { csv }, step: '30m', horizon: '90m' });
    const stored = await api.call('ml.predictions', { seriesKey: 'csv:edge.csv' });
    expect(stored.map((p) => p.timeMs)).toEqual(f.points.map((p) => p.timeMs));
    expect(stored[0]!.baselines.seasonalNaiveDaily).toBe(f.points[0]!.baselines.seasonalNaiveDaily);
    await api.call('ml.train', { series: { csv }, step: '30m', model: 'autoencoder', epochs: 5, lookback: 12 });
    const d = await api.call('ml.detect', { series: { csv }, step: '30m' });
    const listed = await api.call('ml.anomalies', { seriesKey: 'csv:edge.csv' });
    expect(listed.length).toBe(d.anomalies.length);
    expect(listed.every((a) => a.flows === null)).toBe(true); // a CSV series has no flows behind it
    await expect(api.call('ml.forecast', { series: { csv }, step: '30m', modelId: d.modelId })).rejects.toMatchObject({ code: 'invalid_params' });
  });

  it('imports an ONNX model file with a declared signature and scores it like a native model', async () => {
    const config = { ...MODEL_DEFAULTS, kind: 'lstm' as const, lookback: 12, outputs: 2, units: 6 };
    await selectBackend();
    const model = buildModel(config);
    const file = join(dir, 'external.onnx');
    writeFileSync(file, exportOnnx(model));
    model.dispose();
    const m = await api.call('ml.importOnnx', {
      path: file,
      name: 'external lstm',
      step: '30m',
      input: 'input',
      output: 'output',
      layout: 'batch-time-feature',
      lookback: 12,
      outputs: 2,
      normalisation: { mean: 1.5e8, std: 5e7 },
      evaluate: { csv },
    });
    expect(m).toMatchObject({ kind: 'imported', seriesKey: 'csv:edge.csv', horizons: [1, 2] });
    expect(m.metrics.map((h) => h.label)).toEqual(['30m', '1h']);
    expect(m.metrics[0]!.baselines[0]!.metrics!.count).toBe(m.metrics[0]!.model.count);
    const f = await api.call('ml.forecast', { series: { csv }, step: '30m', horizon: '1h', modelId: m.modelId });
    expect(f.points.map((p) => p.step)).toEqual([1, 2]);
    await expect(api.call('ml.importOnnx', { path: file, name: 'x', input: 'nope', output: 'output', layout: 'batch-time-feature', lookback: 12, outputs: 2 })).rejects.toThrow(
      /no input "nope"/,
    );
  });
});
