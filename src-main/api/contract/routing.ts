// Routing area: import topologies (GraphML, REPETITA, containerlab, NetWeaver JSON) into the
// store, and ask the routing engine: paths (k shortest, constrained, multi-metric), what-ifs,
// the worst-case failure sweep and IGP metric optimisation. A network is a stored topology
// (by id or name; the newest by default) or a topology file on the host, with its traffic
// matrix from the store, a demands file, a gravity model, or the stored flows between edge devices.
import { z } from 'zod';
import type { Demand, Topology } from '../../../src-worker/graph/topology.js';
import type { UnmappedVolume } from '../../store/query/flow-traffic-matrix.js';
import type { OptimiseResult } from '../../../src-worker/routing/metric-optimiser.js';
import type { RouteAnswer } from '../../../src-worker/routing/routing-jobs.js';
import type { SweepReport } from '../../../src-worker/routing/sweep.js';
import type { WhatIfResult } from '../../../src-worker/routing/whatif.js';
import { method } from './define.js';

export interface TopologySummary {
  topologyId: string;
  name: string;
  source: string | null;
  createdAt: string;
  devices: number;
  links: number;
  demands: number;
  warnings: string[];
}

/** Where a matrix built from stored flows came from, returned beside results that used one. */
export interface FlowMatrixSummary {
  fromUs: number;
  toUs: number;
  seconds: number;
  demands: number;
  totalRate: number;
  total: { bytes: number; flows: number };
  mapped: { bytes: number; flows: number };
  /** The same traffic seen again by routers inside the network (not counted twice). */
  transit: { bytes: number; flows: number };
  unmapped: UnmappedVolume[];
}
type WithMatrix<T> = T & { trafficMatrix?: FlowMatrixSummary };

const path = z.string().min(1).max(4096);
const name = z.string().min(1).max(256);

export const networkRefSchema = z.object({
  /** Stored topology id or name (default: the newest); ignored when `file` is given. */
  topology: name.optional(),
  /** A topology file on the host instead of a stored one. */
  file: path.optional(),
  /** Traffic matrix file (REPETITA .demands, JSON, CSV src,dst,rate); default: the topology's own. */
  demandsFile: path.optional(),
  /** Gravity-model matrix with this total rate ("100G", bit/s) instead. */
  gravity: z.string().max(32).optional(),
  /** Matrix from the stored flows between edge devices instead (bit/s averaged over the range). */
  flows: z
    .object({
      /** ISO times or epoch ms bounding the flows (default: the span of the matching flows). */
      from: z.union([z.string().max(64), z.number()]).optional(),
      to: z.union([z.string().max(64), z.number()]).optional(),
      /** Flow filter expression (as in flows.query). */
      filter: z.string().max(4096).optional(),
    })
    .strict()
    .optional(),
});
export type NetworkRef = z.infer<typeof networkRefSchema>;

const FORMATS = ['graphml', 'repetita', 'containerlab', 'json'] as const;

export const routingMethods = {
  'topology.import': method(
    z
      .object({
        file: path,
        format: z.enum(FORMATS).optional(),
        /** Stored under this name (default: the file's own name). */
        name: name.optional(),
        /** Traffic matrix to store with it; REPETITA's NAME.0000.demands is picked up automatically. */
        demandsFile: path.optional(),
        /** Capacity for links without a readable speed ("10G"). */
        defaultCapacity: z.string().max(32).optional(),
        /** GraphML metrics when the file has none. */
        metric: z.enum(['hops', 'inverse-capacity', 'distance']).optional(),
      })
      .strict(),
  ).returns<TopologySummary>(),
  /** Devices and links learned from the flows in the store (exporters whose next hops are each other). */
  'topology.learnFromFlows': method(
    z
      .object({
        name: name.default('learned from flows'),
        /** ISO times bounding the flows used (default: all). */
        from: z.string().max(64).optional(),
        to: z.string().max(64).optional(),
        /** Extra addresses per exporter (loopbacks, interface addresses) so next hops match them. */
        aliases: z.record(z.string(), z.array(z.string().max(64)).max(1000)).optional(),
      })
      .strict(),
  ).returns<TopologySummary & { observedBytes: Record<string, number>; externalNextHops: Record<string, number> }>(),
  /** The traffic matrix of a network as the routing methods would use it (e.g. from stored flows). */
  'routing.demands': method(networkRefSchema.strict()).returns<{ demands: Demand[]; trafficMatrix?: FlowMatrixSummary }>(),
  'topology.list': method(z.object({}).strict()).returns<TopologySummary[]>(),
  'topology.get': method(z.object({ topology: name.optional() }).strict()).returns<{ summary: TopologySummary; topology: Topology; demands: Demand[] }>(),
  'routing.route': method(
    networkRefSchema
      .extend({
        from: name,
        to: name,
        k: z.number().int().min(1).max(1000).default(1),
        metric: z.enum(['igp', 'latency', 'cost']).default('igp'),
        maxHops: z.number().int().min(1).max(10_000).optional(),
        avoidLinks: z.array(name).max(10_000).optional(),
        avoidNodes: z.array(name).max(10_000).optional(),
        avoidSrlgs: z.array(name).max(10_000).optional(),
        maxLatency: z.number().positive().optional(),
        /** Route on the network after these what-if changes (fail:…, metric:…, add-link:…), as routing.whatif takes them. */
        changes: z.array(z.string().min(1).max(512)).max(1000).optional(),
      })
      .strict(),
  ).returns<WithMatrix<RouteAnswer>>(),
  'routing.whatif': method(
    networkRefSchema
      .extend({
        /** fail:link:A:B, node:A, srlg:X, metric:A:B=20, capacity:L=10G, add-link:A:B:METRIC:CAP, scale:1.5 … */
        changes: z.array(z.string().min(1).max(512)).min(1).max(1000),
        detail: z.number().int().min(0).max(100_000).default(50),
      })
      .strict(),
  ).returns<WithMatrix<WhatIfResult>>(),
  'routing.sweep': method(
    networkRefSchema
      .extend({
        kinds: z.array(z.enum(['link', 'node', 'srlg'])).min(1).default(['link', 'node', 'srlg']),
        top: z.number().int().min(1).max(100_000).default(20),
        /** Parallel jobs (default: the worker pool's size). */
        chunks: z.number().int().min(1).max(64).optional(),
      })
      .strict(),
  ).returns<WithMatrix<SweepReport>>(),
  'routing.optimize': method(
    networkRefSchema
      .extend({
        seconds: z.number().positive().max(3600).default(10),
        robust: z.boolean().default(false),
        symmetric: z.boolean().default(true),
        maxMetric: z.number().int().min(1).max(16_777_215).optional(),
        seed: z.number().int().min(0).optional(),
      })
      .strict(),
  ).returns<WithMatrix<OptimiseResult>>(),
};
