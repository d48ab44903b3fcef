// Store access for the ML area: models (summary + artefact), predictions and anomalies, written
// only by the host. Artefacts are stored as JSON text with their binary parts in base64, so the
// DuckDB and PostgreSQL backends hold them identically through the plain Store interface.
import { randomUUID } from 'node:crypto';
import type { Anomaly } from '../../src-worker/ml/anomaly-detector.js';
import type { ModelArtefact } from '../../src-worker/ml/artefact.js';
import type { Forecast } from '../../src-worker/ml/forecast.js';
import type { MlAnomaly, MlModelSummary, MlPrediction } from '../api/contract/ml.js';
import { parseSeriesSpec, seriesSpecFilter } from '../../src-worker/ml/series-spec.js';
import { StoreError, type Store } from './store.js';

/** The flows-view link of an anomaly on a series from stored flows (keys like "link=…"). */
export function anomalyFlows(seriesKey: string, startMs: number, endMs: number): MlAnomaly['flows'] {
  if (/^(csv|onnx):/.test(seriesKey)) return null;
  try {
    return { filter: seriesSpecFilter(parseSeriesSpec(seriesKey)), fromMs: startMs, toMs: endMs };
  } catch {
    return null;
  }
}

const b64 = (bytes: Uint8Array | ArrayBuffer) => Buffer.from(bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : bytes).toString('base64');

function encodeArtefact(a: ModelArtefact): string {
  return JSON.stringify({
    ...a,
    onnx: b64(a.onnx),
    tfjs: a.tfjs ? { ...a.tfjs, weightData: b64(a.tfjs.weightData) } : undefined,
  });
}

function decodeArtefact(text: string): ModelArtefact {
  const raw = JSON.parse(text) as Omit<ModelArtefact, 'onnx' | 'tfjs'> & { onnx: string; tfjs?: { weightData: string } & Record<string, unknown> };
  const bytes = (s: string) => new Uint8Array(Buffer.from(s, 'base64'));
  const tfjsWeights = raw.tfjs ? bytes(raw.tfjs.weightData) : null;
  return {
    ...raw,
    onnx: bytes(raw.onnx),
    tfjs: raw.tfjs && tfjsWeights ? ({ ...raw.tfjs, weightData: tfjsWeights.buffer.slice(tfjsWeights.byteOffset, tfjsWeights.byteOffset + tfjsWeights.byteLength) } as ModelArtefact['tfjs']) : undefined,
  } as ModelArtefact;
}

/** JSON cannot hold NaN; unknown numbers are stored and returned as null. */
const finite = (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? null : v);

export function modelSummary(modelId: string, seriesKey: string, createdMs: number, a: ModelArtefact): MlModelSummary {
  const t = a.training;
  return {
    modelId,
    kind: a.kind,
    seriesKey,
    seriesName: a.series.name,
    stepMs: a.series.stepMs,
    createdAt: new Date(createdMs).toISOString(),
    backend: a.backend?.name ?? null,
    lookback: a.lookback,
    horizons: a.horizons,
    metrics: JSON.parse(JSON.stringify(a.metrics, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v))),
    detector: a.detector,
    training: t && {
      epochsRun: t.epochsRun,
      bestEpoch: t.bestEpoch,
      stoppedEarly: t.stoppedEarly,
      seconds: t.seconds,
      history: t.history.map(({ epoch, trainLoss, valLoss, ms }) => ({ epoch, trainLoss, valLoss, ms })),
      samples: t.samples,
      gaps: { buckets: t.gaps.buckets, observed: t.gaps.observed, interpolated: t.gaps.interpolated, missing: t.gaps.missing },
    },
  };
}

export async function saveModel(store: Store, seriesKey: string, artefact: ModelArtefact): Promise<MlModelSummary> {
  const modelId = randomUUID().replace(/-/g, '').slice(0, 12);
  const created = Date.now();
  const summary = modelSummary(modelId, seriesKey, created, artefact);
  await store.run(
    'INSERT INTO ml_models (model_id, kind, series_key, series_name, step_ms, created_ms, backend, summary, artefact) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)',
    [modelId, artefact.kind, seriesKey, artefact.series.name, artefact.series.stepMs, created, summary.backend, JSON.stringify(summary), encodeArtefact(artefact)],
  );
  return summary;
}

const parseJson = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;

export async function listModels(store: Store, seriesKey?: string): Promise<MlModelSummary[]> {
  const rows = seriesKey
    ? await store.all<{ summary: unknown }>('SELECT summary FROM ml_models WHERE series_key = $1 ORDER BY created_ms DESC', [seriesKey])
    : await store.all<{ summary: unknown }>('SELECT summary FROM ml_models ORDER BY created_ms DESC');
  return rows.map((r) => parseJson<MlModelSummary>(r.summary));
}

/** A model by id, or the newest one for the series whose kind is allowed. */
export async function loadModel(store: Store, pick: { modelId?: string; seriesKey: string; kinds: string[] }): Promise<{ modelId: string; artefact: ModelArtefact }> {
  const rows = pick.modelId
    ? await store.all<{ model_id: string; kind: string; artefact: string }>('SELECT model_id, kind, artefact FROM ml_models WHERE model_id = $1', [pick.modelId])
    : await store.all<{ model_id: string; kind: string; artefact: string }>(
        `SELECT model_id, kind, artefact FROM ml_models WHERE series_key = $1 AND kind IN (${pick.kinds.map((_, i) => `$${i + 2}`).join(', ')}) ORDER BY created_ms DESC LIMIT 1`,
        [pick.seriesKey, ...pick.kinds],
      );
  const row = rows[0];
  if (!row) {
    throw new StoreError(
      pick.modelId ? `ml: no model ${pick.modelId} in the store` : `ml: no ${pick.kinds.join('/')} model for series "${pick.seriesKey}"; train one first (netweaver train)`,
    );
  }
  if (!pick.kinds.includes(row.kind)) throw new StoreError(`ml: model ${row.model_id} is a ${row.kind} model; this needs ${pick.kinds.join(' or ')}`);
  return { modelId: row.model_id, artefact: decodeArtefact(row.artefact) };
}

/** Inserts rows in multi-row statements (bound parameters, bounded statement size). */
async function insertRows(store: Store, table: string, columns: string[], rows: unknown[][]): Promise<void> {
  const per = Math.max(1, Math.floor(2000 / columns.length));
  for (let i = 0; i < rows.length; i += per) {
    const chunk = rows.slice(i, i + per);
    const tuples = chunk.map((_, r) => `(${columns.map((_, c) => `$${r * columns.length + c + 1}`).join(', ')})`);
    await store.run(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')}`, chunk.flat());
  }
}

export async function savePredictions(store: Store, modelId: string, seriesKey: string, forecast: Forecast): Promise<number> {
  const made = Date.now();
  const rows = forecast.points.map((p) => [
    modelId,
    seriesKey,
    made,
    p.timeMs,
    p.step,
    p.value,
    finite(p.lower),
    finite(p.upper),
    finite(p.baselines.seasonalNaiveDaily),
    finite(p.baselines.seasonalNaiveWeekly),
    finite(p.baselines.holtWinters),
  ]);
  await insertRows(store, 'predictions', ['model_id', 'series_key', 'made_ms', 'time_ms', 'step', 'value', 'lower', 'upper', 'baseline_daily', 'baseline_weekly', 'baseline_holt_winters'], rows);
  return rows.length;
}

export async function listPredictions(store: Store, seriesKey: string, modelId: string | undefined, limit: number): Promise<Array<MlPrediction & { modelId: string; madeAt: string }>> {
  const params: unknown[] = [seriesKey];
  if (modelId) params.push(modelId);
  const rows = await store.all<Record<string, number | string | null>>(
    `SELECT * FROM predictions WHERE series_key = $1 ${modelId ? 'AND model_id = $2' : ''} ORDER BY made_ms DESC, time_ms LIMIT ${Math.floor(limit)}`,
    params,
  );
  const num = (v: unknown) => (v === null || v === undefined ? NaN : Number(v));
  return rows.map((r) => ({
    modelId: String(r.model_id),
    madeAt: new Date(num(r.made_ms)).toISOString(),
    timeMs: num(r.time_ms),
    step: num(r.step),
    value: num(r.value),
    lower: num(r.lower),
    upper: num(r.upper),
    baselines: {
      seasonalNaiveDaily: r.baseline_daily === null ? null : num(r.baseline_daily),
      seasonalNaiveWeekly: r.baseline_weekly === null ? null : num(r.baseline_weekly),
      holtWinters: r.baseline_holt_winters === null ? null : num(r.baseline_holt_winters),
    },
  }));
}

export async function saveAnomalies(store: Store, modelId: string, seriesKey: string, anomalies: Anomaly[]): Promise<MlAnomaly[]> {
  const detected = Date.now();
  const out: MlAnomaly[] = anomalies.map((a) => ({
    anomalyId: randomUUID().replace(/-/g, '').slice(0, 12),
    modelId,
    seriesKey,
    series: a.series,
    startMs: a.startMs,
    endMs: a.endMs,
    peakMs: a.peakMs,
    score: a.score,
    expected: a.expected,
    actual: a.actual,
    explanation: a.explanation,
    flows: anomalyFlows(seriesKey, a.startMs, a.endMs),
  }));
  await insertRows(
    store,
    'anomalies',
    ['anomaly_id', 'model_id', 'series_key', 'series_name', 'detected_ms', 'start_ms', 'end_ms', 'peak_ms', 'score', 'expected', 'actual', 'explanation'],
    out.map((a) => [a.anomalyId, modelId, seriesKey, a.series, detected, a.startMs, a.endMs, a.peakMs, a.score, finite(a.expected), finite(a.actual), a.explanation]),
  );
  return out;
}

export async function listAnomalies(store: Store, seriesKey: string | undefined, limit: number): Promise<MlAnomaly[]> {
  const rows = await store.all<Record<string, number | string | null>>(
    `SELECT * FROM anomalies ${seriesKey ? 'WHERE series_key = $1' : ''} ORDER BY start_ms DESC LIMIT ${Math.floor(limit)}`,
    seriesKey ? [seriesKey] : [],
  );
  return rows.map((r) => ({
    anomalyId: String(r.anomaly_id),
    modelId: String(r.model_id),
    seriesKey: String(r.series_key),
    series: String(r.series_name),
    startMs: Number(r.start_ms),
    endMs: Number(r.end_ms),
    peakMs: Number(r.peak_ms),
    score: Number(r.score),
    expected: r.expected === null ? NaN : Number(r.expected),
    actual: r.actual === null ? NaN : Number(r.actual),
    explanation: String(r.explanation),
    flows: anomalyFlows(String(r.series_key), Number(r.start_ms), Number(r.end_ms)),
  }));
}
