// `netweaver train`: trains a forecaster (lstm, transformer, multi-horizon) or an anomaly detector
// (autoencoder) on one series, with per-epoch progress, and prints its test errors beside every
// baseline. The model is stored for `forecast` and `detect`.
import type { MlTrainResult } from '../../api/contract/ml.js';
import { ML_MODEL_KINDS } from '../../api/contract/ml.js';
import { defineCommand, numberOption, stringOption, UsageError, type CommandIO } from '../command.js';
import { fmt, followJobs, seriesOptionsConfig, seriesOptionsHelp, seriesSourceFrom } from '../ml-series-options.js';
import { storeOptionsConfig, storeOptionsFrom, storeOptionsHelp, withService } from '../store-options.js';

function printTraining(r: MlTrainResult, io: CommandIO): void {
  const t = r.training;
  io.out(`model ${r.modelId}: ${r.kind} on ${r.seriesName} (step ${r.stepMs / 60_000} min, lookback ${r.lookback}), tfjs backend ${r.backend}`);
  if (r.csv && Object.keys(r.csv.rejected).length) io.out(`csv: ${r.csv.accepted} rows read, rejected ${JSON.stringify(r.csv.rejected)} (e.g. ${r.csv.examples[0]})`);
  if (t) {
    io.out(
      `training: ${t.epochsRun} epochs (best ${t.bestEpoch}${t.stoppedEarly ? ', stopped early' : ''}) in ${t.seconds.toFixed(1)} s; windows train ${t.samples.train} / val ${t.samples.val} / test ${t.samples.test}; buckets ${t.gaps.buckets}, interpolated ${t.gaps.interpolated}, missing ${t.gaps.missing}`,
    );
  }
  if (r.detector) {
    io.out(`detector threshold ${fmt(r.detector.threshold)} for a ${(r.detector.targetFalsePositiveRate * 100).toFixed(2)}% target false-positive rate (calibration: ${(r.detector.calibrationRate * 100).toFixed(2)}% of ${r.detector.calibrationPoints} points)`);
  }
  for (const m of r.metrics) {
    io.out(`horizon ${m.label}: model MAE ${fmt(m.model.mae)}  RMSE ${fmt(m.model.rmse)}  MAPE ${fmt(m.model.mape, 3)}%  (${m.model.count} test points)`);
    for (const b of m.baselines) {
      if (!b.metrics) io.out(`  ${b.name.padEnd(22)} unavailable: ${b.unavailable}`);
      else io.out(`  ${b.name.padEnd(22)} MAE ${fmt(b.metrics.mae)}  RMSE ${fmt(b.metrics.rmse)}  model skill ${((m.skillVsBaseline[b.name] ?? NaN) * 100).toFixed(1)}%`);
    }
  }
}

export const trainCommand = defineCommand({
  name: 'train',
  summary: 'train a traffic forecaster or anomaly detector on one series and score it against baselines',
  usage: '(--series SPEC | --csv FILE) --model lstm|transformer|multi|autoencoder [--epochs N] [--db PATH]',
  help: `${seriesOptionsHelp}
  --model KIND      lstm | transformer | multi (5m/15m/1h/24h) | autoencoder (anomaly detector)
  --epochs N        at most N epochs (default 30; early stopping after --patience epochs without improvement)
  --patience N      default 5 (0: never stop early)
  --lookback N      input window in steps (default 24)
  --seed N          reproducible runs (default 42)
  --fpr RATE        detector: target false-positive rate (default 0.01)
${storeOptionsHelp}`,
  options: {
    ...storeOptionsConfig,
    ...seriesOptionsConfig,
    model: { type: 'string' },
    epochs: { type: 'string' },
    patience: { type: 'string' },
    lookback: { type: 'string' },
    seed: { type: 'string' },
    fpr: { type: 'string' },
  },
  async run(args, io) {
    const model = stringOption(args, 'model');
    if (!model || !(ML_MODEL_KINDS as readonly string[]).includes(model)) throw new UsageError(`--model must be one of ${ML_MODEL_KINDS.join(', ')}`);
    const series = seriesSourceFrom(args);
    const params = {
      series,
      model: model as (typeof ML_MODEL_KINDS)[number],
      step: stringOption(args, 'step') ?? '5m',
      epochs: numberOption(args, 'epochs', 30, { min: 1, max: 1000, integer: true }),
      patience: numberOption(args, 'patience', 5, { min: 0, max: 100, integer: true }),
      seed: numberOption(args, 'seed', 42, { min: 0, integer: true }),
      ...(stringOption(args, 'lookback') ? { lookback: numberOption(args, 'lookback', 24, { min: 2, max: 2016, integer: true }) } : {}),
      ...(stringOption(args, 'fpr') ? { targetFalsePositiveRate: numberOption(args, 'fpr', 0.01, { min: 1e-6, max: 0.49 }) } : {}),
    };
    return withService(storeOptionsFrom(args), async (api) => {
      const done = followJobs(api, io, 'ml.train', 'train');
      let result: MlTrainResult;
      try {
        result = await api.call('ml.train', params);
      } finally {
        done();
      }
      if (io.json) return io.printJson(result);
      printTraining(result, io);
    });
  },
});
