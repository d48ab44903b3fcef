// The worker host with real worker threads running the built worker: results, progress,
// failures, cancel, and a worker killed mid-job that fails only that job.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../../src-main/api/contract.js';
import { threadLauncher } from '../../../src-main/jobs/thread-launcher.js';
import { defaultWorkerHostConfig, WorkerHost } from '../../../src-main/jobs/worker-host.js';

let host: WorkerHost;

beforeEach(() => {
  host = new WorkerHost({ ...defaultWorkerHostConfig(threadLauncher()), size: 1, cancelGraceMs: 300 });
  host.start();
});
afterEach(() => host.stop());

describe('WorkerHost', () => {
  it('runs a job and returns its result', async () => {
    await expect(host.run('echo', { value: { a: [1, 2, 3] } }).done).resolves.toEqual({ a: [1, 2, 3] });
  });

  it('streams progress', async () => {
    const fractions: number[] = [];
    await host.run('countdown', { steps: 4, stepMs: 1 }, { onProgress: (p) => fractions.push(p.fraction!) }).done;
    expect(fractions).toEqual([0.25, 0.5, 0.75, 1]);
  });

  it('fails a job that throws with its message, and keeps working', async () => {
    await expect(host.run('fail', { message: 'engine: bad input' }).done).rejects.toThrow('engine: bad input');
    await expect(host.run('echo', { value: 1 }).done).resolves.toBe(1);
  });

  it('names an unknown job kind', async () => {
    await expect(host.run('no-such-kind', {}).done).rejects.toThrow(/no job kind "no-such-kind"/);
  });

  it('fails only the job whose worker dies mid-job; a fresh worker takes the next', async () => {
    const progressSeen: number[] = [];
    const doomed = host.run('die', { afterMs: 50 }, { onProgress: (p) => progressSeen.push(p.fraction ?? 0) });
    const next = host.run('echo', { value: 'after the crash' });
    const error = await doomed.done.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).message).toMatch(/engine worker stopped \(exit code 70\) while running die/);
    await expect(next.done).resolves.toBe('after the crash');
    expect(host.metrics().crashes).toBe(1);
    expect(host.list().find((j) => j.jobId === doomed.jobId)?.state).toBe('failed');
  });

  it('cancels a cooperative job through the shared flag', async () => {
    const handle = host.run('spin', { ms: 30_000 });
    await new Promise((r) => setTimeout(r, 100));
    const started = Date.now();
    expect(host.cancel(handle.jobId)).toBe(true);
    const error = await handle.done.catch((e: unknown) => e);
    expect((error as ApiError).code).toBe('cancelled');
    expect(Date.now() - started).toBeLessThan(5000);
    await expect(host.run('echo', { value: 2 }).done).resolves.toBe(2);
  });

  it('cancels a job that never checks by terminating its worker after the grace period', async () => {
    // countdown with a huge step sleeps between checks: only termination stops it in time.
    const handle = host.run('countdown', { steps: 1, stepMs: 60_000 });
    await new Promise((r) => setTimeout(r, 100));
    host.cancel(handle.jobId);
    const error = await handle.done.catch((e: unknown) => e);
    expect((error as ApiError).code).toBe('cancelled');
    expect(host.metrics().crashes).toBe(0);
    await expect(host.run('echo', { value: 3 }).done).resolves.toBe(3);
  });

  it('cancels a queued job before it starts', async () => {
    const first = host.run('countdown', { steps: 2, stepMs: 50 });
    const queued = host.run('echo', { value: 'never' });
    expect(host.cancel(queued.jobId)).toBe(true);
    await expect(queued.done).rejects.toThrow(/cancelled before it started/);
    await expect(first.done).resolves.toEqual({ completed: 2 });
  });

  it('moves large arrays as transferable buffers', async () => {
    const data = new Float64Array(1_000_000).fill(1.5);
    const result = await host.run<Float64Array>('echo', { value: data }, {}, [data.buffer]).done;
    expect(data.byteLength).toBe(0); // transferred, not copied
    expect(result.length).toBe(1_000_000);
    expect(result[999_999]).toBe(1.5);
  });
});
