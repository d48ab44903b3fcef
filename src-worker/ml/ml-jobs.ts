// The worker jobs of the ML engine: ml.train (forecaster or detector, progress per epoch with
// training and validation loss, cancel), ml.forecast, ml.detect and ml.import (external ONNX).
// Params and results are plain data; the host stores artefacts, predictions and anomalies.
import { JobCancelled, type JobContext, type JobHandler } from '../jobs/job.js';
import type { ModelArtefact } from './artefact.js';
import { detectAnomalies, trainDetector, type Anomaly, type DetectorOptions } from './anomaly-detector.js';
import { readCsvSeries, type CsvReadReport } from './csv-series.js';
import { seriesFromFlows } from './flow-series.js';
import { forecastSeries, type Forecast } from './forecast.js';
import { trainForecaster, type ForecasterOptions } from './forecaster.js';
import type { FlowBatch } from '../flow/record.js';
import { importOnnxModel, type ImportDeclaration } from './onnx-import.js';
import { parseSeriesSpec } from './series-spec.js';
import { DEFAULT_STEP_MS, type TimeSeries } from './series.js';
import { selectBackend } from './tf-backend.js';
import type { EpochReport } from './train.js';

/** Where a job's series comes from: already built, a CSV text, or flow batches with a spec. */
export type SeriesInput =
  | { series: TimeSeries }
  | { csv: { name: string; text: string }; stepMs?: number }
  | { flows: FlowBatch[]; spec: string; stepMs?: number; fromMs?: number; toMs?: number };

export function resolveSeries(input: SeriesInput): { series: TimeSeries; csvReport?: CsvReadReport } {
  if ('series' in input) return { series: input.series };
  if ('csv' in input) {
    const r = readCsvSeries(input.csv.name, input.csv.text, input.stepMs ?? DEFAULT_STEP_MS);
    return { series: r.series, csvReport: r.report };
  }
  return { series: seriesFromFlows(parseSeriesSpec(input.spec), input.flows, { stepMs: input.stepMs, fromMs: input.fromMs, toMs: input.toMs }) };
}

export type TrainParams = SeriesInput & {
  model: 'lstm' | 'transformer' | 'multi' | 'autoencoder';
  options?: Omit<ForecasterOptions, 'kind' | 'onEpoch' | 'cancelled'> & Omit<DetectorOptions, 'onEpoch' | 'cancelled'>;
};

function epochReporter(ctx: JobContext, backend: string) {
  return (e: EpochReport) =>
    ctx.progress({
      fraction: e.epoch / e.epochs,
      message: `epoch ${e.epoch}/${e.epochs}: train loss ${e.trainLoss.toFixed(4)}, validation loss ${e.valLoss.toFixed(4)}${e.best ? ' (best)' : ''} [${backend}]`,
      epoch: e.epoch,
      epochs: e.epochs,
      trainLoss: e.trainLoss,
      valLoss: e.valLoss,
      epochMs: e.ms,
      backend,
    });
}

const train: JobHandler<TrainParams, ModelArtefact & { csvReport?: CsvReadReport }> = async (params, ctx) => {
  const { series, csvReport } = resolveSeries(params);
  const backendName = (await selectBackend(params.options?.backend)).name;
  ctx.progress({ fraction: 0, message: `training ${params.model} on ${series.name} (${series.values.length} buckets) with tfjs ${backendName}`, backend: backendName });
  const common = { ...params.options, onEpoch: epochReporter(ctx, backendName), cancelled: () => ctx.cancelled() };
  const artefact =
    params.model === 'autoencoder' ? await trainDetector(series, common) : await trainForecaster(series, { ...common, kind: params.model });
  if (artefact.training?.cancelled) throw new JobCancelled();
  return csvReport ? { ...artefact, csvReport } : artefact;
};

export type ForecastParams = SeriesInput & { artefact: ModelArtefact; horizonSteps?: number; horizonMs?: number };

const forecast: JobHandler<ForecastParams, Forecast> = async (params) => {
  const { series } = resolveSeries(params);
  const steps = params.horizonSteps ?? Math.max(1, Math.round((params.horizonMs ?? 3_600_000) / series.stepMs));
  return forecastSeries(params.artefact, series, steps);
};

export type DetectParams = SeriesInput & { artefact: ModelArtefact; fromMs?: number };

/** The scored series, for plotting anomalies against it (NaN, a gap, becomes null). */
export interface DetectedSeries {
  fromMs: number;
  stepMs: number;
  values: (number | null)[];
}

const detect: JobHandler<DetectParams, { anomalies: Anomaly[]; threshold: number; buckets: number; actual: DetectedSeries }> = async (params) => {
  const { series } = resolveSeries(params);
  const from = params.fromMs !== undefined ? Math.max(0, Math.ceil((params.fromMs - series.startMs) / series.stepMs)) : 0;
  const { anomalies } = await detectAnomalies(params.artefact, series, from);
  const actual = { fromMs: series.startMs, stepMs: series.stepMs, values: Array.from(series.values, (v) => (Number.isFinite(v) ? v : null)) };
  return { anomalies, threshold: params.artefact.detector!.threshold, buckets: series.values.length, actual };
};

export type ImportParams = { onnx: Uint8Array; declaration: ImportDeclaration; evaluate?: SeriesInput };

const importModel: JobHandler<ImportParams, ModelArtefact> = async (params) =>
  importOnnxModel(params.onnx, params.declaration, params.evaluate ? resolveSeries(params.evaluate).series : undefined);

export const mlJobs = { 'ml.train': train, 'ml.forecast': forecast, 'ml.detect': detect, 'ml.import': importModel };
