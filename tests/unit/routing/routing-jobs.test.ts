import { describe, expect, it } from 'vitest';
import { TRANSFER_MARK, type JobContext, type JobProgress } from '../../../src-worker/jobs/job.js';
import { jobHandlers } from '../../../src-worker/jobs/registry.js';
import { sweepFailureCount } from '../../../src-worker/routing/routing-jobs.js';
import { planSweepChunks, type SweepChunk, type SweepReport } from '../../../src-worker/routing/sweep.js';
import { diamond } from './small-networks.js';

/** Runs a job the way the worker does: params and results cross a structured clone. */
async function runJob<R>(kind: string, params: unknown, progress: JobProgress[] = []): Promise<R> {
  const ctx: JobContext = {
    jobId: 'test',
    progress: (p) => progress.push(p),
    cancelled: () => false,
    throwIfCancelled: () => undefined,
    emit: () => undefined,
  };
  const handler = jobHandlers[kind];
  if (!handler) throw new Error(`no job ${kind}`);
  const out = (await handler(structuredClone(params), ctx)) as { [TRANSFER_MARK]?: boolean; value?: unknown };
  return structuredClone(out && out[TRANSFER_MARK] ? out.value : out) as R;
}

const demands = [
  { id: 'AE', src: 'A', dst: 'E', rate: 40 },
  { id: 'BE', src: 'B', dst: 'E', rate: 10 },
  { id: 'EA', src: 'E', dst: 'A', rate: 4 },
];

describe('routing jobs', () => {
  it('registers every routing kind', () => {
    for (const k of ['routing.loads', 'routing.route', 'routing.tables', 'routing.whatif', 'routing.sweep', 'routing.sweepReport', 'routing.optimize']) expect(jobHandlers[k]).toBeTypeOf('function');
  });

  it('routing.route: k paths, ECMP shares, avoidance and latency bounds', async () => {
    const r = await runJob<{ paths: { nodes: string[]; cost: number; hops: number; interfaces: string[] }[]; ecmp: { share: number }[] }>('routing.route', { topology: diamond, from: 'A', to: 'E', k: 3 });
    expect(r.paths.map((p) => p.cost)).toEqual([3, 3]);
    expect(r.paths[0]!.interfaces[0]).toMatch(/^A->/);
    expect(r.ecmp.map((e) => e.share)).toEqual([0.5, 0.5]);
    const avoid = await runJob<{ paths: { nodes: string[] }[] }>('routing.route', { topology: diamond, from: 'A', to: 'E', k: 2, avoidNodes: ['B'] });
    expect(avoid.paths.map((p) => p.nodes.join(''))).toEqual(['ACDE']);
    const none = await runJob<{ paths: unknown[]; reason: string }>('routing.route', { topology: diamond, from: 'A', to: 'E', maxLatency: 1 });
    expect(none.paths).toEqual([]);
    expect(none.reason).toMatch(/lowest-latency path takes 3\.000 ms/);
  });

  it('routing.whatif accepts changes as text', async () => {
    const r = await runJob<{ after: { mlu: number }; changedPathCount: number }>('routing.whatif', { topology: diamond, demands, changes: ['capacity:D:E=100'] });
    expect(r.after.mlu).toBe(0.5);
  });

  it('a sweep split over parallel jobs merges into the whole answer', async () => {
    const count = sweepFailureCount(diamond);
    const progress: JobProgress[] = [];
    const chunks = await Promise.all(planSweepChunks(count, 2).map((r) => runJob<SweepChunk>('routing.sweep', { topology: diamond, demands, ...r }, progress)));
    expect(chunks[0]!.worstUtilisation).toBeInstanceOf(Float64Array);
    expect(progress.at(-1)!.fraction).toBe(1);
    const split = await runJob<SweepReport>('routing.sweepReport', { topology: diamond, demands, chunks });
    const whole = await runJob<SweepReport>('routing.sweepReport', { topology: diamond, demands, chunks: [await runJob<SweepChunk>('routing.sweep', { topology: diamond, demands })] });
    expect(split).toEqual(whole);
    expect(split.failuresEvaluated).toBe(11);
  });

  it('routing.tables and routing.loads', async () => {
    const t = await runJob<{ destination: string; nextHops: { neighbour: string }[] }[]>('routing.tables', { topology: diamond, router: 'A' });
    expect(t.find((e) => e.destination === 'D')!.nextHops).toHaveLength(2);
    const l = await runJob<{ mlu: number; links: { from: string; to: string; load: number }[] }>('routing.loads', { topology: diamond, demands });
    expect(l.mlu).toBe(1);
    expect(l.links.find((x) => x.from === 'D' && x.to === 'E')!.load).toBe(50);
  });
});
