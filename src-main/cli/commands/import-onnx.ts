// `netweaver import-onnx`: brings an external ONNX forecaster (PyTorch, scikit-learn …) in with a
// declared input/output signature; scored on a series against the baselines when one is given,
// then `forecast --model-id` uses it like a model trained here.
import type { MlModelSummary } from '../../api/contract/ml.js';
import { defineCommand, numberOption, stringOption, UsageError } from '../command.js';
import { fmt, seriesOptionsConfig, seriesOptionsHelp, seriesSourceFrom } from '../ml-series-options.js';
import { storeOptionsConfig, storeOptionsFrom, storeOptionsHelp, withService } from '../store-options.js';

const LAYOUTS = ['batch-time-feature', 'time-batch-feature', 'batch-time'] as const;

export const importOnnxCommand = defineCommand({
  name: 'import-onnx',
  summary: 'import an external ONNX forecaster with a declared signature and score it against the baselines',
  usage: 'FILE --input NAME --output NAME --layout L --lookback N --outputs N [--name TEXT] [--mean X --std Y] [(--series SPEC | --csv FILE)] [--db PATH]',
  help: `  --input, --output  the model's input and output tensor names
  --layout L        batch-time-feature [N,L,1] (Keras) | time-batch-feature [L,N,1] (PyTorch default) | batch-time [N,L]
  --lookback N      input window in steps; --outputs N values per row (steps 1..N ahead)
  --mean, --std     the normalisation the model expects (default: raw values)
${seriesOptionsHelp}
                    (optional: the series to score the model on)
${storeOptionsHelp}`,
  allowPositionals: true,
  options: {
    ...storeOptionsConfig,
    ...seriesOptionsConfig,
    input: { type: 'string' },
    output: { type: 'string' },
    layout: { type: 'string' },
    lookback: { type: 'string' },
    outputs: { type: 'string' },
    name: { type: 'string' },
    mean: { type: 'string' },
    std: { type: 'string' },
  },
  async run(args, io) {
    const path = args.positionals[0];
    if (!path || args.positionals.length > 1) throw new UsageError('give exactly one ONNX file');
    const input = stringOption(args, 'input');
    const output = stringOption(args, 'output');
    const layout = stringOption(args, 'layout') as (typeof LAYOUTS)[number] | undefined;
    if (!input || !output) throw new UsageError('--input and --output name the tensors to use');
    if (!layout || !LAYOUTS.includes(layout)) throw new UsageError(`--layout must be one of ${LAYOUTS.join(', ')}`);
    const mean = stringOption(args, 'mean');
    const std = stringOption(args, 'std');
    if ((mean === undefined) !== (std === undefined)) throw new UsageError('give --mean and --std together');
    const scored = stringOption(args, 'series') || stringOption(args, 'csv');
    const params = {
      path,
      name: stringOption(args, 'name') ?? path.split('/').pop()!,
      step: stringOption(args, 'step') ?? '5m',
      input,
      output,
      layout,
      lookback: numberOption(args, 'lookback', NaN, { min: 1, integer: true }),
      outputs: numberOption(args, 'outputs', 1, { min: 1, integer: true }),
      ...(mean !== undefined ? { normalisation: { mean: numberOption(args, 'mean', 0), std: numberOption(args, 'std', 1, { min: 1e-12 }) } } : {}),
      ...(scored ? { evaluate: seriesSourceFrom(args) } : {}),
    };
    if (!Number.isFinite(params.lookback)) throw new UsageError('--lookback is required');
    return withService(storeOptionsFrom(args), async (api) => {
      const m: MlModelSummary = await api.call('ml.importOnnx', params);
      if (io.json) return io.printJson(m);
      io.out(`model ${m.modelId}: imported ${m.seriesName} for series ${m.seriesKey}, lookback ${m.lookback}, horizons ${m.horizons.join(', ')} steps`);
      for (const h of m.metrics) {
        io.out(`horizon ${h.label}: model MAE ${fmt(h.model.mae)}; ${h.baselines.map((b) => `${b.name} ${b.metrics ? fmt(b.metrics.mae) : 'unavailable'}`).join(', ')}`);
      }
    });
  },
});
