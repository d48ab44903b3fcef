// `netweaver whatif`: fail links, nodes or SRLGs, change metrics or capacities, add a link or
// scale demands, and see what moves: MLU before/after, the links whose utilisation changed,
// the demands whose paths changed and those that lost connectivity.
import { defineCommand, numberOption, stringListOption, stringOption, UsageError } from '../command.js';
import { flowMatrixLines, networkOptionsConfig, networkOptionsHelp, networkRefFrom, pct, rate } from '../network-options.js';
import { storeOptionsConfig, storeOptionsFrom, storeOptionsHelp, withService } from '../store-options.js';

export const whatifCommand = defineCommand({
  name: 'whatif',
  summary: 'what changes if links/nodes/SRLGs fail, metrics or capacities change, a link is added, demand grows',
  usage: '--topology FILE|NAME [--demands FILE|flows] --fail link:A:B|node:A|srlg:X … [--change metric:A:B=20 …] [--scale F]',
  help: `  --fail X            link:A:B, link:ID, node:A or srlg:X; repeatable
  --change C          metric:A:B=20 (metric:A:B:ab=20 one direction), capacity:LINK=10G,
                      add-link:A:B:METRIC:CAPACITY[:LATENCY_MS], scale:A>B=2; repeatable
  --scale F           multiply every demand by F
  --links N           how many links to list (most utilised after the change; default 15)
  --detail N          how many changed demands to describe with their paths (default 10)
${networkOptionsHelp}
${storeOptionsHelp}`,
  options: {
    ...storeOptionsConfig,
    ...networkOptionsConfig,
    fail: { type: 'string', multiple: true },
    change: { type: 'string', multiple: true },
    scale: { type: 'string' },
    links: { type: 'string' },
    detail: { type: 'string' },
  },
  async run(args, io) {
    const changes = [...stringListOption(args, 'fail').map((f) => `fail:${f}`), ...stringListOption(args, 'change')];
    const scale = stringOption(args, 'scale');
    if (scale !== undefined) changes.push(`scale:${numberOption(args, 'scale', 1, { min: 0 })}`);
    if (!changes.length) throw new UsageError('whatif needs at least one --fail, --change or --scale');
    const showLinks = numberOption(args, 'links', 15, { min: 0, integer: true });
    const detail = numberOption(args, 'detail', 10, { min: 0, integer: true });
    return withService(storeOptionsFrom(args), async (api) => {
      const r = await api.call('routing.whatif', { ...networkRefFrom(args), changes, detail: io.json ? Math.max(detail, 50) : detail });
      if (io.json) return io.printJson(r);
      for (const line of flowMatrixLines(r.trafficMatrix)) io.out(line);
      io.out(`what-if: ${r.changes.join('; ')}  (${r.elapsedMs.toFixed(1)} ms, ${r.reroutedDestinations}/${r.destinations} destinations re-routed)`);
      io.out(`MLU ${pct(r.before.mlu)} (${r.before.mluLink ?? '—'}) → ${pct(r.after.mlu)} (${r.after.mluLink ?? '—'})`);
      io.out(`unrouted traffic ${rate(r.before.unroutedRate)} → ${rate(r.after.unroutedRate)}`);
      const moved = r.links.filter((l) => l.down || Math.abs(l.loadAfter - l.loadBefore) > 1e-6 || l.capacityAfter !== l.capacityBefore);
      io.out(`links whose load changed: ${moved.length} of ${r.links.length}${moved.length > showLinks ? ` (most utilised ${showLinks})` : ''}`);
      for (const l of moved.slice(0, showLinks)) {
        io.out(`  ${`${l.from}→${l.to}`.padEnd(34)} ${l.down ? 'DOWN'.padStart(7) : pct(l.utilisationBefore).padStart(7)} → ${l.down ? '   down' : pct(l.utilisationAfter).padStart(7)}   ${rate(l.loadBefore)} → ${rate(l.loadAfter)}  (${l.link})`);
      }
      io.out(`demands whose paths changed: ${r.changedPathCount}`);
      for (const d of r.changedPaths.slice(0, detail)) {
        io.out(`  ${d.src} → ${d.dst} (${rate(d.rate)})`);
        io.out(`    before: ${d.before.map((p) => p.nodes.join('→')).join('  |  ')}`);
        io.out(`    after:  ${d.after.map((p) => p.nodes.join('→')).join('  |  ')}`);
      }
      io.out(`demands that lost connectivity: ${r.lostDemands.length} (${rate(r.lostRate)})`);
      for (const d of r.lostDemands.slice(0, detail)) io.out(`  ${d.src} → ${d.dst} (${rate(d.rate)})`);
    });
  },
});
