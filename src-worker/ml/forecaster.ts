// Trains a forecaster end to end: dataset from the series, model, training with progress and
// early stopping, test-split metrics beside every baseline on the same targets, ONNX export.
// The result is a ModelArtefact; nothing here touches files or the database.
import * as tf from '@tensorflow/tfjs';
import { ARTEFACT_FORMAT, seriesSpan, trainingSummary, horizonLabel, multiHorizonSteps, type HorizonMetrics, type ModelArtefact, type TfjsWeights } from './artefact.js';
import { actualsFor, computeBaselines, denormaliseOutputs } from './baselines.js';
import { buildDataset, type Dataset } from './dataset.js';
import { errorMetrics } from './metrics.js';
import { buildModel, inputShape, MODEL_DEFAULTS, type ModelConfig } from './models.js';
import { exportOnnx } from './onnx-export.js';
import { fillShortGaps, type TimeSeries } from './series.js';
import { selectBackend, type TfBackendName } from './tf-backend.js';
import { predictRows, trainModel, type EpochReport } from './train.js';

export interface ForecasterOptions {
  kind: 'lstm' | 'transformer' | 'multi';
  lookback?: number;
  /** Steps ahead; default [1] for lstm/transformer, 5m/15m/1h/24h for multi. */
  horizons?: number[];
  epochs?: number;
  batchSize?: number;
  patience?: number;
  seed?: number;
  units?: number;
  layers?: number;
  heads?: number;
  learningRate?: number;
  trainFraction?: number;
  valFraction?: number;
  /** Gaps up to this many buckets are interpolated (default 3). */
  maxInterpolateSteps?: number;
  backend?: TfBackendName;
  onEpoch?: (report: EpochReport) => void;
  cancelled?: () => boolean;
}

function quantile(sorted: Float64Array, q: number): number {
  if (!sorted.length) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export function residualQuantiles(actual: Float64Array, predicted: Float64Array): HorizonMetrics['residual'] {
  const r = new Float64Array(actual.length);
  for (let i = 0; i < r.length; i++) r[i] = actual[i]! - predicted[i]!;
  r.sort();
  return { p05: quantile(r, 0.05), p50: quantile(r, 0.5), p95: quantile(r, 0.95) };
}

/** Model and baseline errors per horizon on the test split of `ds`. */
export function testMetrics(values: Float64Array, stepMs: number, ds: Dataset, predictedNormalised: Float32Array): HorizonMetrics[] {
  const anchors = ds.test.anchors;
  const predicted = denormaliseOutputs(predictedNormalised, ds.test.count, ds.horizons.length, ds.norm);
  const baselines = computeBaselines(values, stepMs, anchors, ds.horizons, ds.bounds.trainEnd);
  return ds.horizons.map((h, i) => {
    const actual = actualsFor(values, anchors, h);
    const model = errorMetrics(actual, predicted[i]!);
    const skill: HorizonMetrics['skillVsBaseline'] = {};
    for (const b of baselines) if (b.metrics) skill[b.name] = 1 - model.mae / b.metrics[i]!.mae;
    return {
      steps: h,
      label: horizonLabel(h, stepMs),
      model,
      baselines: baselines.map((b) => ({ name: b.name, metrics: b.metrics?.[i] ?? null, unavailable: b.unavailable })),
      skillVsBaseline: skill,
      residual: residualQuantiles(actual, predicted[i]!),
    };
  });
}

export async function saveTfjs(model: tf.LayersModel): Promise<TfjsWeights> {
  let saved: TfjsWeights | null = null;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const data = artifacts.weightData;
      const weightData = Array.isArray(data) ? (tf.io.concatenateArrayBuffers(data) as ArrayBuffer) : (data as ArrayBuffer);
      saved = { modelTopology: artifacts.modelTopology, weightSpecs: artifacts.weightSpecs, weightData };
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return saved!;
}

export async function trainForecaster(input: TimeSeries, options: ForecasterOptions): Promise<ModelArtefact> {
  const started = performance.now();
  const backend = await selectBackend(options.backend);
  const { series, report: gaps } = fillShortGaps(input, options.maxInterpolateSteps ?? 3);
  const horizons = options.horizons ?? (options.kind === 'multi' ? multiHorizonSteps(series.stepMs) : [1]);
  const lookback = options.lookback ?? 24;
  const ds = buildDataset(series, { lookback, horizons, trainFraction: options.trainFraction, valFraction: options.valFraction });
  if (ds.test.count === 0) throw new Error(`forecaster: no test windows in ${series.name}; the series is too short or its end is all gaps`);
  const config: ModelConfig = {
    ...MODEL_DEFAULTS,
    ...Object.fromEntries(Object.entries({ units: options.units, layers: options.layers, heads: options.heads, learningRate: options.learningRate, seed: options.seed }).filter(([, v]) => v !== undefined)),
    kind: options.kind,
    lookback,
    outputs: horizons.length,
  };
  tf.engine().startScope();
  const model = buildModel(config);
  try {
    const xShape = inputShape(config);
    const yWidth = horizons.length;
    const outcome = await trainModel(
      model,
      { ...ds.train, xShape, yWidth },
      { ...ds.val, xShape, yWidth },
      { epochs: options.epochs ?? 30, batchSize: options.batchSize, patience: options.patience, seed: config.seed, onEpoch: options.onEpoch, cancelled: options.cancelled },
    );
    const predicted = predictRows(model, ds.test.x, ds.test.count, xShape);
    const metrics = testMetrics(series.values, series.stepMs, ds, predicted);
    const onnx = exportOnnx(model, `netweaver ${config.kind} forecaster for ${series.name}`);
    const tfjs = await saveTfjs(model);
    return {
      format: ARTEFACT_FORMAT,
      kind: config.kind,
      series: seriesSpan(series),
      lookback,
      horizons,
      normalisation: ds.norm,
      config,
      backend,
      training: trainingSummary(outcome, started, { train: ds.train.count, val: ds.val.count, test: ds.test.count }, ds.dropped, gaps),
      metrics,
      onnx,
      signature: { input: 'input', output: 'output', layout: 'batch-time-feature', lookback, outputs: horizons.length },
      tfjs,
    };
  } finally {
    // Variables (weights, optimiser slots) outlive scopes: a long-lived worker must free them.
    model.optimizer?.dispose();
    model.dispose();
    tf.engine().endScope();
  }
}
