// The ML jobs as the worker runs them: a series from CSV text, training with per-epoch progress
// (training and validation loss, backend named), cancel, then forecast and detect with the
// artefact the host would have stored (after a structured clone, as across a worker boundary).
import { describe, expect, it } from 'vitest';
import { JobCancelled, type JobContext, type JobProgress } from '../../../src-worker/jobs/job.js';
import { jobHandlers } from '../../../src-worker/jobs/registry.js';
import type { ModelArtefact } from '../../../src-worker/ml/artefact.js';
import { seasonalSeries } from './seasonal-series.js';

function context(cancelAfter = Infinity): JobContext & { events: JobProgress[] } {
  const events: JobProgress[] = [];
  return {
    jobId: 'test',
    events,
    progress: (p) => events.push(p),
    cancelled: () => events.filter((e) => e.epoch !== undefined).length >= cancelAfter,
    throwIfCancelled() {
      if (this.cancelled()) throw new JobCancelled();
    },
    emit: () => {},
  };
}

function csvOf(days: number, stepMs: number, seed: number): string {
  const s = seasonalSeries(days, stepMs, seed);
  const rows = Array.from(s.values, (v, i) => `${new Date(s.startMs + i * stepMs).toISOString().slice(0, 19).replace('T', ' ')},${v}`);
  return ['timestamp,value', ...rows].join('\n');
}

const HALF_HOUR = 30 * 60_000;

describe('ml jobs', () => {
  it('are registered', () => {
    expect(Object.keys(jobHandlers)).toEqual(expect.arrayContaining(['ml.train', 'ml.forecast', 'ml.detect', 'ml.import']));
  });

  it('train streams per-epoch losses and the backend, and the artefact forecasts after a structured clone', async () => {
    const ctx = context();
    const csv = { name: 'sim.csv', text: csvOf(10, HALF_HOUR, 2) };
    const artefact = (await jobHandlers['ml.train']!({ csv, stepMs: HALF_HOUR, model: 'lstm', options: { epochs: 3, units: 6, lookback: 12 } }, ctx)) as ModelArtefact;
    const epochs = ctx.events.filter((e) => e.epoch !== undefined);
    expect(epochs.length).toBe(artefact.training!.epochsRun);
    expect(epochs[0]).toMatchObject({ epoch: 1, epochs: 3, backend: artefact.backend!.name });
    expect(epochs[0]!.message).toMatch(/^epoch 1\/3: train loss [\d.]+, validation loss [\d.]+/);
    expect(ctx.events[0]!.message).toMatch(/training lstm on sim.csv \(480 buckets\) with tfjs (wasm|cpu|tensorflow)/);
    const stored = structuredClone(artefact);
    const forecast = (await jobHandlers['ml.forecast']!({ csv, stepMs: HALF_HOUR, artefact: stored, horizonMs: 3_600_000 }, context())) as { points: unknown[] };
    expect(forecast.points.length).toBe(2);
  });

  it('train honours cancel with JobCancelled', async () => {
    const ctx = context(1);
    const csv = { name: 'sim.csv', text: csvOf(10, HALF_HOUR, 2) };
    await expect(jobHandlers['ml.train']!({ csv, stepMs: HALF_HOUR, model: 'lstm', options: { epochs: 50, units: 6, lookback: 12 } }, ctx)).rejects.toBeInstanceOf(JobCancelled);
  });

  it('detect finds an injected outage and explains it; forecasting with a detector is refused', async () => {
    const s = seasonalSeries(10, HALF_HOUR, 8, 0.03);
    const artefact = (await jobHandlers['ml.train']!({ series: s, model: 'autoencoder', options: { window: 12, epochs: 20, targetFalsePositiveRate: 0.01 } }, context())) as ModelArtefact;
    const broken = { ...s, values: Float64Array.from(s.values) };
    const at = s.values.length - 40;
    for (let i = at; i < at + 6; i++) broken.values[i] = 0; // an outage: traffic drops to zero for 3 hours
    const r = (await jobHandlers['ml.detect']!({ series: broken, artefact }, context())) as { anomalies: Array<{ startIndex: number; endIndex: number; explanation: string; actual: number }>; actual: { fromMs: number; stepMs: number; values: (number | null)[] } };
    // The scored series comes back for plotting, bucket for bucket.
    expect(r.actual).toMatchObject({ fromMs: s.startMs, stepMs: s.stepMs });
    expect(r.actual.values).toEqual(Array.from(broken.values));
    const hit = r.anomalies.find((a) => a.startIndex <= at + 5 && a.endIndex >= at);
    expect(hit).toBeDefined();
    expect(hit!.explanation).toMatch(/below normal/);
    await expect(jobHandlers['ml.forecast']!({ series: s, artefact }, context())).rejects.toThrow(/forecast: .* anomaly detector/);
  });
});
