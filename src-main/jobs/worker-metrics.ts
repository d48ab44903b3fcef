// The worker pool's metrics in Prometheus form.
import type { MetricFamily } from '../metrics/registry.js';
import type { WorkerHost } from './worker-host.js';

export function workerHostMetrics(host: WorkerHost): MetricFamily[] {
  const m = host.metrics();
  return [
    { name: 'netweaver_workers', help: 'Engine workers in the pool', type: 'gauge', samples: [{ value: m.size }] },
    { name: 'netweaver_workers_busy', help: 'Engine workers running a job', type: 'gauge', samples: [{ value: m.busy }] },
    { name: 'netweaver_jobs_queued', help: 'Jobs waiting for a worker', type: 'gauge', samples: [{ value: m.queued }] },
    {
      name: 'netweaver_jobs_total',
      help: 'Jobs finished, by outcome',
      type: 'counter',
      samples: [
        { labels: { outcome: 'succeeded' }, value: m.jobsCompleted },
        { labels: { outcome: 'failed' }, value: m.jobsFailed },
        { labels: { outcome: 'cancelled' }, value: m.jobsCancelled },
      ],
    },
    { name: 'netweaver_worker_crashes_total', help: 'Engine workers that died while running a job', type: 'counter', samples: [{ value: m.crashes }] },
  ];
}
