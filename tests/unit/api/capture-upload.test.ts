// Capture upload and import through the API, against a real host (DuckDB file, worker threads):
// a real capture sent in chunks by the renderer's upload client imports exactly like the same
// file by path and leaves nothing in the uploads folder; the size limit, out-of-order and
// oversized chunks, cancel mid-upload and a garbage file give clear messages; a cancelled
// import is recorded as cancelled — job state, result and history — with what it stored.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, type ApiClient, type JobInfo } from '../../../src-main/api/contract.js';
import { createInProcessClient } from '../../../src-main/api/in-process-transport.js';
import type { Service } from '../../../src-main/api/service.js';
import { NetWeaverHost } from '../../../src-main/host.js';
import { uploadCapture, UploadCancelled } from '../../../src-renderer/captures/upload-file.js';
import { sharedMissingReason, sharedPath, sharedPresent } from '../../support/shared-data.js';
import { bigPcap } from '../../support/big-pcap.js';

const work = mkdtempSync(join(tmpdir(), 'nw-upload-'));
const uploadsDir = join(work, 'uploads');
let host: NetWeaverHost;
let service: Service;
let api: ApiClient;
const saved = { dir: process.env.NETWEAVER_UPLOADS_DIR, max: process.env.NETWEAVER_UPLOAD_MAX_BYTES };

beforeAll(async () => {
  process.env.NETWEAVER_UPLOADS_DIR = uploadsDir;
  process.env.NETWEAVER_UPLOAD_MAX_BYTES = String(4 * 1024 * 1024);
  host = new NetWeaverHost({ store: { db: join(work, 'upload.duckdb') }, workers: 1 });
  service = await host.start();
  api = createInProcessClient(service);
});
afterAll(async () => {
  api.close();
  await host.stop();
  process.env.NETWEAVER_UPLOADS_DIR = saved.dir;
  process.env.NETWEAVER_UPLOAD_MAX_BYTES = saved.max;
  if (saved.dir === undefined) delete process.env.NETWEAVER_UPLOADS_DIR;
  if (saved.max === undefined) delete process.env.NETWEAVER_UPLOAD_MAX_BYTES;
});

const fileOf = (path: string, name = path.split('/').pop()!) => new File([new Uint8Array(readFileSync(path))], name);
const leftInUploads = () => readdirSync(uploadsDir);

describe.skipIf(!sharedPresent)(`capture upload${sharedPresent ? '' : ` (skipped: ${sharedMissingReason})`}`, () => {
  it('a capture uploaded in chunks imports exactly like the same file by path, and its upload is deleted', async () => {
    const path = sharedPath('fixtures', 'pcap-tcpdump', 'afs.pcap');
    const progress: number[] = [];
    const uploadId = await uploadCapture(api, fileOf(path), { chunkBytes: 64 * 1024, onProgress: (p) => progress.push(p.sent) });
    expect(progress.at(-1)).toBe(readFileSync(path).length);
    expect(progress.length).toBeGreaterThan(8); // 510 KiB in 64 KiB chunks
    expect(leftInUploads()).toHaveLength(1);
    const viaUpload = await api.call('capture.import', { uploads: [uploadId] });
    expect(leftInUploads()).toEqual([]);
    const viaPath = await api.call('capture.import', { paths: [path] });
    expect(viaUpload.state).toBe('succeeded');
    expect(viaUpload.packets).toBe(viaPath.packets);
    expect(viaUpload.flows.rows).toBe(viaPath.flows.rows);
    expect(viaUpload.rowsStored).toBe(viaPath.rowsStored);
    expect(viaUpload.files[0]!.path).toBe('afs.pcap'); // the name dropped, not the host's upload path
    expect(viaUpload.outcome).toMatch(/packets → [\d,]+ flow rows stored/);
    const history = await api.call('capture.history', {});
    const mine = history.find((h) => h.jobId === viaUpload.jobId)!;
    expect(mine).toMatchObject({ state: 'succeeded', files: ['afs.pcap'], packets: viaUpload.packets, rowsStored: viaUpload.rowsStored });
    // An imported upload is gone: importing it again is a clear not-found.
    const again = await api.call('capture.import', { uploads: [uploadId] }).catch((e: ApiError) => e);
    expect((again as ApiError).message).toMatch(/^capture: no upload/);
  });

  it('refuses a file over the limit before any byte is sent, saying the limit and the way around it', async () => {
    const error = await api.call('capture.uploadBegin', { name: 'core-uplink.pcapng', size: 5 * 1024 * 1024 }).catch((e: ApiError) => e);
    expect((error as ApiError).message).toMatch(/core-uplink\.pcapng is 5\.0 MiB; uploads are limited to 4\.0 MiB.*by its path/);
    expect(leftInUploads()).toEqual([]);
  });

  it('refuses chunks out of order and beyond the announced size, deleting the partial file', async () => {
    const { uploadId } = await api.call('capture.uploadBegin', { name: 'x.pcap', size: 6 });
    const gap = await api.call('capture.uploadChunk', { uploadId, offset: 3, data: Buffer.from('abc').toString('base64') }).catch((e: ApiError) => e);
    expect((gap as ApiError).message).toMatch(/starts at byte 3, expected 0/);
    const over = await api.call('capture.uploadChunk', { uploadId, offset: 0, data: Buffer.from('abcdefgh').toString('base64') }).catch((e: ApiError) => e);
    expect((over as ApiError).message).toMatch(/sent more than the 6 B it announced; upload discarded/);
    expect(leftInUploads()).toEqual([]);
    const half = await api.call('capture.uploadBegin', { name: 'half.pcap', size: 6 });
    await api.call('capture.uploadChunk', { uploadId: half.uploadId, offset: 0, data: Buffer.from('abc').toString('base64') });
    const early = await api.call('capture.import', { uploads: [half.uploadId] }).catch((e: ApiError) => e);
    expect((early as ApiError).message).toMatch(/half\.pcap is not complete \(3 B of 6 B\)/);
    await api.call('capture.uploadCancel', { uploadId: half.uploadId });
  });

  it('cancel mid-upload stops sending and deletes the partial file on the host', async () => {
    const controller = new AbortController();
    const big = new File([new Uint8Array(bigPcap(20_000))], 'mid.pcap');
    const upload = uploadCapture(api, big, {
      chunkBytes: 64 * 1024,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.sent >= 3 * 64 * 1024) controller.abort();
      },
    });
    await expect(upload).rejects.toBeInstanceOf(UploadCancelled);
    expect(leftInUploads()).toEqual([]);
    expect(service.context.captureUploads!.open()).toEqual([]);
  });

  it('a garbage file fails with its own name in the message and is recorded as failed', async () => {
    const junk = join(work, 'junk.pcap');
    writeFileSync(junk, Buffer.from('this is not a capture file at all, just text\n'.repeat(50)));
    const uploadId = await uploadCapture(api, fileOf(junk));
    const error = (await api.call('capture.import', { uploads: [uploadId] }).catch((e: ApiError) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.message).toMatch(/junk\.pcap/);
    expect(error.message).not.toContain(uploadsDir);
    expect(leftInUploads()).toEqual([]);
    const history = await api.call('capture.history', {});
    expect(history[0]).toMatchObject({ state: 'failed', files: ['junk.pcap'] });
  });
});

describe('a cancelled import', () => {
  it('is recorded as cancelled (job, result, history) and says what it stored before the cancel', async () => {
    const path = join(work, 'long.pcap');
    writeFileSync(path, bigPcap(600_000));
    const updates: JobInfo[] = [];
    let jobId = '';
    const off = api.on('job.updated', (job) => {
      if (job.jobId !== jobId) return;
      updates.push(job);
      if (job.progress && typeof job.progress.fraction === 'number' && job.progress.fraction > 0 && job.state === 'running') void api.call('jobs.cancel', { jobId });
    });
    jobId = (await api.call('capture.start', { paths: [path] })).jobId;
    const result = await api.call('capture.result', { jobId });
    off();
    expect(result.state).toBe('cancelled');
    expect(result.cancelled).toBe(true);
    expect(result.packets).toBeLessThan(600_000);
    const stored = await service.context.store.all<{ n: number }>("SELECT count(*) AS n FROM flows WHERE dst_port = 5001");
    expect(Number(stored[0]!.n)).toBe(result.rowsStored);
    expect(result.outcome).toMatch(new RegExp(`^Cancelled at \\d+ % after [\\d,]+ packets; ${result.rowsStored.toLocaleString('en-US')} flow rows stored before the cancel \\(kept\\)`));
    const job = (await api.call('jobs.list', {})).find((j) => j.jobId === jobId)!;
    expect(job.state).toBe('cancelled');
    expect(job.outcome).toBe(result.outcome);
    expect(updates.at(-1)!.outcome).toBe(result.outcome);
    const history = await api.call('capture.history', {});
    expect(history.find((h) => h.jobId === jobId)).toMatchObject({ state: 'cancelled', outcome: result.outcome, rowsStored: result.rowsStored, packets: result.packets });
  }, 60_000);
});
