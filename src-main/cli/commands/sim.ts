// `netweaver sim`: generate (or import) a network, simulate it step by step, store the result as
// a named dataset and/or export it as real NetFlow v5/v9, IPFIX or sFlow to a collector.
import { SIM_EXPORT_FORMATS, SIM_TOPOLOGIES } from '../../api/contract/sim.js';
import type { Params } from '../../api/contract.js';
import { defineCommand, numberOption, stringOption, UsageError, type ParsedArgs } from '../command.js';
import { ProgressBar } from '../progress-bar.js';
import { storeOptionsConfig, storeOptionsFrom, storeOptionsHelp, withService } from '../store-options.js';

const DEFAULT_PORTS: Record<string, number> = { netflow5: 2055, netflow9: 2055, ipfix: 4739, sflow: 6343 };

/** udp://HOST:PORT, udp://[v6]:PORT or HOST:PORT; the port defaults to the format's standard one. */
export function parseExportUrl(text: string, format: string): { host: string; port: number } {
  const m = /^(?:udp:\/\/)?(\[[0-9a-fA-F:.]+\]|[^:/[\]]+)(?::(\d+))?\/?$/.exec(text);
  if (!m) throw new UsageError(`--export must look like udp://HOST:PORT, not "${text}"`);
  const host = m[1]!.replace(/^\[|\]$/g, '');
  const port = m[2] ? Number(m[2]) : DEFAULT_PORTS[format]!;
  if (!(port >= 1 && port <= 65535)) throw new UsageError(`--export port ${m[2]} is not a UDP port`);
  return { host, port };
}

function runParams(args: ParsedArgs): Params<'sim.run'> {
  const topologyArg = stringOption(args, 'topology') ?? 'ba';
  const isGenerator = (SIM_TOPOLOGIES as readonly string[]).includes(topologyArg);
  const format = stringOption(args, 'format');
  const exportUrl = stringOption(args, 'export');
  if (format && !(SIM_EXPORT_FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be one of ${SIM_EXPORT_FORMATS.join(', ')}, not "${format}"`);
  if (!exportUrl && (format || stringOption(args, 'rate'))) throw new UsageError('--format and --rate go with --export udp://HOST:PORT');
  const params: Params<'sim.run'> = {
    topology: isGenerator ? (topologyArg as (typeof SIM_TOPOLOGIES)[number]) : 'file',
    ...(isGenerator ? {} : { file: topologyArg }),
    nodes: numberOption(args, 'nodes', 100, { min: 2, max: 100_000, integer: true }),
    steps: numberOption(args, 'steps', 288, { min: 1, max: 1_000_000, integer: true }),
    stepSeconds: numberOption(args, 'step-seconds', 300, { min: 1, max: 86_400 }),
    seed: numberOption(args, 'seed', 1, { min: 0, max: 2 ** 31 - 1, integer: true }),
    flowsPerStep: numberOption(args, 'flows-per-step', 2000, { min: 1, max: 1_000_000, integer: true }),
    store: !args.values['no-store'],
  };
  const demands = stringOption(args, 'demands');
  if (demands) {
    if (isGenerator) throw new UsageError('--demands goes with --topology FILE (an imported network)');
    params.demandsFile = demands;
  }
  const name = stringOption(args, 'name');
  if (name) params.name = name;
  const start = stringOption(args, 'start');
  if (start) {
    if (Number.isNaN(Date.parse(start))) throw new UsageError(`--start must be an ISO 8601 time like 2026-01-05T00:00:00Z, not "${start}"`);
    params.start = new Date(start).toISOString();
  }
  if (args.values['no-events']) params.eventsPerDay = { burst: 0, hotSpot: 0, flashCrowd: 0, ddos: 0, linkFailure: 0, nodeFailure: 0 };
  if (exportUrl) {
    const f = format ?? 'ipfix';
    params.export = { ...parseExportUrl(exportUrl, f), format: f as (typeof SIM_EXPORT_FORMATS)[number], rate: numberOption(args, 'rate', 0, { min: 0, max: 100_000_000 }) };
  }
  if (!params.store && !params.export) throw new UsageError('--no-store without --export would simulate into thin air; give --export or drop --no-store');
  return params;
}

function rate(bps: number): string {
  const units = ['bit/s', 'kbit/s', 'Mbit/s', 'Gbit/s', 'Tbit/s'];
  let v = bps;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${v.toFixed(v < 10 ? 2 : 1)} ${units[i]}`;
}

export const simCommand = defineCommand({
  name: 'sim',
  summary: 'simulate a network and its traffic; store it as a dataset and/or export NetFlow/IPFIX/sFlow',
  usage: '[--topology mesh|ring|tree|random|waxman|ba|leaf-spine|fat-tree|FILE] [--nodes N] [--steps S] [--step-seconds 300] [--seed K] [--db PATH] [--export udp://HOST:PORT --format netflow5|netflow9|ipfix|sflow --rate FLOWS_PER_S]',
  help: `  --topology KIND|FILE  a generator, or a topology file (GraphML, REPETITA .graph, containerlab, JSON); default ba
  --nodes N             network size (fat-tree: the nearest 5k²/4); default 100
  --demands FILE        with a topology FILE: its traffic matrix (REPETITA .demands, JSON, CSV) instead of gravity
  --steps S             time steps (default 288: one day of 5-minute steps)
  --step-seconds T      step length (default 300)
  --start TIME          time of the first step (ISO 8601); default: the run ends now
  --seed K              same seed, same network, traffic, events and flows (default 1)
  --flows-per-step N    flow records per step; the sampling rate rises to keep under it (default 2000)
  --no-events           no scheduled bursts, hot spots, flash crowds, DDoS or failures
  --name NAME           dataset name (default sim-KIND-N-seedK)
  --no-store            do not write to the store (needs --export)
  --export udp://HOST:PORT   also send the flows to a collector (port defaults to 2055/4739/6343)
  --format F            netflow5, netflow9, ipfix (default) or sflow
  --rate R              flows per second (default 0: as fast as the collector's socket takes them)
${storeOptionsHelp}
Examples:
  netweaver sim --topology waxman --nodes 200 --steps 2016 --seed 7        a week of a 200-router WAN
  netweaver sim --topology fat-tree --nodes 80 --export udp://127.0.0.1:2055 --format netflow9 --rate 50000`,
  options: {
    ...storeOptionsConfig,
    topology: { type: 'string' },
    nodes: { type: 'string' },
    demands: { type: 'string' },
    steps: { type: 'string' },
    'step-seconds': { type: 'string' },
    start: { type: 'string' },
    seed: { type: 'string' },
    'flows-per-step': { type: 'string' },
    'no-events': { type: 'boolean' },
    name: { type: 'string' },
    'no-store': { type: 'boolean' },
    export: { type: 'string' },
    format: { type: 'string' },
    rate: { type: 'string' },
  },
  async run(args, io) {
    const params = runParams(args);
    return withService(storeOptionsFrom(args), async (api) => {
      const bar = new ProgressBar({ label: 'sim', stream: process.stderr, intervalMs: 200 });
      const off = api.on('sim.step', (s) => bar.update((s.step + 1) / s.steps, `step ${s.step + 1}/${s.steps}  MLU ${(s.mlu * 100).toFixed(0)}%  delivered ${rate(s.deliveredBps)}`));
      let result;
      try {
        result = await api.call('sim.run', params);
      } finally {
        off();
        bar.done();
      }
      if (io.json) return io.printJson(result);
      const n = result.network;
      io.out(`${result.name}: ${n.kind}, ${n.nodes} nodes, ${n.links} links (mean degree ${n.meanDegree.toFixed(1)}, max ${n.maxDegree})`);
      io.out(`${result.nextStep - result.fromStep} steps of ${result.stepSeconds} s, ${result.start} → ${result.end}`);
      const t = result.totals;
      io.out(`traffic  offered ${(t.offeredBits / 8e12).toFixed(2)} TB, delivered ${(t.deliveredBits / 8e12).toFixed(2)} TB, dropped ${(t.droppedBits / 8e9).toFixed(2)} GB, unroutable ${(t.unroutableBits / 8e9).toFixed(2)} GB; peak MLU ${(t.maxMlu * 100).toFixed(0)}%`);
      io.out(`events   ${result.events.length} labelled${result.events.length ? ':' : ''}`);
      for (const e of result.events.slice(0, 20)) io.out(`  ${e.id.padEnd(4)} ${e.start.slice(0, 16)} → ${e.end.slice(11, 16)}  ${e.description}`);
      if (result.events.length > 20) io.out(`  … and ${result.events.length - 20} more (--json lists all)`);
      if (result.stored) {
        const s = result.stored;
        io.out(`stored   dataset "${result.name}": ${s.flows} flow records, ${s.steps} steps of link state, ${s.interfaceSamples} interface samples, ${s.devices} devices, ${s.events} labelled events`);
        io.out(`         flows: filter "${s.flowsFilter}" from ${result.start} to ${result.end}`);
      }
      if (result.export) {
        const x = result.export;
        io.out(`exported ${x.flows} flows in ${x.datagrams} ${x.format} datagrams to ${x.destination} (${(x.flows / Math.max(0.001, x.seconds)).toFixed(0)} flows/s)${x.sendErrors ? `, ${x.sendErrors} send errors (last: ${x.lastError ?? 'unknown'}; is a collector listening there?)` : ''}`);
      }
    });
  },
});
