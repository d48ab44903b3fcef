// Worker for the routing benchmark's parallel sweep: evaluates one chunk of the single-link
// failure list, exactly as one `routing.sweep` job does (compile, baseline, chunk), when told to.
import { parentPort, workerData } from 'node:worker_threads';
import type { Demand, Topology } from '../../src-worker/graph/topology.js';
import { routingJobs } from '../../src-worker/routing/routing-jobs.js';

const { topology, demands, start, end } = workerData as { topology: Topology; demands: Demand[]; start: number; end: number };
parentPort!.on('message', async () => {
  const t0 = performance.now();
  const ctx = { jobId: 'bench', progress: () => undefined, cancelled: () => false, throwIfCancelled: () => undefined, emit: () => undefined };
  await routingJobs['routing.sweep']({ topology, demands, kinds: ['link'], start, end }, ctx);
  parentPort!.postMessage({ ms: performance.now() - t0 });
});
parentPort!.postMessage('ready');
