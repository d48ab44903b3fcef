// The contract's validation and the in-process transport, against a real host (DuckDB file,
// worker threads): what every transport relies on.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, type ApiClient, type JobInfo } from '../../../src-main/api/contract.js';
import { createInProcessClient } from '../../../src-main/api/in-process-transport.js';
import type { Service } from '../../../src-main/api/service.js';
import { NetWeaverHost } from '../../../src-main/host.js';
import { migrations } from '../../../src-main/store/migrations/index.js';

let host: NetWeaverHost;
let service: Service;
let api: ApiClient;

beforeAll(async () => {
  host = new NetWeaverHost({ store: { db: join(mkdtempSync(join(tmpdir(), 'nw-api-')), 'api.duckdb') }, workers: 1 });
  service = await host.start();
  api = createInProcessClient(service);
});
afterAll(async () => {
  api.close();
  await host.stop();
});

describe('contract validation', () => {
  it('round-trips a valid call', async () => {
    const res = await api.call('system.echo', { text: 'hello' });
    expect(res.text).toBe('hello');
    expect(new Date(res.receivedAt).getTime()).toBeGreaterThan(0);
  });

  it('refuses a wrong type with the field named', async () => {
    const error = await api.call('system.echo', { text: 42 } as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('invalid_params');
    expect((error as ApiError).message).toMatch(/system\.echo.*text/);
  });

  it('refuses unknown fields (strict schemas)', async () => {
    const error = await api.call('system.health', { extra: 1 } as never).catch((e: unknown) => e);
    expect((error as ApiError).code).toBe('invalid_params');
  });

  it('fills defaults and enforces ranges', async () => {
    const error = await api.call('jobs.selfTest', { steps: 0 }).catch((e: unknown) => e);
    expect((error as ApiError).code).toBe('invalid_params');
    const ok = await api.call('jobs.selfTest', { stepMs: 1 });
    expect(ok.completed).toBe(5);
  });

  it('refuses an unknown method as unknown_method', async () => {
    const error = await service.call('no.such', {}, { transport: 'test' }).catch((e: unknown) => e);
    expect((error as ApiError).code).toBe('unknown_method');
  });

  it('refuses an unknown event name', () => {
    expect(() => service.subscribe('no.such', () => undefined)).toThrow(/no event/);
  });
});

describe('events', () => {
  it('delivers job.updated through the transport as a job runs', async () => {
    const seen: JobInfo[] = [];
    const off = api.on('job.updated', (info) => seen.push(info));
    await new Promise((r) => setTimeout(r, 10)); // let the subscription reach the server
    const { jobId } = await api.call('jobs.selfTest', { steps: 3, stepMs: 5 });
    off();
    const mine = seen.filter((j) => j.jobId === jobId);
    expect(mine.map((j) => j.state)).toContain('running');
    expect(mine.at(-1)?.state).toBe('succeeded');
    expect(mine.some((j) => j.progress?.fraction === 1)).toBe(true);
  });

  it('reports health with the store and workers', async () => {
    const health = await api.call('system.health', {});
    expect(health.store).toMatchObject({ kind: 'duckdb', ok: true, schemaVersion: Math.max(...migrations.map((m) => m.version)) });
    expect(health.workers.size).toBe(1);
    expect(health.transport).toBe('in-process');
  });
});
