// Handlers for the ML area: resolve the series (CSV file on the host, or flows in the store),
// run training / forecasting / detection / import as worker jobs, and write what they produce
// (models, predictions, anomalies) to the store. The engines never see the database.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { ModelArtefact } from '../../../src-worker/ml/artefact.js';
import type { Anomaly } from '../../../src-worker/ml/anomaly-detector.js';
import type { CsvReadReport } from '../../../src-worker/ml/csv-series.js';
import type { Forecast } from '../../../src-worker/ml/forecast.js';
import type { DetectedSeries, SeriesInput } from '../../../src-worker/ml/ml-jobs.js';
import { parseDuration } from '../../../src-worker/ml/series.js';
import { listAnomalies, listModels, listPredictions, loadModel as loadStoredModel, saveAnomalies, saveModel, savePredictions } from '../../store/ml-tables.js';
import { ApiError } from '../contract/errors.js';
import type { mlMethods, SeriesSource } from '../contract/ml.js';
import type { ServiceContext } from '../service-context.js';
import type { Handlers } from './handler-types.js';
import { loadFlowSeries } from './ml-flow-series.js';

const FORECASTERS = ['lstm', 'transformer', 'multi', 'imported'];

/** A stored model; a missing or wrong-kind model is the caller's to fix (not_found / invalid_params). */
async function loadModel(ctx: ServiceContext, pick: Parameters<typeof loadStoredModel>[1]) {
  try {
    return await loadStoredModel(ctx.store, pick);
  } catch (error) {
    const message = (error as Error).message;
    if (/^ml: no /.test(message)) throw new ApiError('not_found', message);
    if (/^ml: model .* is a /.test(message)) throw new ApiError('invalid_params', message);
    throw error;
  }
}

/** The series key models, predictions and anomalies are filed under. */
export function seriesKeyOf(source: SeriesSource): string {
  return 'csv' in source ? `csv:${basename(source.csv)}` : source.spec;
}

async function seriesInput(ctx: ServiceContext, source: SeriesSource, stepMs: number): Promise<SeriesInput> {
  if ('csv' in source) {
    let text: string;
    try {
      text = readFileSync(source.csv, 'utf8');
    } catch (error) {
      throw new ApiError('not_found', `ml: cannot read ${source.csv}: ${(error as Error).message}`);
    }
    return { csv: { name: basename(source.csv), text }, stepMs };
  }
  return { series: await loadFlowSeries(ctx.store, source, stepMs) };
}

function stepOf(text: string): number {
  const ms = parseDuration(text);
  if (ms < 1000) throw new ApiError('invalid_params', `ml: a step of ${text} is too fine; use 1s or more`);
  return ms;
}

export function mlHandlers(ctx: ServiceContext): Handlers<typeof mlMethods> {
  return {
    'ml.train': async (p) => {
      const stepMs = stepOf(p.step);
      const seriesKey = seriesKeyOf(p.series);
      const input = await seriesInput(ctx, p.series, stepMs);
      const options = { epochs: p.epochs, lookback: p.lookback, window: p.lookback, seed: p.seed, patience: p.patience, targetFalsePositiveRate: p.targetFalsePositiveRate };
      const handle = ctx.workers.run<ModelArtefact & { csvReport?: CsvReadReport }>('ml.train', { ...input, model: p.model, options }, { title: `Train ${p.model} on ${seriesKey}` });
      const artefact = await handle.done;
      const summary = await saveModel(ctx.store, seriesKey, artefact);
      return { ...summary, jobId: handle.jobId, csv: artefact.csvReport };
    },
    'ml.forecast': async (p) => {
      const stepMs = stepOf(p.step);
      const seriesKey = seriesKeyOf(p.series);
      const { modelId, artefact } = await loadModel(ctx, { modelId: p.modelId, seriesKey, kinds: FORECASTERS });
      const input = await seriesInput(ctx, p.series, stepMs);
      const forecast = await ctx.workers.run<Forecast>('ml.forecast', { ...input, artefact, horizonMs: parseDuration(p.horizon) }, { title: `Forecast ${seriesKey}` }).done;
      const stored = await savePredictions(ctx.store, modelId, seriesKey, forecast);
      return { ...forecast, modelId, seriesKey, stored };
    },
    'ml.detect': async (p) => {
      const stepMs = stepOf(p.step);
      const seriesKey = seriesKeyOf(p.series);
      const { modelId, artefact } = await loadModel(ctx, { modelId: p.modelId, seriesKey, kinds: ['autoencoder'] });
      const input = await seriesInput(ctx, p.series, stepMs);
      const fromMs = p.from ? Date.parse(p.from) : undefined;
      if (fromMs !== undefined && Number.isNaN(fromMs)) throw new ApiError('invalid_params', `ml: --from "${p.from}" is not a date`);
      const r = await ctx.workers.run<{ anomalies: Anomaly[]; threshold: number; buckets: number; actual: DetectedSeries }>('ml.detect', { ...input, artefact, fromMs }, { title: `Detect anomalies in ${seriesKey}` })
        .done;
      const anomalies = await saveAnomalies(ctx.store, modelId, seriesKey, r.anomalies);
      return { modelId, seriesKey, threshold: r.threshold, buckets: r.buckets, anomalies, stored: anomalies.length, actual: r.actual };
    },
    'ml.importOnnx': async (p) => {
      const stepMs = stepOf(p.step);
      let onnx: Uint8Array;
      try {
        onnx = new Uint8Array(readFileSync(p.path));
      } catch (error) {
        throw new ApiError('not_found', `ml: cannot read ${p.path}: ${(error as Error).message}`);
      }
      const declaration = {
        name: p.name,
        stepMs,
        horizons: p.horizons,
        normalisation: p.normalisation,
        signature: { input: p.input, output: p.output, layout: p.layout, lookback: p.lookback, outputs: p.outputs },
      };
      const evaluate = p.evaluate ? await seriesInput(ctx, p.evaluate, stepMs) : undefined;
      const artefact = await ctx.workers.run<ModelArtefact>('ml.import', { onnx, declaration, evaluate }, { title: `Import ONNX model ${p.name}` }).done;
      return saveModel(ctx.store, p.evaluate ? seriesKeyOf(p.evaluate) : `onnx:${p.name}`, artefact);
    },
    'ml.models': (p) => listModels(ctx.store, p.seriesKey),
    'ml.predictions': (p) => listPredictions(ctx.store, p.seriesKey, p.modelId, p.limit),
    'ml.anomalies': (p) => listAnomalies(ctx.store, p.seriesKey, p.limit),
  };
}
