// The reports area through the service (in-process transport, real host with worker threads):
// the kinds catalogue, a report returned as content, one generated in the background followed by
// events, cancel, and the errors a caller can act on.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, type ApiClient } from '../../../src-main/api/contract.js';
import type { ReportOutcome, ReportProgress } from '../../../src-main/api/contract/reports.js';
import { createInProcessClient } from '../../../src-main/api/in-process-transport.js';
import { NetWeaverHost } from '../../../src-main/host.js';
import { REPORT_KINDS } from '../../../src-main/report/model.js';
import { sharedMissingReason, sharedPath, sharedPresent } from '../../support/shared-data.js';
import { externalReferences } from './report-check.js';

let host: NetWeaverHost;
let api: ApiClient;

beforeAll(async () => {
  host = new NetWeaverHost({ store: { db: join(mkdtempSync(join(tmpdir(), 'nw-report-api-')), 'api.duckdb') }, workers: 2 });
  api = createInProcessClient(await host.start());
});
afterAll(async () => {
  api.close();
  await host.stop();
});

const network = (name: string) => ({ topology: sharedPath('data', 'repetita', `${name}.graph`), demands: sharedPath('data', 'repetita', `${name}.0000.demands`) });

describe('reports through the service', () => {
  it('lists every kind with its inputs and formats', async () => {
    const kinds = await api.call('reports.kinds', {});
    expect(kinds.map((k) => k.kind)).toEqual([...REPORT_KINDS]);
    for (const k of kinds) expect(k.formats).toEqual(['html', 'pdf', 'csv', 'json']);
    expect(kinds.find((k) => k.kind === 'topology')!.inputs.filter((i) => i.required).map((i) => i.field)).toEqual(['topology', 'demands']);
  });

  it('refuses an unknown kind and an unknown field by name', async () => {
    const e1 = await api.call('reports.generate', { kind: 'weather' } as never).catch((e: unknown) => e);
    expect((e1 as ApiError).code).toBe('invalid_params');
    expect((e1 as ApiError).message).toMatch(/kind/);
    const e2 = await api.call('reports.generate', { kind: 'traffic', colour: 'red' } as never).catch((e: unknown) => e);
    expect((e2 as ApiError).message).toMatch(/colour|Unrecognized/);
    const e3 = await api.call('reports.status', { reportId: 'nope' }).catch((e: unknown) => e);
    expect((e3 as ApiError).code).toBe('not_found');
  });

  it('fails a traffic report on an empty store with the reason, not an exception', async () => {
    const r = await api.call('reports.generate', { kind: 'traffic', format: 'json' });
    // The store has the flows table (migrated) but no flows: a report that says so.
    expect(r.state).toBe('succeeded');
    const report = JSON.parse(r.files![0]!.content!);
    expect(report.subtitle).toBe('No flows matched this range and filter');
  });

  it.skipIf(!sharedPresent)(`returns a topology snapshot as self-contained HTML content ${sharedPresent ? '' : sharedMissingReason}`, async () => {
    const r = await api.call('reports.generate', { kind: 'topology', format: 'html', ...network('Abilene') });
    expect(r.state).toBe('succeeded');
    expect(r.jobIds.length).toBe(1);
    const file = r.files![0]!;
    expect(file).toMatchObject({ name: 'topology-snapshot.html', mimeType: 'text/html', encoding: 'utf8' });
    expect(file.bytes).toBe(Buffer.byteLength(file.content!, 'utf8'));
    expect(externalReferences(file.content!)).toEqual([]);
    expect((await api.call('jobs.list', {})).some((j) => j.jobId === r.jobIds[0] && j.kind === 'report.snapshot' && j.state === 'succeeded')).toBe(true);
  });

  it.skipIf(!sharedPresent)('runs a failure analysis in the background with progress and a finished event', async () => {
    const progress: ReportProgress[] = [];
    const finished: ReportOutcome[] = [];
    const off1 = api.on('reports.progress', (p) => progress.push(p));
    const off2 = api.on('reports.finished', (o) => finished.push(o));
    const started = await api.call('reports.generate', { kind: 'failure', format: 'csv', wait: false, ...network('Cogentco') });
    expect(started.state).toBe('running');
    for (let i = 0; i < 600 && !finished.some((f) => f.reportId === started.reportId); i++) await new Promise((r) => setTimeout(r, 50));
    off1();
    off2();
    const done = finished.find((f) => f.reportId === started.reportId)!;
    expect(done.state).toBe('succeeded');
    // The event carries no contents; reports.status does.
    expect(done.files!.every((f) => f.content === undefined)).toBe(true);
    const status = await api.call('reports.status', { reportId: started.reportId });
    expect(status.files!.map((f) => f.table)).toEqual(['worst-scenarios', 'link-worst-case', 'what-if-1', 'what-if-2', 'what-if-3', 'scenarios']);
    expect(progress.some((p) => p.reportId === started.reportId && /failure \d+ of \d+|rendering/.test(p.message))).toBe(true);
    // The sweep ran as the routing engine's chunk jobs, one per pool worker, then one merging job.
    const jobs = await api.call('jobs.list', {});
    const mine = jobs.filter((j) => status.jobIds.includes(j.jobId));
    expect(mine.filter((j) => j.kind === 'routing.sweep').length).toBe(2);
    expect(mine.filter((j) => j.kind === 'routing.sweep').every((j) => j.state === 'succeeded')).toBe(true);
    expect(mine.filter((j) => j.kind === 'report.failures').length).toBe(1);
  }, 60_000);

  it.skipIf(!sharedPresent)('cancels a running report and its engine job', async () => {
    const started = await api.call('reports.generate', { kind: 'failure', format: 'json', wait: false, ...network('Cogentco') });
    const { cancelled } = await api.call('reports.cancel', { reportId: started.reportId });
    for (let i = 0; i < 400; i++) {
      const s = await api.call('reports.status', { reportId: started.reportId });
      if (s.state !== 'running') {
        // Either the cancel landed while it ran, or it had already finished (then nothing was cancelled).
        expect(s.state).toBe(cancelled ? 'cancelled' : 'succeeded');
        if (cancelled) expect(s.error).toBeTruthy();
        return;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('report never finished');
  }, 60_000);
});
