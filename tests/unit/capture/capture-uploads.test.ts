// The host's upload folder on its own: an upload abandoned mid-way is deleted after its idle
// time, files left by a host that died over a day ago are swept at first use (newer ones are
// another host's and stay), a zero-byte upload is complete at once, and close() deletes what is
// open.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CaptureUploads, defaultCaptureUploadsConfig } from '../../../src-main/capture/capture-uploads.js';

const uploadsIn = (dir: string, idleMs = 60_000) => new CaptureUploads({ ...defaultCaptureUploadsConfig({}), dir, idleMs });

describe('capture uploads folder', () => {
  it('deletes an upload abandoned mid-way after its idle time', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'nw-uploads-')), 'u');
    const uploads = uploadsIn(dir, 300);
    const { uploadId } = await uploads.begin('left.pcap', 10);
    await uploads.chunk(uploadId, 0, Buffer.from('abcd'));
    expect(readdirSync(dir)).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 100));
    expect(readdirSync(dir)).toHaveLength(1); // not yet idle long enough
    for (let i = 0; i < 100 && readdirSync(dir).length; i++) await new Promise((r) => setTimeout(r, 50));
    expect(readdirSync(dir)).toEqual([]);
    expect(uploads.open()).toEqual([]);
    await expect(uploads.chunk(uploadId, 4, Buffer.from('efgh'))).rejects.toThrow(/no upload .* abandoned/);
  });

  it('sweeps files over a day old at first use, keeps newer ones', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'nw-uploads-')), 'u');
    mkdirSync(dir);
    const old = join(dir, 'old-crash.pcap');
    const recent = join(dir, 'other-host.pcap');
    writeFileSync(old, 'x');
    writeFileSync(recent, 'y');
    const twoDaysAgo = (Date.now() - 2 * 24 * 3600_000) / 1000;
    utimesSync(old, twoDaysAgo, twoDaysAgo);
    const uploads = uploadsIn(dir);
    await uploads.begin('new.pcap', 4);
    expect(existsSync(old)).toBe(false);
    expect(existsSync(recent)).toBe(true);
    await uploads.close();
    expect(readdirSync(dir)).toEqual(['other-host.pcap']);
  });

  it('a zero-byte upload is complete at once and can be claimed', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'nw-uploads-')), 'u');
    const uploads = uploadsIn(dir);
    const { uploadId } = await uploads.begin('empty.pcap', 0);
    const [claimed] = uploads.claim([uploadId]);
    expect(claimed!.name).toBe('empty.pcap');
    expect(() => uploads.claim([uploadId])).toThrow(/already being imported/);
    await uploads.release([uploadId]);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('reads its limits from the environment', () => {
    const c = defaultCaptureUploadsConfig({ NETWEAVER_UPLOADS_DIR: '/srv/up', NETWEAVER_UPLOAD_MAX_BYTES: '1000', XDG_CACHE_HOME: '/c' });
    expect(c).toMatchObject({ dir: '/srv/up', maxBytes: 1000 });
    expect(defaultCaptureUploadsConfig({ XDG_CACHE_HOME: '/c', NETWEAVER_UPLOAD_MAX_BYTES: 'lots' })).toMatchObject({ dir: '/c/netweaver/uploads', maxBytes: 8 * 1024 ** 3 });
  });
});
