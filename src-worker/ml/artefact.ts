// What training produces and the host stores: plain, structured-clone-safe data. The ONNX bytes
// are what inference runs (native or imported models alike); the tfjs topology and weights are
// kept so a model can be fine-tuned later; normalisation and test metrics travel with the model.
import type { BaselineName } from './baselines.js';
import type { Normalisation } from './dataset.js';
import type { ErrorMetrics } from './metrics.js';
import type { ModelConfig, ModelKind } from './models.js';
import type { OnnxSignature } from './onnx-model.js';
import type { GapReport } from './series.js';
import type { BackendChoice } from './tf-backend.js';
import type { EpochReport, TrainOutcome } from './train.js';
import type { TimeSeries } from './series.js';

export const ARTEFACT_FORMAT = 'netweaver.ml/1';

export interface HorizonMetrics {
  /** Steps ahead, and as words ("5m", "1h"). */
  steps: number;
  label: string;
  model: ErrorMetrics;
  baselines: Array<{ name: BaselineName; metrics: ErrorMetrics | null; unavailable?: string }>;
  /** 1 − model MAE / baseline MAE per baseline: above 0 means the model beats it. */
  skillVsBaseline: Partial<Record<BaselineName, number>>;
  /** Quantiles of test residuals (actual − predicted), series units, for forecast bands. */
  residual: { p05: number; p50: number; p95: number };
}

export interface DetectorCalibration {
  /** Point score above which a point is anomalous. */
  threshold: number;
  targetFalsePositiveRate: number;
  /** Fraction of calibration points over the threshold (close to the target by construction). */
  calibrationRate: number;
  calibrationPoints: number;
}

export interface TrainingSummary {
  epochsRun: number;
  bestEpoch: number;
  stoppedEarly: boolean;
  cancelled: boolean;
  history: EpochReport[];
  seconds: number;
  samples: { train: number; val: number; test: number };
  dropped: { gap: number; straddle: number };
  gaps: GapReport;
}

export interface TfjsWeights {
  modelTopology: unknown;
  weightSpecs: unknown;
  weightData: ArrayBuffer;
}

export interface ModelArtefact {
  format: typeof ARTEFACT_FORMAT;
  kind: ModelKind | 'imported';
  series: { name: string; stepMs: number; firstMs: number; lastMs: number };
  lookback: number;
  /** Steps ahead of each output (forecasters); empty for the detector. */
  horizons: number[];
  normalisation: Normalisation;
  config?: ModelConfig;
  backend?: BackendChoice;
  training?: TrainingSummary;
  metrics: HorizonMetrics[];
  detector?: DetectorCalibration;
  onnx: Uint8Array;
  signature: OnnxSignature;
  tfjs?: TfjsWeights;
}

/** "5m", "15m", "1h", "24h" for a horizon of `steps` buckets. */
export function horizonLabel(steps: number, stepMs: number): string {
  const ms = steps * stepMs;
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  return `${ms / 1000}s`;
}

/** Multi-horizon targets (5 min, 15 min, 1 h, 24 h) in buckets of `stepMs`, dropping any below one step. */
export function multiHorizonSteps(stepMs: number): number[] {
  const steps = [300_000, 900_000, 3_600_000, 86_400_000].map((ms) => Math.round(ms / stepMs)).filter((s) => s >= 1);
  return [...new Set(steps)];
}

export function seriesSpan(series: TimeSeries): ModelArtefact['series'] {
  return { name: series.name, stepMs: series.stepMs, firstMs: series.startMs, lastMs: series.startMs + (series.values.length - 1) * series.stepMs };
}

export function trainingSummary(
  outcome: TrainOutcome,
  startedMs: number,
  samples: TrainingSummary['samples'],
  dropped: TrainingSummary['dropped'],
  gaps: GapReport,
): TrainingSummary {
  return {
    epochsRun: outcome.history.length,
    bestEpoch: outcome.bestEpoch,
    stoppedEarly: outcome.stoppedEarly,
    cancelled: outcome.cancelled,
    history: outcome.history,
    seconds: (performance.now() - startedMs) / 1000,
    samples,
    dropped,
    gaps,
  };
}
