// `netweaver sweep`: every single link, node and SRLG failure, spread over the worker pool; per
// link the worst utilisation any failure causes and which failure, the failures ranked by the
// MLU they cause, and those that strand traffic.
import { defineCommand, numberOption, stringOption, UsageError } from '../command.js';
import type { ApiClient } from '../../api/contract.js';
import { ProgressBar } from '../progress-bar.js';
import { flowMatrixLines, networkOptionsConfig, networkOptionsHelp, networkRefFrom, pct, rate } from '../network-options.js';
import { storeOptionsConfig, storeOptionsFrom, storeOptionsHelp, withService } from '../store-options.js';

const KINDS = ['link', 'node', 'srlg'] as const;

/** One bar for the chunk jobs running side by side: the mean of their fractions. */
function followChunks(api: ApiClient): () => void {
  const bar = new ProgressBar({ label: 'sweep', stream: process.stderr, intervalMs: 200 });
  const fractions = new Map<string, number>();
  const off = api.on('job.updated', (info) => {
    if (info.kind !== 'routing.sweep') return;
    fractions.set(info.jobId, info.state === 'succeeded' ? 1 : (info.progress?.fraction ?? 0));
    const mean = [...fractions.values()].reduce((a, b) => a + b, 0) / fractions.size;
    bar.update(mean, `${fractions.size} parallel part${fractions.size > 1 ? 's' : ''}`);
  });
  return () => {
    off();
    bar.done();
  };
}

export const sweepCommand = defineCommand({
  name: 'sweep',
  summary: 'worst-case report: every single link/node/SRLG failure, worst utilisation per link and its cause',
  usage: '--topology FILE|NAME [--demands FILE|flows] [--kinds link,node,srlg] [--top N]',
  help: `  --kinds K           which failures: any of link,node,srlg (default all three)
  --top N             how many links and failures to list (default 20)
${networkOptionsHelp}
${storeOptionsHelp}`,
  options: { ...storeOptionsConfig, ...networkOptionsConfig, kinds: { type: 'string' }, top: { type: 'string' } },
  async run(args, io) {
    const kinds = (stringOption(args, 'kinds') ?? KINDS.join(',')).split(',').map((k) => k.trim());
    for (const k of kinds) if (!(KINDS as readonly string[]).includes(k)) throw new UsageError(`--kinds: "${k}" is not one of ${KINDS.join(', ')}`);
    const top = numberOption(args, 'top', 20, { min: 1, integer: true });
    return withService(storeOptionsFrom(args), async (api) => {
      const done = followChunks(api);
      let r;
      try {
        r = await api.call('routing.sweep', { ...networkRefFrom(args), kinds: kinds as (typeof KINDS)[number][], top });
      } finally {
        done();
      }
      if (io.json) return io.printJson(r);
      for (const line of flowMatrixLines(r.trafficMatrix)) io.out(line);
      io.out(`${r.failuresEvaluated} single failures (${kinds.join(', ')}); MLU normally ${pct(r.normalMlu)}, worst ${pct(r.worstMlu)}${r.worstFailure ? ` under ${r.worstFailure}` : ''}`);
      io.out(`links by worst-case utilisation:`);
      for (const l of r.links.slice(0, top)) io.out(`  ${`${l.from}→${l.to}`.padEnd(34)} normal ${pct(l.normalUtilisation).padStart(7)}  worst ${pct(l.worstUtilisation).padStart(7)}  ${l.worstFailure ? `under ${l.worstFailure}` : '(no failure makes it worse)'}`);
      io.out(`failures by the MLU they cause:`);
      for (const f of r.failures) io.out(`  ${f.failure.padEnd(34)} MLU ${pct(f.mlu).padStart(7)} on ${f.mluLink ?? '—'}${f.unroutedRate > 0 ? `, ${rate(f.unroutedRate)} stranded` : ''}`);
      if (r.stranding.length) {
        io.out(`failures that strand traffic: ${r.stranding.length}`);
        for (const s of r.stranding.slice(0, top)) io.out(`  ${s.failure.padEnd(34)} ${rate(s.unroutedRate)}${s.ownRate > 0 ? ` (${rate(s.unroutedRate - s.ownRate)} transit, the rest starts or ends at the failed node)` : ''}`);
      }
      for (const e of r.errors) io.err(`sweep: ${e.failure}: ${e.message}`);
      if (r.cancelled) io.err('sweep: cancelled; the report covers the failures evaluated');
    });
  },
});
