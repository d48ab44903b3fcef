// The single-failure sweep split over the worker pool: the failure list is cut into contiguous
// ranges (planSweepChunks), one `routing.sweep` job evaluates each range side by side, and the
// caller hands the chunks to a merging job (`routing.sweepReport` for the routing API,
// `report.failures` for the failure report). One implementation for every caller.
//
// Stable API:
//   runSweepChunks(runJob, network, { kinds?, parts, title, signal?, onProgress?, onJob? }) → SweepChunk[]
import type { Demand, Topology } from '../../src-worker/graph/topology.js';
import type { FailureKind } from '../../src-worker/routing/failures.js';
import { sweepFailureCount } from '../../src-worker/routing/routing-jobs.js';
import { planSweepChunks, type SweepChunk } from '../../src-worker/routing/sweep.js';

/** What starts a worker job: WorkerHost.run, or a report's RunJob (same shape). */
export type SweepJobRunner = <R>(
  kind: string,
  params: unknown,
  options: { title: string; onProgress?: (p: { fraction?: number; message?: string }) => void; signal?: AbortSignal },
) => { jobId: string; done: Promise<R> };

export interface SweepChunkOptions {
  kinds?: FailureKind[];
  /** Parallel jobs (normally the worker pool's size). */
  parts: number;
  /** "Failure sweep on NAME"; each job's title adds its part and range. */
  title: string;
  signal?: AbortSignal;
  /** Overall fraction done over all parts (weighted by their failure counts). */
  onProgress?: (fraction: number, message: string) => void;
  onJob?: (jobId: string) => void;
}

export async function runSweepChunks(runJob: SweepJobRunner, network: { topology: Topology; demands: Demand[] }, options: SweepChunkOptions): Promise<SweepChunk[]> {
  const count = sweepFailureCount(network.topology, options.kinds);
  const ranges = planSweepChunks(count, Math.max(1, options.parts));
  const done = new Float64Array(ranges.length);
  const report = () => {
    if (!options.onProgress || count === 0) return;
    const failures = done.reduce((s, x) => s + x, 0);
    options.onProgress(failures / count, `failure ${Math.round(failures)} of ${count} (${ranges.length} parallel jobs)`);
  };
  return Promise.all(
    ranges.map((r, i) => {
      const handle = runJob<SweepChunk>(
        'routing.sweep',
        { topology: network.topology, demands: network.demands, kinds: options.kinds, start: r.start, end: r.end },
        {
          title: `${options.title} (part ${i + 1}/${ranges.length}: failures ${r.start + 1}–${r.end})`,
          signal: options.signal,
          onProgress: (p) => {
            if (typeof p.fraction !== 'number') return;
            done[i] = p.fraction * (r.end - r.start);
            report();
          },
        },
      );
      options.onJob?.(handle.jobId);
      return handle.done;
    }),
  );
}
