// ML area: train forecasters and anomaly detectors, forecast, detect, import ONNX models, and
// read back models, predictions and anomalies. Training runs as a worker job; its per-epoch
// progress (training/validation loss, tfjs backend) arrives through `job.updated`.
import { z } from 'zod';
import { method } from './define.js';

export const ML_MODEL_KINDS = ['lstm', 'transformer', 'multi', 'autoencoder'] as const;
export type MlModelKind = (typeof ML_MODEL_KINDS)[number];

/** Where a series comes from: a CSV file on the host (timestamp,value) or flows in the store. */
export const seriesSourceSchema = z.union([
  z.object({ csv: z.string().min(1).max(4096) }).strict(),
  z
    .object({
      spec: z.string().min(1).max(512),
      /** ISO time or "7d" (that long before the newest flow); default all stored flows. */
      from: z.string().max(64).optional(),
      to: z.string().max(64).optional(),
    })
    .strict(),
]);
export type SeriesSource = z.infer<typeof seriesSourceSchema>;

const duration = z.string().regex(/^\d+(\.\d+)?\s*(ms|s|m|min|h|d|w)$/, 'a duration such as 5m, 1h, 24h');

export interface MlErrorMetrics {
  mae: number;
  rmse: number;
  mape: number;
  count: number;
  mapeSkipped: number;
}

export interface MlHorizonMetrics {
  steps: number;
  label: string;
  model: MlErrorMetrics;
  baselines: Array<{ name: string; metrics: MlErrorMetrics | null; unavailable?: string }>;
  skillVsBaseline: Record<string, number>;
  residual: { p05: number; p50: number; p95: number };
}

export interface MlModelSummary {
  modelId: string;
  kind: MlModelKind | 'imported';
  seriesKey: string;
  seriesName: string;
  stepMs: number;
  createdAt: string;
  backend: string | null;
  lookback: number;
  horizons: number[];
  metrics: MlHorizonMetrics[];
  detector?: { threshold: number; targetFalsePositiveRate: number; calibrationRate: number; calibrationPoints: number };
  training?: {
    epochsRun: number;
    bestEpoch: number;
    stoppedEarly: boolean;
    seconds: number;
    history: Array<{ epoch: number; trainLoss: number; valLoss: number; ms: number }>;
    samples: { train: number; val: number; test: number };
    gaps: { buckets: number; observed: number; interpolated: number; missing: number };
  };
}

export interface MlTrainResult extends MlModelSummary {
  jobId: string;
  /** CSV rows read and rejected by reason, for a CSV series. */
  csv?: { rows: number; accepted: number; rejected: Record<string, number>; examples: string[] };
}

export interface MlPrediction {
  timeMs: number;
  step: number;
  value: number;
  lower: number;
  upper: number;
  baselines: { seasonalNaiveDaily: number | null; seasonalNaiveWeekly: number | null; holtWinters: number | null };
}

export interface MlForecastResult {
  modelId: string;
  seriesKey: string;
  series: string;
  model: string;
  fromMs: number;
  stepMs: number;
  band: string;
  points: MlPrediction[];
  /** The observed series just before the forecast (a day, or three horizons), to plot it against; null = gap. */
  actual: { fromMs: number; stepMs: number; values: (number | null)[] };
  stored: number;
}

export interface MlAnomaly {
  anomalyId?: string;
  modelId: string;
  seriesKey: string;
  series: string;
  startMs: number;
  endMs: number;
  peakMs: number;
  score: number;
  expected: number;
  actual: number;
  explanation: string;
  /**
   * For the flows view: the flow filter and time range that show the traffic behind the anomaly
   * (null for a series that did not come from stored flows, e.g. a CSV file).
   */
  flows: { filter: string; fromMs: number; toMs: number } | null;
}

export interface MlDetectResult {
  modelId: string;
  seriesKey: string;
  threshold: number;
  buckets: number;
  anomalies: MlAnomaly[];
  stored: number;
  /** The series the detector scored (null = gap), to plot the anomalies against. */
  actual?: { fromMs: number; stepMs: number; values: (number | null)[] };
}

const seriesParams = { series: seriesSourceSchema, step: duration.default('5m') };

export const mlMethods = {
  'ml.train': method(
    z
      .object({
        ...seriesParams,
        model: z.enum(ML_MODEL_KINDS),
        epochs: z.number().int().min(1).max(1000).default(30),
        lookback: z.number().int().min(2).max(2016).optional(),
        seed: z.number().int().min(0).max(2 ** 31 - 1).default(42),
        patience: z.number().int().min(0).max(100).default(5),
        targetFalsePositiveRate: z.number().gt(0).lt(0.5).optional(),
      })
      .strict(),
  ).returns<MlTrainResult>(),
  'ml.forecast': method(z.object({ ...seriesParams, horizon: duration.default('1h'), modelId: z.string().max(64).optional() }).strict()).returns<MlForecastResult>(),
  'ml.detect': method(z.object({ ...seriesParams, modelId: z.string().max(64).optional(), from: z.string().max(64).optional() }).strict()).returns<MlDetectResult>(),
  'ml.importOnnx': method(
    z
      .object({
        path: z.string().min(1).max(4096),
        name: z.string().min(1).max(200),
        step: duration.default('5m'),
        input: z.string().min(1).max(200),
        output: z.string().min(1).max(200),
        layout: z.enum(['batch-time-feature', 'time-batch-feature', 'batch-time']),
        lookback: z.number().int().min(1).max(100_000),
        outputs: z.number().int().min(1).max(10_000),
        horizons: z.array(z.number().int().min(1)).optional(),
        normalisation: z.object({ mean: z.number(), std: z.number().positive() }).optional(),
        /** Score the model on this series' test split against the baselines. */
        evaluate: seriesSourceSchema.optional(),
      })
      .strict(),
  ).returns<MlModelSummary>(),
  'ml.models': method(z.object({ seriesKey: z.string().max(4096).optional() }).strict()).returns<MlModelSummary[]>(),
  'ml.predictions': method(z.object({ seriesKey: z.string().max(4096), modelId: z.string().max(64).optional(), limit: z.number().int().min(1).max(100_000).default(10_000) }).strict()).returns<
    Array<MlPrediction & { modelId: string; madeAt: string }>
  >(),
  'ml.anomalies': method(z.object({ seriesKey: z.string().max(4096).optional(), limit: z.number().int().min(1).max(100_000).default(1000) }).strict()).returns<MlAnomaly[]>(),
};
