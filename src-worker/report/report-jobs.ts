// Engine jobs behind the reports: the routing snapshot, the single-failure sweep and the
// per-link capacity forecasts run in the worker pool (never on the host's event loop), with
// progress and cancel. The host turns their plain results into report models.
import type { Demand, Topology } from '../graph/topology.js';
import type { JobHandler } from '../jobs/job.js';
import type { FailureKind } from '../routing/failures.js';
import type { SweepChunk } from '../routing/sweep.js';
import { planLinkCapacity, type CapacityLinkInput, type CapacityLinkPlan, type CapacityPlanOptions } from './capacity-forecast.js';
import { failureSweep, type FailureSweepResult } from './failure-sweep.js';
import { networkSnapshot, type NetworkSnapshot } from './network-snapshot.js';

export interface ReportNetworkParams {
  topology: Topology;
  demands: Demand[];
  kinds?: FailureKind[];
  diffs?: number;
  /** report.failures: the sweep's chunks from parallel routing.sweep jobs, to merge. */
  chunks?: SweepChunk[];
}

export interface ReportCapacityParams extends CapacityPlanOptions {
  links: CapacityLinkInput[];
}

const snapshotJob: JobHandler<ReportNetworkParams, NetworkSnapshot> = (params) => networkSnapshot(params.topology, params.demands);

const failureJob: JobHandler<ReportNetworkParams, FailureSweepResult> = (params, ctx) => {
  let last = 0;
  return failureSweep(params.topology, params.demands, {
    kinds: params.kinds,
    diffs: params.diffs,
    chunks: params.chunks,
    cancelled: () => ctx.cancelled(),
    onProgress: (done, total) => {
      const now = Date.now();
      if (now - last < 200 && done < total) return;
      last = now;
      ctx.progress({ fraction: done / total, message: `failure ${done} of ${total}` });
    },
  });
};

const capacityJob: JobHandler<ReportCapacityParams, CapacityLinkPlan[]> = (params, ctx) => {
  const plans: CapacityLinkPlan[] = [];
  params.links.forEach((link, i) => {
    ctx.throwIfCancelled();
    plans.push(planLinkCapacity(link, params));
    ctx.progress({ fraction: (i + 1) / params.links.length, message: `forecast ${i + 1} of ${params.links.length}: ${link.name}` });
  });
  return plans;
};

export const reportJobs = {
  'report.snapshot': snapshotJob,
  'report.failures': failureJob,
  'report.capacity': capacityJob,
};
