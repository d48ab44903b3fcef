// Handlers for the routing area: import topology files into the store, resolve the network a
// question is about (stored topology or file, with its traffic matrix), and run the routing
// engine as worker jobs — the failure sweep as several chunk jobs side by side, merged by one
// more. The engines never see the database; imports are written here.
import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { FlowTopologyLearner } from '../../../src-worker/graph/flow-topology.js';
import { parseLinkSpeed } from '../../../src-worker/graph/link-speed.js';
import { importDemandsText, importTopologyText } from '../../../src-worker/graph/topology-import.js';
import { summariseIssues, TopologyError, type Demand, type Topology } from '../../../src-worker/graph/topology.js';
import type { OptimiseResult } from '../../../src-worker/routing/metric-optimiser.js';
import type { RouteAnswer } from '../../../src-worker/routing/routing-jobs.js';
import type { SweepReport } from '../../../src-worker/routing/sweep.js';
import { gravityDemands } from '../../../src-worker/routing/traffic-matrix.js';
import type { WhatIfResult } from '../../../src-worker/routing/whatif.js';
import { runSweepChunks } from '../../jobs/parallel-sweep.js';
import { flowTopN } from '../../store/query/flow-query.js';
import { flowTrafficMatrix } from '../../store/query/flow-traffic-matrix.js';
import { listTopologies, loadTopology, saveTopology } from '../../store/topology-tables.js';
import { ApiError } from '../contract/errors.js';
import type { FlowMatrixSummary, NetworkRef, routingMethods } from '../contract/routing.js';
import type { ServiceContext } from '../service-context.js';
import type { Handlers } from './handler-types.js';

function readHostFile(file: string, module: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new ApiError('not_found', `${module}: cannot read ${file}: ${(error as Error).message}`);
  }
}

/** Engine and import errors are the caller's to fix: bad files, unknown nodes, bad changes. */
async function asApi<T>(body: () => Promise<T> | T): Promise<T> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof ApiError) throw error;
    const message = (error as Error).message;
    if (error instanceof TopologyError) throw new ApiError('invalid_params', message, error.issues);
    if (/^topology: no (stored topology|topology stored)/.test(message)) throw new ApiError('not_found', message);
    if (/^(failures|whatif|route|demands|traffic-matrix|graph|routing-table|sweep|optimize): /.test(message)) throw new ApiError('invalid_params', message);
    throw error;
  }
}

/** REPETITA's NAME.graph comes with NAME.0000.demands beside it. */
function siblingDemands(file: string): string | undefined {
  const candidate = file.replace(/\.graph$/, '.0000.demands');
  return candidate !== file && existsSync(candidate) ? candidate : undefined;
}

interface Network {
  topology: Topology;
  demands: Demand[];
  /** Set when the demands were aggregated from stored flows. */
  trafficMatrix?: FlowMatrixSummary;
}

/** An API time (ISO text or epoch ms) → µs since the epoch. */
function timeUs(value: string | number | undefined, what: string): number | undefined {
  if (value === undefined) return undefined;
  const ms = typeof value === 'number' ? value : Date.parse(value);
  if (!Number.isFinite(ms)) throw new ApiError('invalid_params', `traffic-matrix: ${what} "${value}" is not an ISO time or epoch milliseconds`);
  return ms * 1000;
}

async function demandsFromFlows(ctx: ServiceContext, topology: Topology, flows: NonNullable<NetworkRef['flows']>): Promise<{ demands: Demand[]; trafficMatrix: FlowMatrixSummary }> {
  const m = await flowTrafficMatrix(ctx.store, topology, { fromUs: timeUs(flows.from, 'from'), toUs: timeUs(flows.to, 'to'), filter: flows.filter });
  const { demands, volumes: _v, ...summary } = m;
  return { demands, trafficMatrix: { ...summary, demands: demands.length, totalRate: demands.reduce((s, d) => s + d.rate, 0) } };
}

async function resolveNetwork(ctx: ServiceContext, ref: NetworkRef): Promise<Network> {
  let topology: Topology;
  let demands: Demand[];
  if (ref.file) {
    const r = importTopologyText(readHostFile(ref.file, 'topology'), ref.file);
    topology = r.topology;
    const sibling = ref.demandsFile ? undefined : siblingDemands(ref.file);
    demands = r.demands ?? (sibling ? importDemandsText(readHostFile(sibling, 'demands'), sibling, topology) : []);
  } else {
    const loaded = await loadTopology(ctx.store, ref.topology);
    topology = loaded.topology;
    demands = loaded.demands;
  }
  if (ref.demandsFile) demands = importDemandsText(readHostFile(ref.demandsFile, 'demands'), ref.demandsFile, topology);
  if (ref.gravity) {
    const total = parseLinkSpeed(ref.gravity);
    if (total === null) throw new ApiError('invalid_params', `traffic-matrix: gravity total "${ref.gravity}" is not a rate (write 100G or bit/s)`);
    demands = gravityDemands(topology, { totalRate: total });
  }
  if (ref.flows) {
    if (ref.gravity || ref.demandsFile) throw new ApiError('invalid_params', 'traffic-matrix: choose one of demandsFile, gravity and flows');
    return { topology, ...(await demandsFromFlows(ctx, topology, ref.flows)) };
  }
  return { topology, demands };
}

function withMatrix<T extends object>(result: T, net: Network): T & { trafficMatrix?: FlowMatrixSummary } {
  return net.trafficMatrix ? { ...result, trafficMatrix: net.trafficMatrix } : result;
}

function networkOnly(p: NetworkRef & Record<string, unknown>): Record<string, unknown> {
  const { topology: _t, file: _f, demandsFile: _d, gravity: _g, flows: _fl, ...rest } = p;
  return rest;
}

export function routingHandlers(ctx: ServiceContext): Handlers<typeof routingMethods> {
  return {
    'topology.import': (p) =>
      asApi(async () => {
        const text = readHostFile(p.file, 'topology');
        const defaultCapacity = p.defaultCapacity !== undefined ? parseLinkSpeed(p.defaultCapacity) : undefined;
        if (defaultCapacity === null) throw new ApiError('invalid_params', `topology: default capacity "${p.defaultCapacity}" is not a speed (write 10G)`);
        const r = importTopologyText(text, p.file, { format: p.format, defaultCapacity, graphml: p.metric ? { metric: p.metric } : undefined });
        const demandsFile = p.demandsFile ?? siblingDemands(p.file);
        const demands = demandsFile ? importDemandsText(readHostFile(demandsFile, 'demands'), demandsFile, r.topology) : (r.demands ?? []);
        const topology = { ...r.topology, name: p.name ?? r.topology.name ?? basename(p.file) };
        return saveTopology(ctx.store, topology, demands, summariseIssues(r.warnings, 'import'));
      }),
    'topology.learnFromFlows': (p) =>
      asApi(async () => {
        const time = (text: string | undefined, fallback: number) => {
          if (text === undefined) return fallback;
          const ms = Date.parse(text);
          if (Number.isNaN(ms)) throw new ApiError('invalid_params', `topology: "${text}" is not an ISO time`);
          return ms * 1000;
        };
        // One row per (exporter, out_if, next_hop), bytes × sampling rate, from the flow store.
        const r = await flowTopN(ctx.store, { fromUs: time(p.from, 0), toUs: time(p.to, 4_102_444_800_000_000), groupBy: ['exporter', 'out_if', 'next_hop'], top: 1_000_000 });
        const learner = new FlowTopologyLearner(p.aliases ?? {});
        for (const row of r.rows) {
          if (row.other) continue;
          const k = row.key;
          learner.observeRow(String(k.exporter), k.out_if === null ? null : Number(k.out_if), k.next_hop === null ? null : String(k.next_hop), row.bytes);
        }
        const learned = learner.topology(p.name);
        if (!learned.topology.nodes.length) throw new ApiError('not_found', 'topology: no flows in the store to learn devices from');
        const saved = await saveTopology(ctx.store, learned.topology, [], learned.topology.links.length ? [] : ['flows: no exporter sends to another exporter as next hop; devices only, no links']);
        return { ...saved, observedBytes: learned.observedBytes, externalNextHops: learned.externalNextHops };
      }),
    'routing.demands': (p) =>
      asApi(async () => {
        const net = await resolveNetwork(ctx, p);
        return net.trafficMatrix ? { demands: net.demands, trafficMatrix: net.trafficMatrix } : { demands: net.demands };
      }),
    'topology.list': () => listTopologies(ctx.store),
    'topology.get': (p) => asApi(() => loadTopology(ctx.store, p.topology)),
    'routing.route': (p) =>
      asApi(async () => {
        const net = await resolveNetwork(ctx, p);
        const needsLoads = p.metric === 'cost';
        const r = await ctx.workers.run<RouteAnswer>('routing.route', { ...networkOnly(p), topology: net.topology, ...(needsLoads ? { demands: net.demands } : {}) }, { title: `Route ${p.from} → ${p.to}` }).done;
        return withMatrix(r, net);
      }),
    'routing.whatif': (p) =>
      asApi(async () => {
        const net = await resolveNetwork(ctx, p);
        const r = await ctx.workers.run<WhatIfResult>('routing.whatif', { topology: net.topology, demands: net.demands, changes: p.changes, detail: p.detail }, { title: `What-if on ${net.topology.name}: ${p.changes.join(', ')}` }).done;
        return withMatrix(r, net);
      }),
    'routing.sweep': (p) =>
      asApi(async () => {
        const net = await resolveNetwork(ctx, p);
        const chunks = await runSweepChunks(ctx.workers.run.bind(ctx.workers), net, { kinds: p.kinds, parts: p.chunks ?? ctx.workers.metrics().size, title: `Failure sweep on ${net.topology.name}` });
        const r = await ctx.workers.run<SweepReport>('routing.sweepReport', { topology: net.topology, demands: net.demands, kinds: p.kinds, chunks, top: p.top }, { title: `Failure sweep report for ${net.topology.name}` }).done;
        return withMatrix(r, net);
      }),
    'routing.optimize': (p) =>
      asApi(async () => {
        const net = await resolveNetwork(ctx, p);
        const r = await ctx.workers.run<OptimiseResult>('routing.optimize', { topology: net.topology, demands: net.demands, ...networkOnly(p) }, { title: `Optimise IGP metrics of ${net.topology.name} (${p.seconds} s${p.robust ? ', robust to single failures' : ''})` }).done;
        return withMatrix(r, net);
      }),
  };
}

