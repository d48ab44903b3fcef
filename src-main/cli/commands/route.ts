// `netweaver route`: the path(s) from A to B — the k shortest loopless paths by IGP metric,
// latency or the multi-metric cost, optionally avoiding links, nodes or SRLGs, within a hop cap
// or a latency bound — and the ECMP paths the IGP uses today with their traffic shares.
import { defineCommand, numberOption, stringListOption, stringOption, UsageError } from '../command.js';
import { flowMatrixLines, networkOptionsConfig, networkOptionsHelp, networkRefFrom, pct, rate } from '../network-options.js';
import { storeOptionsConfig, storeOptionsFrom, storeOptionsHelp, withService } from '../store-options.js';

const METRICS = ['igp', 'latency', 'cost'] as const;

/** "A → B", with the display name beside an id that differs from it ("n3 (Chicago)"). */
function hops(ids: string[], names: string[]): string {
  return ids.map((id, i) => (names[i] && names[i] !== id ? `${id} (${names[i]})` : id)).join(' → ');
}

export const routeCommand = defineCommand({
  name: 'route',
  summary: 'paths between two devices: k shortest, constrained (avoid, latency bound), and the ECMP split',
  usage: '--topology FILE|NAME --from A --to B [-k N] [--metric igp|latency|cost] [--avoid link:A:B|node:X|srlg:S …] [--max-latency MS] [--max-hops N]',
  help: `  --from A, --to B    device ids or names
  -k N                how many paths (Yen's k shortest loopless paths; default 1)
  --metric M          igp (default) | latency | cost (latency + utilisation + loss; uses the demands' loads)
  --avoid X           link:A:B, link:ID, node:X or srlg:S; repeatable
  --max-latency MS    the cheapest path whose latency is at most MS
  --max-hops N        paths of at most N hops
${networkOptionsHelp}
${storeOptionsHelp}`,
  options: {
    ...storeOptionsConfig,
    ...networkOptionsConfig,
    from: { type: 'string' },
    to: { type: 'string' },
    k: { type: 'string', short: 'k' },
    metric: { type: 'string' },
    avoid: { type: 'string', multiple: true },
    'max-latency': { type: 'string' },
    'max-hops': { type: 'string' },
  },
  async run(args, io) {
    const from = stringOption(args, 'from');
    const to = stringOption(args, 'to');
    if (!from || !to) throw new UsageError('route needs --from and --to');
    const metric = stringOption(args, 'metric') ?? 'igp';
    if (!(METRICS as readonly string[]).includes(metric)) throw new UsageError(`--metric must be one of ${METRICS.join(', ')}`);
    const avoid = { links: [] as string[], nodes: [] as string[], srlgs: [] as string[] };
    for (const a of stringListOption(args, 'avoid')) {
      const [kind, ...rest] = a.split(':');
      const what = rest.join(':');
      if (kind === 'link' && what) avoid.links.push(what);
      else if (kind === 'node' && what) avoid.nodes.push(what);
      else if (kind === 'srlg' && what) avoid.srlgs.push(what);
      else throw new UsageError(`--avoid "${a}": write link:A:B, link:ID, node:X or srlg:S`);
    }
    const params = {
      ...networkRefFrom(args),
      from,
      to,
      k: numberOption(args, 'k', 1, { min: 1, max: 1000, integer: true }),
      metric: metric as (typeof METRICS)[number],
      ...(avoid.links.length ? { avoidLinks: avoid.links } : {}),
      ...(avoid.nodes.length ? { avoidNodes: avoid.nodes } : {}),
      ...(avoid.srlgs.length ? { avoidSrlgs: avoid.srlgs } : {}),
      ...(stringOption(args, 'max-latency') ? { maxLatency: numberOption(args, 'max-latency', 0, { min: 0 }) } : {}),
      ...(stringOption(args, 'max-hops') ? { maxHops: numberOption(args, 'max-hops', 0, { min: 1, integer: true }) } : {}),
    };
    return withService(storeOptionsFrom(args), async (api) => {
      const r = await api.call('routing.route', params);
      if (io.json) return io.printJson(r);
      for (const line of flowMatrixLines(r.trafficMatrix)) io.out(line);
      if (!r.paths.length) {
        io.out(`no path from ${r.from} to ${r.to}: ${r.reason ?? 'unreachable'}`);
        return 1;
      }
      io.out(`${hops([r.from], [r.paths[0]!.names[0]!])} → ${hops([r.to], [r.paths[0]!.names.at(-1)!])} by ${r.metric}${r.optimal ? '' : ' (best found, not proven optimal)'}:`);
      r.paths.forEach((p, i) => {
        io.out(`  ${i + 1}. ${hops(p.nodes, p.names)}`);
        io.out(`     cost ${+p.cost.toFixed(6)}, IGP metric ${p.metric}, ${p.hops} hops, latency ${p.latency.toFixed(3)} ms, loss ${pct(p.loss)}, bottleneck ${rate(p.minCapacity)}${r.metric === 'cost' ? `, max utilisation ${pct(p.maxUtilisation)}` : ''}`);
      });
      if (r.ecmp.length) {
        io.out(`IGP ECMP today (${r.ecmp.length} path${r.ecmp.length > 1 ? 's' : ''}):`);
        for (const e of r.ecmp) io.out(`  ${pct(e.share).padStart(6)}  ${hops(e.nodes, e.names)}`);
      }
    });
  },
});
