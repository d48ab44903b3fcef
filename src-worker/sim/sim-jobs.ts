// The simulator's worker jobs. `sim.generate` builds a network; `sim.run` simulates steps,
// streaming each step (summary, per-link arrays, flows) to the host as it goes; `sim.load`
// drives a collector with flows at a chosen rate.
//
// Pause, step and failure injection without a stateful worker: every step is a pure function of
// (config, seed, step index, event list), so
//   pause   = cancel the running `sim.run`; its result says `nextStep`;
//   resume  = start `sim.run` again with `fromStep: nextStep` (and `counters` from the result,
//             so interface counters continue) — the steps are identical to an uninterrupted run;
//   step    = `sim.run` with `fromStep: k, untilStep: k + 1`;
//   inject  = add to `inject` (e.g. a link failure from the current step) and resume;
//   repair  = `endEvents: [{ id, atStep }]`.
// The UI keeps the run's config and event list; the worker stays free for other jobs.
import type { Demand, Topology } from '../graph/topology.js';
import { flowBatchBuffers, type FlowBatch } from '../flow/record.js';
import { JobCancelled, type JobContext, type JobHandler } from '../jobs/job.js';
import type { ExportFormat } from './export/encoder.js';
import { FlowExporter, type FlowExporterStats } from './export/udp-exporter.js';
import type { IfCounterSample } from './export/sflow-encoder.js';
import { loopbackIPv4 } from './addressing.js';
import { generateNetwork, type GeneratorSpec } from './generate.js';
import type { LinkMetricOptions } from './link-metrics.js';
import { generateLoad, type LoadGeneratorConfig } from './load-generator.js';
import { adjacency, componentLabels, type SimNetwork } from './network.js';
import { Simulation, type InterfaceCounters, type SimStepResult, type SimulationConfig } from './simulation.js';
import { networkToTopology, topologyToNetwork } from './topology-adapter.js';
import type { SimEvent, SimEventInput } from './traffic/events.js';

export interface NetworkSource {
  /** One of: a generator spec, a network from an earlier `sim.generate`, or an imported topology. */
  generator?: GeneratorSpec;
  network?: SimNetwork;
  topology?: Topology;
  /** With `topology`: its traffic matrix (e.g. REPETITA .demands), used instead of gravity. */
  demands?: Demand[];
  seed: number;
  links?: Partial<LinkMetricOptions>;
}

export interface NetworkSummary {
  kind: string;
  nodes: number;
  links: number;
  meanDegree: number;
  maxDegree: number;
  minDegree: number;
  connected: boolean;
  totalCapacityBps: number;
}

export function resolveNetwork(source: NetworkSource): SimNetwork {
  const given = [source.generator, source.network, source.topology].filter(Boolean).length;
  if (given !== 1) throw new Error('sim: give exactly one of generator, network or topology');
  if (source.network) return source.network;
  if (source.topology) return topologyToNetwork(source.topology, source.seed);
  return generateNetwork(source.generator!, { seed: source.seed, links: source.links });
}

export function summarizeNetwork(network: SimNetwork): NetworkSummary {
  const adj = adjacency(network.nodes.length, network.links);
  const degrees = adj.map((a) => a.length);
  return {
    kind: network.kind,
    nodes: network.nodes.length,
    links: network.links.length,
    meanDegree: degrees.reduce((s, d) => s + d, 0) / Math.max(1, degrees.length),
    maxDegree: Math.max(0, ...degrees),
    minDegree: degrees.length ? Math.min(...degrees) : 0,
    connected: componentLabels(adj).count <= 1,
    totalCapacityBps: network.links.reduce((s, l) => s + l.capacityBps, 0),
  };
}

const simGenerate: JobHandler<NetworkSource, { network: SimNetwork; topology: Topology; summary: NetworkSummary }> = (params) => {
  const network = resolveNetwork(params);
  return { network, topology: networkToTopology(network), summary: summarizeNetwork(network) };
};

export interface SimRunParams extends NetworkSource {
  steps: number;
  stepSeconds: number;
  startTimeMs?: number;
  fromStep?: number;
  /** Exclusive; defaults to `steps`. */
  untilStep?: number;
  inject?: SimEventInput[];
  endEvents?: Array<{ id: string; atStep: number }>;
  options?: Pick<SimulationConfig, 'busiestLinkUtilisation' | 'traffic' | 'events' | 'queue' | 'flows'>;
  /** Interface counters to continue from (a resumed run). */
  counters?: InterfaceCounters;
  /** What each step's chunk carries besides its summary. */
  stream?: { flows?: boolean; arcs?: boolean; counters?: boolean; network?: boolean };
  export?: { host: string; port?: number; format: ExportFormat; rate: number; loopbackOnly?: boolean };
}

/**
 * Sent once before the steps: the network as the routing engine sees it and where each arc is
 * — its router (tail), the router's interface number, capacity, link and the reverse arc — so
 * the host can name devices and interfaces and file per-arc figures under them.
 */
export interface SimNetworkChunk {
  kind: 'sim.network';
  topology: Topology;
  arcTail: Int32Array;
  arcIfIndex: Int32Array;
  arcCapacity: Float64Array;
  arcLink: Int32Array;
  arcReverse: Int32Array;
}

/** One step as streamed to the host. Arrays are per arc of `topology` compiled (link i: arcs 2i, 2i+1 in link order). */
export interface SimStepChunk {
  kind: 'sim.step';
  summary: Omit<SimStepResult, 'arcs' | 'flows'>;
  arcs?: { offeredBps: Float64Array; carriedBps: Float64Array; droppedBps: Float64Array; utilisation: Float64Array; queueDelayMs: Float64Array; down: Uint8Array; arcLink: Int32Array };
  flows?: FlowBatch;
  /** Cumulative interface counters after this step (copies), per arc. */
  counters?: InterfaceCounters;
}

export interface SimRunResult {
  network: SimNetwork;
  topology: Topology;
  summary: NetworkSummary;
  events: SimEvent[];
  fromStep: number;
  nextStep: number;
  completed: boolean;
  totals: { offeredBits: number; deliveredBits: number; droppedBits: number; unroutableBits: number; flows: number; maxMlu: number };
  counters: InterfaceCounters;
  /** The mean traffic matrix for what-ifs (null above 5,000 pairs). */
  baseDemands: Demand[] | null;
  export?: FlowExporterStats;
}

function stepChunk(r: SimStepResult, arcLink: Int32Array, stream: SimRunParams['stream'], counters?: InterfaceCounters): { chunk: SimStepChunk; transfer: ArrayBuffer[] } {
  const { arcs, flows, ...summary } = r;
  const chunk: SimStepChunk = { kind: 'sim.step', summary };
  const transfer: ArrayBuffer[] = [];
  if (stream?.arcs !== false) {
    chunk.arcs = { offeredBps: arcs.offeredBps, carriedBps: arcs.carriedBps, droppedBps: arcs.droppedBps, utilisation: arcs.utilisation, queueDelayMs: arcs.queueDelayMs, down: arcs.down, arcLink: arcLink.slice() };
    for (const a of Object.values(chunk.arcs)) transfer.push(a.buffer as ArrayBuffer);
  }
  if (stream?.flows !== false && flows) {
    chunk.flows = flows;
    transfer.push(...flowBatchBuffers(flows));
  }
  if (counters) {
    chunk.counters = { outOctets: counters.outOctets.slice(), outPackets: counters.outPackets.slice(), outDiscards: counters.outDiscards.slice(), inOctets: counters.inOctets.slice() };
    for (const a of Object.values(chunk.counters)) transfer.push(a.buffer as ArrayBuffer);
  }
  // Views may share a buffer (offered = carried when no link is congested): list each once.
  return { chunk, transfer: [...new Set(transfer)] };
}

export async function runSimulation(params: SimRunParams, ctx: Pick<JobContext, 'progress' | 'cancelled' | 'emit'>): Promise<SimRunResult> {
  const network = resolveNetwork(params);
  const sim = new Simulation({ network, seed: params.seed, steps: params.steps, stepSeconds: params.stepSeconds, startTimeMs: params.startTimeMs, demands: params.demands, ...params.options });
  for (const e of params.inject ?? []) sim.inject(e);
  for (const e of params.endEvents ?? []) sim.endEvent(e.id, e.atStep);
  const from = params.fromStep ?? 0;
  const until = Math.min(params.steps, params.untilStep ?? params.steps);
  sim.seek(from);
  if (params.counters) for (const key of Object.keys(sim.counters) as (keyof InterfaceCounters)[]) sim.counters[key].set(params.counters[key]);
  const exporter = params.export ? new FlowExporter(params.export) : null;
  await exporter?.start();
  const totals = { offeredBits: 0, deliveredBits: 0, droppedBits: 0, unroutableBits: 0, flows: 0, maxMlu: 0 };
  const g = sim.graph;
  const arcLink = g.linkOf;
  if (params.stream?.network) {
    const arcIfIndex = new Int32Array(g.arcCount);
    for (let a = 0; a < g.arcCount; a++) arcIfIndex[a] = a - g.offsets[g.tail[a]!]! + 1;
    const network: SimNetworkChunk = { kind: 'sim.network', topology: sim.topology, arcTail: g.tail.slice(), arcIfIndex, arcCapacity: g.capacity.slice(), arcLink: arcLink.slice(), arcReverse: g.reverseArc.slice() };
    ctx.emit(network);
  }
  try {
    while (sim.cursor < until) {
      if (ctx.cancelled()) break;
      const r = sim.step();
      totals.offeredBits += r.offeredBps * r.stepSeconds;
      totals.deliveredBits += r.deliveredBps * r.stepSeconds;
      totals.droppedBits += (r.droppedCongestionBps + r.droppedBackgroundBps) * r.stepSeconds;
      totals.unroutableBits += r.unroutableBps * r.stepSeconds;
      totals.flows += r.flows?.length ?? 0;
      totals.maxMlu = Math.max(totals.maxMlu, r.mlu);
      if (exporter && r.flows) await exporter.send(r.flows);
      if (exporter && params.export?.format === 'sflow') await sendInterfaceCounters(exporter, sim, r);
      const { chunk, transfer } = stepChunk(r, arcLink, params.stream, params.stream?.counters ? sim.counters : undefined);
      ctx.emit(chunk, transfer);
      const done = sim.cursor - from;
      ctx.progress({ fraction: done / Math.max(1, until - from), message: `step ${sim.cursor}/${params.steps}`, step: r.step, mlu: r.mlu, deliveredBps: r.deliveredBps });
    }
  } finally {
    await exporter?.stop();
  }
  return {
    network,
    topology: sim.topology,
    summary: summarizeNetwork(network),
    events: sim.events,
    fromStep: from,
    nextStep: sim.cursor,
    completed: sim.cursor >= until,
    totals,
    counters: sim.counters,
    baseDemands: sim.baseDemands(5000),
    ...(exporter ? { export: exporter.stats() } : {}),
  };
}

/** Every router's interface counters after a step, as sFlow counter samples from its agent. */
async function sendInterfaceCounters(exporter: FlowExporter, sim: Simulation, r: SimStepResult): Promise<void> {
  const g = sim.graph;
  const c = sim.counters;
  const packetBits = sim.options.queue.meanPacketBytes * 8;
  const timeMs = r.timeUs / 1000 + r.stepSeconds * 1000;
  for (let u = 0; u < g.nodeCount; u++) {
    const samples: IfCounterSample[] = [];
    for (let a = g.offsets[u]!; a < g.offsets[u + 1]!; a++) {
      const back = g.reverseArc[a]!;
      const inOctets = back >= 0 ? c.inOctets[back]! : 0;
      samples.push({
        ifIndex: a - g.offsets[u]! + 1,
        speedBps: g.capacity[a]!,
        up: !r.arcs.down[a],
        inOctets,
        inPackets: (inOctets * 8) / packetBits,
        outOctets: c.outOctets[a]!,
        outPackets: c.outPackets[a]!,
        outDiscards: c.outDiscards[a]!,
      });
    }
    if (samples.length) await exporter.sendCounters(loopbackIPv4(u), samples, timeMs);
  }
}

const simRun: JobHandler<SimRunParams, SimRunResult> = (params, ctx) => runSimulation(params, ctx);

const simLoad: JobHandler<LoadGeneratorConfig, FlowExporterStats> = async (params, ctx) => {
  const stats = await generateLoad(params, (s) => ctx.progress({ message: `${s.flows} flows sent`, flows: s.flows, datagrams: s.datagrams, fraction: params.flows ? s.flows / params.flows : undefined }), () => ctx.cancelled());
  if (ctx.cancelled() && params.flows && stats.flows < params.flows) throw new JobCancelled();
  return stats;
};

export const simJobs = { 'sim.generate': simGenerate, 'sim.run': simRun, 'sim.load': simLoad };
