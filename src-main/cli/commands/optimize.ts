// `netweaver optimize`: IGP metric changes that lower the maximum link utilisation (optionally
// under every single link failure too), found within a time budget, listed fewest changes
// first with the MLU each prefix reaches. Never proposes something worse than today.
import { defineCommand, numberOption } from '../command.js';
import { followJobs } from '../ml-series-options.js';
import { flowMatrixLines, networkOptionsConfig, networkOptionsHelp, networkRefFrom, pct } from '../network-options.js';
import { storeOptionsConfig, storeOptionsFrom, storeOptionsHelp, withService } from '../store-options.js';

export const optimizeCommand = defineCommand({
  name: 'optimize',
  summary: 'IGP metric optimisation (Fortz–Thorup local search): lower MLU, fewest changes first',
  usage: '--topology FILE|NAME [--demands FILE|flows] [--seconds N] [--robust] [--asymmetric] [--max-metric N]',
  help: `  --seconds N         time budget (default 10)
  --robust            also minimise the worst MLU under single link failures
  --asymmetric        allow the two directions of a link different metrics (default: change both)
  --max-metric N      highest metric to propose (default: max(20, twice the largest metric))
  --seed N            reproducible search
${networkOptionsHelp}
${storeOptionsHelp}`,
  options: {
    ...storeOptionsConfig,
    ...networkOptionsConfig,
    seconds: { type: 'string' },
    robust: { type: 'boolean' },
    asymmetric: { type: 'boolean' },
    'max-metric': { type: 'string' },
    seed: { type: 'string' },
  },
  async run(args, io) {
    const params = {
      ...networkRefFrom(args),
      seconds: numberOption(args, 'seconds', 10, { min: 0.1, max: 3600 }),
      robust: args.values.robust === true,
      symmetric: args.values.asymmetric !== true,
      ...(args.values['max-metric'] !== undefined ? { maxMetric: numberOption(args, 'max-metric', 0, { min: 1, integer: true }) } : {}),
      ...(args.values.seed !== undefined ? { seed: numberOption(args, 'seed', 1, { min: 0, integer: true }) } : {}),
    };
    return withService(storeOptionsFrom(args), async (api) => {
      const done = followJobs(api, io, 'routing.optimize', 'optimize');
      let r;
      try {
        r = await api.call('routing.optimize', params);
      } finally {
        done();
      }
      if (io.json) return io.printJson(r);
      for (const line of flowMatrixLines(r.trafficMatrix)) io.out(line);
      io.out(`MLU ${pct(r.before.mlu)} → ${pct(r.after.mlu)}${r.before.worstFailureMlu !== undefined ? `; worst single-link failure ${pct(r.before.worstFailureMlu)} → ${pct(r.after.worstFailureMlu)}` : ''}  (${r.evaluations} evaluations, ${(r.elapsedMs / 1000).toFixed(1)} s, stopped by ${r.stoppedBy})`);
      if (r.note) io.out(r.note);
      if (!r.changes.length) return io.out('no metric change lowers the MLU; keep the current metrics');
      io.out(`${r.changes.length} metric change${r.changes.length > 1 ? 's' : ''}, apply in this order (MLU after each):`);
      r.changes.forEach((c, i) => io.out(`  ${String(i + 1).padStart(2)}. ${c.link} ${c.from}–${c.to}${c.direction === 'both' ? '' : ` (${c.direction})`}: ${c.before} → ${c.after}   MLU ${pct(c.mluAfter)}`));
    });
  },
});
