// `netweaver topo`: import topology files into the store, list and show stored topologies, and
// export one as NetWeaver JSON.
//   netweaver topo import FILE [--name N] [--demands FILE] [--format F] [--default-capacity 10G] [--metric hops|inverse-capacity|distance]
//   netweaver topo list | show [NAME] | export [NAME] [--out FILE]
import { writeFileSync } from 'node:fs';
import { exportTopologyJson } from '../../../src-worker/graph/topology-json.js';
import { defineCommand, stringListOption, stringOption, UsageError } from '../command.js';
import { flowMatrixLines, rate } from '../network-options.js';
import { parseTimeArgument } from '../time-argument.js';
import { storeOptionsConfig, storeOptionsFrom, storeOptionsHelp, withService } from '../store-options.js';

const FORMATS = ['graphml', 'repetita', 'containerlab', 'json'] as const;
const METRICS = ['hops', 'inverse-capacity', 'distance'] as const;

export const topoCommand = defineCommand({
  name: 'topo',
  summary: 'import, list, show and export topologies (GraphML, REPETITA, containerlab, NetWeaver JSON)',
  usage: 'import FILE [--name N] [--demands FILE] [--db PATH] | learn [--name N] [--from ISO] [--to ISO] | matrix [NAME] [--from T] [--to T] [--filter EXPR] | list | show [NAME] | export [NAME] [--out FILE]',
  help: `  import FILE           GraphML (Topology Zoo), REPETITA .graph (+ NAME.0000.demands), containerlab .clab.yml, NetWeaver .json
    --name N            store it under this name (default: the file's)
    --demands FILE      traffic matrix to store with it
    --format F          ${FORMATS.join(' | ')} (default: from the file name or content)
    --default-capacity R capacity for links with no readable speed (e.g. 10G)
    --metric M          GraphML without metrics: ${METRICS.join(' | ')} (default hops)
  learn                 devices and links from the stored flows: exporters whose next hops are
                        each other are linked on that interface
    --from, --to ISO    time range of flows used (default all)
    --alias E=ADDR      ADDR (a loopback or interface address) belongs to exporter E; repeatable
  matrix [NAME]         the traffic matrix of a stored topology from the stored flows between its
                        edge devices (bit/s averaged over the range), and the traffic it could not place
    --from, --to T      time range (now, 15m, 1h, 7d ago, ISO, Unix s; default: the flows' own span)
    --filter EXPR       flow filter, e.g. "proto = tcp"
  list                  stored topologies, newest first
  show [NAME]           devices, links and demands of one (default: the newest)
  export [NAME]         NetWeaver JSON on stdout, or --out FILE
${storeOptionsHelp}`,
  options: {
    ...storeOptionsConfig,
    name: { type: 'string' },
    demands: { type: 'string' },
    format: { type: 'string' },
    'default-capacity': { type: 'string' },
    metric: { type: 'string' },
    out: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    alias: { type: 'string', multiple: true },
    filter: { type: 'string' },
  },
  allowPositionals: true,
  async run(args, io) {
    const [action, target, ...extra] = args.positionals;
    if (extra.length) throw new UsageError(`topo: unexpected arguments ${extra.join(' ')}`);
    const format = stringOption(args, 'format');
    if (format !== undefined && !(FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
    const metric = stringOption(args, 'metric');
    if (metric !== undefined && !(METRICS as readonly string[]).includes(metric)) throw new UsageError(`--metric must be one of ${METRICS.join(', ')}`);
    if (action === 'import' && !target) throw new UsageError('topo import needs a FILE');
    if (!['import', 'learn', 'matrix', 'list', 'show', 'export'].includes(action ?? '')) throw new UsageError('topo needs an action: import FILE, learn, matrix [NAME], list, show [NAME] or export [NAME]');
    const aliases: Record<string, string[]> = {};
    for (const a of stringListOption(args, 'alias')) {
      const [exporter, address] = a.split('=');
      if (!exporter || !address) throw new UsageError(`--alias "${a}": write EXPORTER=ADDRESS`);
      (aliases[exporter] ??= []).push(address);
    }
    return withService(storeOptionsFrom(args), async (api) => {
      if (action === 'matrix') {
        const from = stringOption(args, 'from');
        const to = stringOption(args, 'to');
        const filter = stringOption(args, 'filter');
        const flows = {
          ...(from !== undefined ? { from: parseTimeArgument(from, 'from') } : {}),
          ...(to !== undefined ? { to: parseTimeArgument(to, 'to') } : {}),
          ...(filter !== undefined ? { filter } : {}),
        };
        const m = await api.call('routing.demands', { ...(target ? { topology: target } : {}), flows });
        if (io.json) return io.printJson(m);
        for (const line of flowMatrixLines(m.trafficMatrix)) io.out(line);
        for (const d of [...m.demands].sort((x, y) => y.rate - x.rate)) io.out(`  ${`${d.src} → ${d.dst}`.padEnd(40)} ${rate(d.rate)}`);
        return;
      }
      if (action === 'import') {
        const s = await api.call('topology.import', {
          file: target!,
          ...(format ? { format: format as (typeof FORMATS)[number] } : {}),
          ...(stringOption(args, 'name') ? { name: stringOption(args, 'name') } : {}),
          ...(stringOption(args, 'demands') ? { demandsFile: stringOption(args, 'demands') } : {}),
          ...(stringOption(args, 'default-capacity') ? { defaultCapacity: stringOption(args, 'default-capacity') } : {}),
          ...(metric ? { metric: metric as (typeof METRICS)[number] } : {}),
        });
        if (io.json) return io.printJson(s);
        io.out(`imported "${s.name}" as ${s.topologyId}: ${s.devices} devices, ${s.links} links, ${s.demands} demands`);
        for (const w of s.warnings) io.err(w);
        return;
      }
      if (action === 'learn') {
        const s = await api.call('topology.learnFromFlows', {
          ...(stringOption(args, 'name') ? { name: stringOption(args, 'name') } : {}),
          ...(stringOption(args, 'from') ? { from: stringOption(args, 'from') } : {}),
          ...(stringOption(args, 'to') ? { to: stringOption(args, 'to') } : {}),
          ...(Object.keys(aliases).length ? { aliases } : {}),
        });
        if (io.json) return io.printJson(s);
        io.out(`learned "${s.name}" as ${s.topologyId}: ${s.devices} devices (exporters), ${s.links} links`);
        for (const w of s.warnings) io.err(w);
        return;
      }
      if (action === 'list') {
        const list = await api.call('topology.list', {});
        if (io.json) return io.printJson(list);
        if (!list.length) return io.out('no topologies stored; import one with: netweaver topo import FILE');
        for (const t of list) io.out(`${t.topologyId}  ${t.name.padEnd(24)} ${String(t.devices).padStart(5)} devices ${String(t.links).padStart(6)} links ${String(t.demands).padStart(7)} demands  ${t.createdAt}  ${t.source ?? ''}`);
        return;
      }
      const got = await api.call('topology.get', target ? { topology: target } : {});
      if (action === 'export') {
        const text = exportTopologyJson(got.topology, got.demands);
        const out = stringOption(args, 'out');
        if (out) {
          writeFileSync(out, text);
          if (io.json) return io.printJson({ written: out, ...got.summary });
          return io.out(`wrote ${out}`);
        }
        return io.out(text.trimEnd());
      }
      if (io.json) return io.printJson(got);
      const t = got.topology;
      io.out(`${got.summary.name} (${got.summary.topologyId}): ${t.nodes.length} devices, ${t.links.length} links, ${got.demands.length} demands totalling ${rate(got.demands.reduce((s, d) => s + d.rate, 0))}`);
      for (const n of t.nodes) io.out(`  device ${n.id}${n.name !== n.id ? ` (${n.name})` : ''}${n.site ? ` site ${n.site}` : ''}${n.role ? ` role ${n.role}` : ''}${n.lat !== undefined ? ` @ ${n.lat},${n.lon}` : ''}`);
      for (const l of t.links) {
        const dir = (d: typeof l.ab, from: string, to: string) => `${from}→${to} ${rate(d.capacity)} metric ${d.metric} ${d.latency.toFixed(3)} ms${d.interface ? ` ${d.interface}` : ''}`;
        io.out(`  link ${l.id}: ${dir(l.ab, l.a, l.b)}${l.ba ? ` | ${dir(l.ba, l.b, l.a)}` : ' (one-way)'}${l.srlgs.length ? ` srlg ${l.srlgs.join(',')}` : ''}`);
      }
    });
  },
});
