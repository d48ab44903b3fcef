// `netweaver detect`: runs the series' newest anomaly detector (or --model-id) over the series,
// lists each anomaly with its score and explanation (expected vs actual), and stores them.
import { defineCommand, stringOption } from '../command.js';
import { seriesOptionsConfig, seriesOptionsHelp, seriesSourceFrom } from '../ml-series-options.js';
import { storeOptionsConfig, storeOptionsFrom, storeOptionsHelp, withService } from '../store-options.js';

export const detectCommand = defineCommand({
  name: 'detect',
  summary: 'find anomalies in a series with its trained detector and explain each one',
  usage: '(--series SPEC | --csv FILE) [--model-id ID] [--since TIME] [--db PATH]',
  help: `${seriesOptionsHelp}
  --model-id ID     use this detector (default: the newest autoencoder trained on the series)
  --since TIME      only report anomalies from this time on (ISO)
${storeOptionsHelp}`,
  options: { ...storeOptionsConfig, ...seriesOptionsConfig, 'model-id': { type: 'string' }, since: { type: 'string' } },
  async run(args, io) {
    const series = seriesSourceFrom(args);
    const modelId = stringOption(args, 'model-id');
    const since = stringOption(args, 'since');
    return withService(storeOptionsFrom(args), async (api) => {
      const r = await api.call('ml.detect', { series, step: stringOption(args, 'step') ?? '5m', ...(modelId ? { modelId } : {}), ...(since ? { from: since } : {}) });
      if (io.json) return io.printJson(r);
      io.out(`${r.anomalies.length} anomalies in ${r.seriesKey} (${r.buckets} buckets, detector ${r.modelId}, threshold ${r.threshold.toPrecision(4)}); stored ${r.stored}`);
      for (const a of r.anomalies) {
        io.out(`  ${new Date(a.startMs).toISOString().slice(0, 16).replace('T', ' ')} → ${new Date(a.endMs).toISOString().slice(0, 16).replace('T', ' ')}  score ${a.score.toFixed(1)}  ${a.explanation}`);
      }
    });
  },
});
