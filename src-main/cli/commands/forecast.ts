// `netweaver forecast`: forecasts a series with its newest stored forecaster (or --model-id),
// prints each step with its band and the baselines beside it, and stores the predictions.
import { defineCommand, stringOption } from '../command.js';
import { fmt, seriesOptionsConfig, seriesOptionsHelp, seriesSourceFrom } from '../ml-series-options.js';
import { storeOptionsConfig, storeOptionsFrom, storeOptionsHelp, withService } from '../store-options.js';

export const forecastCommand = defineCommand({
  name: 'forecast',
  summary: 'forecast a series with its trained model, with a band and the baselines beside it',
  usage: '(--series SPEC | --csv FILE) [--horizon 1h] [--model-id ID] [--db PATH]',
  help: `${seriesOptionsHelp}
  --horizon DURATION how far ahead (default 1h)
  --model-id ID     use this model (default: the newest forecaster trained on the series)
${storeOptionsHelp}`,
  options: { ...storeOptionsConfig, ...seriesOptionsConfig, horizon: { type: 'string' }, 'model-id': { type: 'string' } },
  async run(args, io) {
    const series = seriesSourceFrom(args);
    const modelId = stringOption(args, 'model-id');
    return withService(storeOptionsFrom(args), async (api) => {
      const r = await api.call('ml.forecast', { series, step: stringOption(args, 'step') ?? '5m', horizon: stringOption(args, 'horizon') ?? '1h', ...(modelId ? { modelId } : {}) });
      if (io.json) return io.printJson(r);
      io.out(`forecast of ${r.series} by ${r.model} model ${r.modelId} from ${new Date(r.fromMs).toISOString()} (${r.stored} predictions stored)`);
      io.out(`band: ${r.band}`);
      io.out(`${'time (UTC)'.padEnd(20)} ${'forecast'.padStart(11)} ${'band low'.padStart(11)} ${'band high'.padStart(11)} ${'yesterday'.padStart(11)} ${'last week'.padStart(11)} ${'holt-winters'.padStart(12)}`);
      for (const p of r.points) {
        const b = p.baselines;
        io.out(
          `${new Date(p.timeMs).toISOString().slice(0, 19).replace('T', ' ')} ${fmt(p.value).padStart(11)} ${fmt(p.lower).padStart(11)} ${fmt(p.upper).padStart(11)} ${fmt(b.seasonalNaiveDaily).padStart(11)} ${fmt(b.seasonalNaiveWeekly).padStart(11)} ${fmt(b.holtWinters).padStart(12)}`,
        );
      }
    });
  },
});
