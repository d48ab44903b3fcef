// Simulator area: generate a network, run a time-stepped simulation (stored as a named dataset
// and/or exported as real NetFlow/IPFIX/sFlow), and the per-step event the topology view animates.
// Pause/resume/step: `sim.run` with fromStep/untilStep; failure injection: `inject`. See
// src-worker/sim/sim-jobs.ts for why the worker needs no state between calls.
import { z } from 'zod';
import { event, method } from './define.js';

export const SIM_TOPOLOGIES = ['mesh', 'ring', 'tree', 'random', 'waxman', 'ba', 'leaf-spine', 'fat-tree'] as const;
export const SIM_EXPORT_FORMATS = ['netflow5', 'netflow9', 'ipfix', 'sflow'] as const;

const networkSource = {
  /** A generator, or `file` for an imported topology (GraphML, REPETITA, containerlab, JSON). */
  topology: z.enum([...SIM_TOPOLOGIES, 'file']).default('ba'),
  nodes: z.number().int().min(2).max(100_000).default(100),
  file: z.string().min(1).max(4096).optional(),
  /** With `file`: a traffic matrix (REPETITA .demands, JSON, CSV) used instead of gravity. */
  demandsFile: z.string().min(1).max(4096).optional(),
  seed: z.number().int().min(0).max(2 ** 31 - 1).default(1),
  /** Generator parameters (branching, meanDegree, m, spines, k, alpha, region). */
  params: z
    .object({
      branching: z.number().int().min(1).max(64),
      meanDegree: z.number().min(1).max(100),
      m: z.number().int().min(1).max(50),
      spines: z.number().int().min(1).max(1024),
      k: z.number().int().min(2).max(256),
      alpha: z.number().min(0.001).max(10),
      region: z.enum(['europe', 'north-america', 'asia', 'world']),
    })
    .partial()
    .strict()
    .default({}),
};

const eventInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('link-failure'), link: z.number().int().min(0), startStep: z.number().int().min(0), endStep: z.number().int().min(1) }),
  z.object({ kind: z.literal('node-failure'), node: z.number().int().min(0), startStep: z.number().int().min(0), endStep: z.number().int().min(1) }),
  z.object({ kind: z.literal('burst'), node: z.number().int().min(0), factor: z.number().min(1).max(100), startStep: z.number().int().min(0), endStep: z.number().int().min(1) }),
  z.object({ kind: z.literal('hot-spot'), node: z.number().int().min(0), factor: z.number().min(1).max(100), startStep: z.number().int().min(0), endStep: z.number().int().min(1) }),
  z.object({ kind: z.literal('flash-crowd'), node: z.number().int().min(0), peakFactor: z.number().min(1).max(100), startStep: z.number().int().min(0), endStep: z.number().int().min(1) }),
  z.object({
    kind: z.literal('ddos'),
    victim: z.number().int().min(0),
    sources: z.array(z.number().int().min(0)).min(1).max(100_000),
    rateBps: z.number().positive(),
    vector: z.enum(['ntp-reflection', 'dns-reflection', 'memcached-reflection', 'syn-flood']),
    startStep: z.number().int().min(0),
    endStep: z.number().int().min(1),
  }),
]);

const rates = z
  .object({ burst: z.number().min(0), hotSpot: z.number().min(0), flashCrowd: z.number().min(0), ddos: z.number().min(0), linkFailure: z.number().min(0), nodeFailure: z.number().min(0) })
  .partial()
  .strict();

export const simRunInput = z
  .object({
    ...networkSource,
    steps: z.number().int().min(1).max(1_000_000).default(288),
    stepSeconds: z.number().min(1).max(86_400).default(300),
    /** Step 0's time (ISO 8601); default the most recent midnight UTC minus the run's length. */
    start: z.string().datetime({ offset: true }).optional(),
    /** Dataset name in the store; default "sim-<topology>-<nodes>-seed<seed>". */
    name: z.string().min(1).max(200).optional(),
    store: z.boolean().default(true),
    fromStep: z.number().int().min(0).optional(),
    untilStep: z.number().int().min(1).optional(),
    flowsPerStep: z.number().int().min(1).max(1_000_000).default(2000),
    busiestLinkUtilisation: z.number().min(0.01).max(10).optional(),
    eventsPerDay: rates.optional(),
    inject: z.array(eventInput).max(10_000).default([]),
    export: z
      .object({
        host: z.string().min(1).max(255),
        port: z.number().int().min(1).max(65535).optional(),
        format: z.enum(SIM_EXPORT_FORMATS),
        /** Flows per second; 0 = as fast as the socket takes them. */
        rate: z.number().min(0).max(100_000_000).default(0),
      })
      .strict()
      .optional(),
  })
  .strict();

export interface SimNetworkSummary {
  kind: string;
  nodes: number;
  links: number;
  meanDegree: number;
  maxDegree: number;
  minDegree: number;
  connected: boolean;
  totalCapacityBps: number;
}

export interface SimEventLabel {
  id: string;
  kind: 'burst' | 'hot-spot' | 'flash-crowd' | 'ddos' | 'link-failure' | 'node-failure';
  origin: 'scheduled' | 'injected';
  description: string;
  startStep: number;
  endStep: number;
  start: string;
  end: string;
  /** Nodes / links involved, by name (node) or id (link). */
  nodes: string[];
  links: string[];
}

export interface SimRunResult {
  jobId: string;
  name: string;
  network: SimNetworkSummary;
  steps: number;
  stepSeconds: number;
  fromStep: number;
  nextStep: number;
  completed: boolean;
  start: string;
  end: string;
  totals: { offeredBits: number; deliveredBits: number; droppedBits: number; unroutableBits: number; flows: number; maxMlu: number };
  events: SimEventLabel[];
  /** What went to the store (absent with store: false). */
  /** What went to the store; `topologyId` is the network (with its mean demands) for what-ifs. */
  stored?: { steps: number; flows: number; events: number; interfaceSamples: number; devices: number; flowsFilter: string; topologyId: string };
  export?: { destination: string; format: string; datagrams: number; flows: number; octets: number; sendErrors: number; lastError?: string; skipped: number; seconds: number };
}

export interface SimStepEvent {
  jobId: string;
  name: string;
  step: number;
  steps: number;
  time: string;
  mlu: number;
  offeredBps: number;
  deliveredBps: number;
  droppedBps: number;
  unroutableBps: number;
  meanLatencyMs: number;
  activeEvents: string[];
  /** Per topology link (in `sim.generate`'s link order): the busier direction's utilisation, and whether it is down. */
  linkUtilisation: number[];
  linkDown: number[];
}

export const simMethods = {
  'sim.generate': method(z.object({ ...networkSource }).strict()).returns<{ network: SimNetworkSummary; topology: unknown }>(),
  'sim.run': method(simRunInput).returns<SimRunResult>(),
};

/** Sent once when a run starts: the network to draw (link order = `linkUtilisation` order). */
export interface SimStartedEvent {
  jobId: string;
  name: string;
  steps: number;
  fromStep: number;
  /** The routing engine's Topology model (src-worker/graph/topology.ts), JSON. */
  topology: unknown;
}

export const simEvents = {
  'sim.started': event<SimStartedEvent>(),
  'sim.step': event<SimStepEvent>(),
};
