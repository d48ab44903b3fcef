// The autoencoder anomaly detector: a dense autoencoder learns what normal windows of a series
// look like; a point's score is how far the actual value is from its reconstruction (averaged
// over every window covering it, in training standard deviations). The threshold is learned per
// series as the (1 − target false-positive rate) quantile of scores on calibration data, and
// anomalies are runs of points over it, each explained as "expected X, actual Y".
import * as tf from '@tensorflow/tfjs';
import { ARTEFACT_FORMAT, seriesSpan, trainingSummary, type DetectorCalibration, type ModelArtefact } from './artefact.js';
import { fitNormalisation, splitBounds, type Normalisation } from './dataset.js';
import { saveTfjs } from './forecaster.js';
import { buildModel, MODEL_DEFAULTS, type ModelConfig } from './models.js';
import { exportOnnx } from './onnx-export.js';
import { OnnxRunner } from './onnx-model.js';
import { fillShortGaps, type TimeSeries } from './series.js';
import { selectBackend, type TfBackendName } from './tf-backend.js';
import { trainModel, type EpochReport } from './train.js';

export interface DetectorOptions {
  window?: number;
  /** Wanted fraction of normal points flagged (default 0.01). */
  targetFalsePositiveRate?: number;
  trainFraction?: number;
  valFraction?: number;
  epochs?: number;
  batchSize?: number;
  patience?: number;
  seed?: number;
  units?: number;
  latent?: number;
  maxInterpolateSteps?: number;
  backend?: TfBackendName;
  onEpoch?: (report: EpochReport) => void;
  cancelled?: () => boolean;
}

export interface Anomaly {
  series: string;
  startIndex: number;
  endIndex: number;
  startMs: number;
  endMs: number;
  peakIndex: number;
  peakMs: number;
  /** Peak score divided by the threshold (> 1). */
  score: number;
  expected: number;
  actual: number;
  explanation: string;
}

export interface PointScores {
  /** Per bucket: score (NaN where no complete window covers the bucket). */
  scores: Float64Array;
  /** Per bucket: the autoencoder's reconstruction in series units. */
  expected: Float64Array;
}

/** Start indices of windows of length `w` with no gaps, ending before `end`. */
function completeWindows(values: Float64Array, w: number, from: number, end: number): number[] {
  const starts: number[] = [];
  let run = 0;
  for (let i = from; i < end; i++) {
    run = Number.isFinite(values[i]!) ? run + 1 : 0;
    if (run >= w) starts.push(i - w + 1);
  }
  return starts;
}

function windowMatrix(values: Float64Array, starts: number[], w: number, norm: Normalisation): Float32Array {
  const x = new Float32Array(starts.length * w);
  starts.forEach((s, k) => {
    for (let i = 0; i < w; i++) x[k * w + i] = (values[s + i]! - norm.mean) / norm.std;
  });
  return x;
}

/** Reconstructs every complete window and folds the errors back onto the points. */
export async function scorePoints(runner: OnnxRunner, values: Float64Array, window: number, norm: Normalisation): Promise<PointScores> {
  const starts = completeWindows(values, window, 0, values.length);
  const sum = new Float64Array(values.length);
  const count = new Uint32Array(values.length);
  const batch = 1024;
  for (let b = 0; b < starts.length; b += batch) {
    const part = starts.slice(b, b + batch);
    const recon = await runner.run(windowMatrix(values, part, window, norm), part.length);
    part.forEach((s, k) => {
      for (let i = 0; i < window; i++) {
        sum[s + i] = sum[s + i]! + recon[k * window + i]!;
        count[s + i] = count[s + i]! + 1;
      }
    });
  }
  const scores = new Float64Array(values.length).fill(NaN);
  const expected = new Float64Array(values.length).fill(NaN);
  for (let i = 0; i < values.length; i++) {
    if (!count[i]) continue;
    const recon = sum[i]! / count[i]!;
    expected[i] = recon * norm.std + norm.mean;
    scores[i] = Math.abs((values[i]! - norm.mean) / norm.std - recon);
  }
  return { scores, expected };
}

/** The threshold flagging `rate` of the calibration scores. */
export function calibrateThreshold(scores: Float64Array, from: number, to: number, rate: number): DetectorCalibration {
  const calib = Array.from(scores.subarray(from, to)).filter(Number.isFinite).sort((a, b) => a - b);
  if (!calib.length) throw new Error('anomaly: no calibration points (the calibration part of the series is all gaps)');
  const threshold = calib[Math.min(calib.length - 1, Math.floor((1 - rate) * calib.length))]! + 1e-12;
  const over = calib.filter((s) => s > threshold).length;
  return { threshold, targetFalsePositiveRate: rate, calibrationRate: over / calib.length, calibrationPoints: calib.length };
}

/** Runs of points over the threshold, merged across gaps of up to `mergeGap` buckets. */
export function findAnomalies(series: TimeSeries, points: PointScores, threshold: number, from = 0, mergeGap = 2): Anomaly[] {
  const out: Anomaly[] = [];
  const { scores, expected } = points;
  let i = from;
  while (i < scores.length) {
    if (!(scores[i]! > threshold)) {
      i++;
      continue;
    }
    const start = i;
    let end = i;
    let peak = i;
    let j = i + 1;
    while (j < scores.length && j - end <= mergeGap + 1) {
      if (scores[j]! > threshold) {
        end = j;
        if (scores[j]! > scores[peak]!) peak = j;
      }
      j++;
    }
    const t = (k: number) => series.startMs + k * series.stepMs;
    const exp = expected[peak]!;
    const act = series.values[peak]!;
    out.push({
      series: series.name,
      startIndex: start,
      endIndex: end,
      startMs: t(start),
      endMs: t(end + 1),
      peakIndex: peak,
      peakMs: t(peak),
      score: scores[peak]! / threshold,
      expected: exp,
      actual: act,
      explanation: `${series.name}: ${new Date(t(peak)).toISOString()} expected ${exp.toPrecision(4)}, actual ${act.toPrecision(4)} (${act > exp ? 'above' : 'below'} normal, ${(scores[peak]! / threshold).toFixed(1)}× the threshold; ${end - start + 1} buckets)`,
    });
    i = end + 1;
  }
  return out;
}

export async function trainDetector(input: TimeSeries, options: DetectorOptions = {}): Promise<ModelArtefact> {
  const started = performance.now();
  const backend = await selectBackend(options.backend);
  const { series, report: gaps } = fillShortGaps(input, options.maxInterpolateSteps ?? 3);
  const values = series.values;
  const window = options.window ?? 24;
  const rate = options.targetFalsePositiveRate ?? 0.01;
  const bounds = splitBounds(values.length, options.trainFraction ?? 0.6, options.valFraction ?? 0.2);
  const norm = fitNormalisation(values, bounds.trainEnd);
  const trainStarts = completeWindows(values, window, 0, bounds.trainEnd);
  const valStarts = completeWindows(values, window, bounds.trainEnd, bounds.valEnd);
  if (trainStarts.length < 8) throw new Error(`anomaly: only ${trainStarts.length} complete windows of ${window} in the training part of ${series.name}`);
  const config: ModelConfig = {
    ...MODEL_DEFAULTS,
    kind: 'autoencoder',
    lookback: window,
    outputs: window,
    units: options.units ?? 16,
    latent: options.latent ?? 4,
    seed: options.seed ?? MODEL_DEFAULTS.seed,
  };
  tf.engine().startScope();
  const model = buildModel(config);
  try {
    const trainX = windowMatrix(values, trainStarts, window, norm);
    const valX = windowMatrix(values, valStarts, window, norm);
    const outcome = await trainModel(
      model,
      { x: trainX, y: trainX, count: trainStarts.length, xShape: [window], yWidth: window },
      { x: valX, y: valX, count: valStarts.length, xShape: [window], yWidth: window },
      { epochs: options.epochs ?? 40, batchSize: options.batchSize, patience: options.patience ?? 5, seed: config.seed, onEpoch: options.onEpoch, cancelled: options.cancelled },
    );
    const onnx = exportOnnx(model, `netweaver autoencoder detector for ${series.name}`);
    const signature = { input: 'input', output: 'output', layout: 'batch-time' as const, lookback: window, outputs: window };
    const runner = await OnnxRunner.load(onnx, signature);
    const points = await scorePoints(runner, values, window, norm);
    await runner.release();
    // Calibrate on held-out data when there is enough of it, else on everything seen in training.
    const calibFrom = bounds.valEnd - bounds.trainEnd >= 100 ? bounds.trainEnd : 0;
    const detector = calibrateThreshold(points.scores, calibFrom, bounds.valEnd, rate);
    return {
      format: ARTEFACT_FORMAT,
      kind: 'autoencoder',
      series: seriesSpan(series),
      lookback: window,
      horizons: [],
      normalisation: norm,
      config,
      backend,
      training: trainingSummary(outcome, started, { train: trainStarts.length, val: valStarts.length, test: 0 }, { gap: 0, straddle: 0 }, gaps),
      metrics: [],
      detector,
      onnx,
      signature,
      tfjs: await saveTfjs(model),
    };
  } finally {
    // Variables (weights, optimiser slots) outlive scopes: a long-lived worker must free them.
    model.optimizer?.dispose();
    model.dispose();
    tf.engine().endScope();
  }
}

/** Scores a series with a trained detector and lists its anomalies from bucket `from` on. */
export async function detectAnomalies(artefact: ModelArtefact, input: TimeSeries, from = 0): Promise<{ anomalies: Anomaly[]; points: PointScores }> {
  if (!artefact.detector) throw new Error(`anomaly: model for ${artefact.series.name} is a ${artefact.kind} forecaster, not a detector`);
  if (input.stepMs !== artefact.series.stepMs) throw new Error(`anomaly: series step ${input.stepMs} ms differs from the model's ${artefact.series.stepMs} ms`);
  const { series } = fillShortGaps(input, 3);
  const runner = await OnnxRunner.load(artefact.onnx, artefact.signature);
  try {
    const points = await scorePoints(runner, series.values, artefact.lookback, artefact.normalisation);
    return { anomalies: findAnomalies(series, points, artefact.detector.threshold, from), points };
  } finally {
    await runner.release();
  }
}
