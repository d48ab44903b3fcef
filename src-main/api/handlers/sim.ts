// Handlers for the simulator area. The host reads topology files (engines never touch files),
// runs `sim.run` in the worker pool, turns each streamed step into a `sim.step` event for the
// topology view and hands flows and interface counters to the dataset sink that stores them.
import { readFile } from 'node:fs/promises';
import { importDemandsText, importTopologyText } from '../../../src-worker/graph/topology-import.js';
import type { Demand, Topology } from '../../../src-worker/graph/topology.js';
import type { GeneratorSpec } from '../../../src-worker/sim/generate.js';
import type { NetworkSummary, SimNetworkChunk, SimRunParams, SimRunResult as EngineRunResult, SimStepChunk } from '../../../src-worker/sim/sim-jobs.js';
import type { SimEvent } from '../../../src-worker/sim/traffic/events.js';
import type { SimNetwork } from '../../../src-worker/sim/network.js';
import type { FlowBatch } from '../../../src-worker/flow/record.js';
import { SimTables, simRunRow } from '../../store/sim-tables.js';
import { saveTopology } from '../../store/topology-tables.js';
import { openFlowWriter } from '../../store/flows/open-flow-writer.js';
import { ApiError } from '../contract/errors.js';
import type { simMethods, SimEventLabel, SimRunResult, SimStepEvent } from '../contract/sim.js';
import type { ValidParams } from '../contract.js';
import type { ServiceContext } from '../service-context.js';
import type { Handlers } from './handler-types.js';

type RunParams = ValidParams<'sim.run'>;
type SourceParams = ValidParams<'sim.generate'>;

/** Where a run's flows go: the store's flows table (source 'sim'), through its bulk writer. */
function openFlowSink(ctx: ServiceContext): { append(batch: FlowBatch): Promise<void>; close(): Promise<number> } {
  const writer = openFlowWriter(ctx.store);
  return {
    append: async (batch) => {
      await writer.append(batch);
      await writer.flush();
    },
    close: async () => {
      await writer.flush();
      const rows = writer.committedRows;
      await writer.close();
      return rows;
    },
  };
}

async function readText(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new ApiError('not_found', `sim: cannot read the ${what} "${path}": ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

export async function networkSource(params: SourceParams): Promise<Pick<SimRunParams, 'generator' | 'topology' | 'demands' | 'seed'>> {
  if (params.topology === 'file') {
    if (!params.file) throw new ApiError('invalid_params', 'sim: topology "file" needs a file path');
    let topology: Topology;
    try {
      topology = importTopologyText(await readText(params.file, 'topology file'), params.file).topology;
    } catch (error) {
      if (error instanceof ApiError) throw error;
      throw new ApiError('invalid_params', (error as Error).message);
    }
    let demands: Demand[] | undefined;
    if (params.demandsFile) {
      try {
        demands = importDemandsText(await readText(params.demandsFile, 'traffic matrix'), params.demandsFile, topology);
      } catch (error) {
        if (error instanceof ApiError) throw error;
        throw new ApiError('invalid_params', (error as Error).message);
      }
    }
    return { topology, demands, seed: params.seed };
  }
  if (params.file || params.demandsFile) throw new ApiError('invalid_params', `sim: a file was given but the topology is the "${params.topology}" generator; use topology "file"`);
  const generator = { kind: params.topology, nodes: params.nodes, ...params.params } as GeneratorSpec;
  return { generator, seed: params.seed };
}

function defaultStartMs(params: RunParams): number {
  if (params.start) return Date.parse(params.start);
  // End the run at the current step boundary, so "the last day" in the flows view shows it.
  const stepMs = params.stepSeconds * 1000;
  return Math.floor(Date.now() / stepMs) * stepMs - params.steps * stepMs;
}

export function eventLabels(events: SimEvent[], network: SimNetwork, topology: Topology, startMs: number, stepSeconds: number): SimEventLabel[] {
  const at = (step: number) => new Date(startMs + step * stepSeconds * 1000).toISOString();
  const name = (v: number) => network.nodes[v]?.name ?? `#${v}`;
  return events.map((e) => {
    const nodes = e.kind === 'ddos' ? [name(e.victim), ...e.sources.map(name)] : e.kind === 'link-failure' ? [] : [name(e.node)];
    const links = e.kind === 'link-failure' ? [topology.links[e.link]?.id ?? `#${e.link}`] : [];
    return { id: e.id, kind: e.kind, origin: e.origin, description: e.description, startStep: e.startStep, endStep: e.endStep, start: at(e.startStep), end: at(e.endStep), nodes, links };
  });
}

function stepEvent(jobId: string, name: string, steps: number, chunk: SimStepChunk, linkCount: number): SimStepEvent {
  const s = chunk.summary;
  const linkUtilisation = new Array<number>(linkCount).fill(0);
  const linkDown = new Array<number>(linkCount).fill(0);
  if (chunk.arcs) {
    const { utilisation, down, arcLink } = chunk.arcs;
    for (let a = 0; a < arcLink.length; a++) {
      const l = arcLink[a]!;
      if (l < 0) continue;
      linkUtilisation[l] = Math.max(linkUtilisation[l]!, utilisation[a]!);
      if (down[a]) linkDown[l] = 1;
    }
  }
  return {
    jobId,
    name,
    step: s.step,
    steps,
    time: new Date(s.timeUs / 1000).toISOString(),
    mlu: s.mlu,
    offeredBps: s.offeredBps,
    deliveredBps: s.deliveredBps,
    droppedBps: s.droppedCongestionBps + s.droppedBackgroundBps,
    unroutableBps: s.unroutableBps,
    meanLatencyMs: s.meanLatencyMs,
    activeEvents: s.activeEvents,
    linkUtilisation,
    linkDown,
  };
}

function summary(n: NetworkSummary): SimRunResult['network'] {
  return { ...n };
}

export function defaultDatasetName(params: RunParams): string {
  const what = params.topology === 'file' ? (params.file ?? 'file').split('/').pop()!.replace(/\.[^.]+$/, '') : `${params.topology}-${params.nodes}`;
  return `sim-${what}-seed${params.seed}`;
}

export function simHandlers(ctx: ServiceContext): Handlers<typeof simMethods> {
  return {
    'sim.generate': async (params) => {
      const source = await networkSource(params);
      const handle = ctx.workers.run<{ topology: Topology; summary: NetworkSummary }>('sim.generate', source, { title: 'Generate a network' });
      const out = await handle.done;
      return { network: summary(out.summary), topology: out.topology };
    },
    'sim.run': async (params) => {
      const source = await networkSource(params);
      const startTimeMs = defaultStartMs(params);
      const name = params.name ?? defaultDatasetName(params);
      const tables = params.store ? new SimTables(ctx.store) : null;
      await tables?.begin(name, params.fromStep ?? 0);
      const flowSink = tables ? openFlowSink(ctx) : null;
      const jobParams: SimRunParams = {
        ...source,
        steps: params.steps,
        stepSeconds: params.stepSeconds,
        startTimeMs,
        fromStep: params.fromStep,
        untilStep: params.untilStep,
        inject: params.inject,
        options: {
          busiestLinkUtilisation: params.busiestLinkUtilisation,
          events: params.eventsPerDay,
          flows: { recordsPerStep: params.flowsPerStep, enabled: params.store || params.export !== undefined },
        },
        stream: { flows: flowSink !== null, arcs: true, counters: tables !== null, network: true },
        export: params.export ? { ...params.export } : undefined,
      };
      let linkCount = 0;
      let jobId = '';
      let storedSteps = 0;
      let pending: Promise<void> = Promise.resolve();
      const started = Date.now();
      let network: SimNetworkChunk | null = null;
      let interfaceSamples = 0;
      let devices = 0;
      const handle = ctx.workers.run<EngineRunResult, SimStepChunk | SimNetworkChunk>('sim.run', jobParams, {
        title: `Simulate ${name}`,
        onChunk: (chunk) => {
          if (chunk.kind === 'sim.network') {
            network = chunk;
            ctx.events.emit('sim.started', { jobId, name, steps: params.steps, fromStep: params.fromStep ?? 0, topology: chunk.topology });
            if (tables) pending = pending.then(async () => void (devices = (await tables.network(chunk)).devices));
            return;
          }
          if (linkCount === 0 && chunk.arcs) for (const l of chunk.arcs.arcLink) linkCount = Math.max(linkCount, l + 1);
          ctx.events.emit('sim.step', stepEvent(jobId, name, params.steps, chunk, linkCount));
          // Store writes stay in step order; the worker keeps simulating meanwhile.
          if (tables) {
            pending = pending.then(async () => {
              await tables.step(name, chunk);
              if (flowSink && chunk.flows) await flowSink.append(chunk.flows);
              if (network) interfaceSamples += await tables.interfaceMetrics(network, chunk);
              storedSteps++;
            });
          }
        },
      });
      jobId = handle.jobId;
      let result: EngineRunResult;
      try {
        result = await handle.done;
      } finally {
        await pending;
      }
      const labels = eventLabels(result.events, result.network, result.topology, startTimeMs, params.stepSeconds);
      let stored: SimRunResult['stored'];
      if (tables) {
        const flows = flowSink ? await flowSink.close() : 0;
        // In the flow filter language; the time range is the run's start..end.
        const filter = 'source = sim and exporter << 172.16.0.0/12';
        await tables.finish(simRunRow(name, params, jobParams, result, startTimeMs, filter), labels);
        // The network and its mean traffic matrix as a topology, so what-ifs can open the run.
        const warnings = result.baseDemands ? [] : [`the traffic matrix has more than 5000 demands; it is not stored with the topology`];
        const saved = await saveTopology(ctx.store, { ...result.topology, name, source: 'sim' }, result.baseDemands ?? [], warnings);
        stored = { steps: storedSteps, flows, events: labels.length, interfaceSamples, devices, flowsFilter: filter, topologyId: saved.topologyId };
      }
      const end = startTimeMs + params.steps * params.stepSeconds * 1000;
      return {
        jobId,
        name,
        network: summary(result.summary),
        steps: params.steps,
        stepSeconds: params.stepSeconds,
        fromStep: result.fromStep,
        nextStep: result.nextStep,
        completed: result.completed,
        start: new Date(startTimeMs).toISOString(),
        end: new Date(end).toISOString(),
        totals: result.totals,
        events: labels,
        ...(stored ? { stored } : {}),
        ...(result.export
          ? {
              export: {
                destination: result.export.destination,
                format: result.export.format,
                datagrams: result.export.datagrams,
                flows: result.export.flows,
                octets: result.export.octets,
                sendErrors: result.export.sendErrors,
                ...(result.export.lastError ? { lastError: result.export.lastError } : {}),
                skipped: result.export.skipped.ipv6,
                seconds: (Date.now() - started) / 1000,
              },
            }
          : {}),
      };
    },
  };
}
