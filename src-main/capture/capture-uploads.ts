// Capture uploads: a file dropped into the browser (`netweaver serve`) reaches the host in
// chunks through the typed API (capture.uploadBegin / uploadChunk / uploadCancel), is written
// straight to a file in the uploads folder — never held whole in memory — and is handed to the
// import by its upload id. A cancelled, abandoned (no chunk for `idleMs`) or imported upload's
// file is deleted; partial files never stay behind.
//
// Why the RPC and not an HTTP endpoint on the serve server: the renderer has one typed client
// whatever the transport, every call is validated by the contract's schema and authenticated by
// the WebSocket's token + Origin check, and the same methods work in-process (tests, CLI). Chunks
// are acknowledged (at most four outstanding), which gives exact progress and backpressure;
// cancel is a method like any other. An HTTP PUT would avoid base64 but needs a second way in
// (cookie/CSRF + Origin checks on a non-GET route), outside the contract and its validation.
// The cost is base64 in JSON (4/3 of the bytes, about 8 ms per MiB in Chromium and as much on the
// host); the README gives the measured rate. In the desktop app nothing is uploaded: dropped
// files have real paths.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync, statSync, statfsSync } from 'node:fs';
import { open, rm, type FileHandle } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ApiError } from '../api/contract/errors.js';

export interface CaptureUploadsConfig {
  /** Where uploaded files are written (created on first use). */
  dir: string;
  /** Largest file accepted, in bytes. */
  maxBytes: number;
  /** Bytes of one chunk the client should send (the contract caps what is accepted). */
  chunkBytes: number;
  /** An upload with no chunk (or, when complete, no import) for this long is deleted. */
  idleMs: number;
  /** Uploads open at once. */
  maxOpen: number;
}

const GiB = 1024 ** 3;

export function defaultCaptureUploadsConfig(env: NodeJS.ProcessEnv = process.env): CaptureUploadsConfig {
  const cache = env.XDG_CACHE_HOME || join(homedir(), '.cache');
  const max = Number(env.NETWEAVER_UPLOAD_MAX_BYTES);
  return {
    // On disk, not /tmp: /tmp is often a RAM-backed tmpfs and captures can be gigabytes.
    dir: env.NETWEAVER_UPLOADS_DIR || join(cache, 'netweaver', 'uploads'),
    maxBytes: Number.isFinite(max) && max > 0 ? max : 8 * GiB,
    chunkBytes: 1024 * 1024,
    idleMs: 10 * 60_000,
    maxOpen: 32,
  };
}

interface Upload {
  id: string;
  name: string;
  size: number;
  received: number;
  path: string;
  file: FileHandle | null;
  timer: ReturnType<typeof setTimeout> | null;
  /** Chunks are written one at a time, in order. */
  writing: Promise<void>;
  claimed: boolean;
}

export function formatBytes(n: number): string {
  if (n >= GiB) return `${(n / GiB).toFixed(1)} GiB`;
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} B`;
}

/** A file name safe to put in the uploads folder (the original stays in the upload's record). */
function safeName(name: string): string {
  return (name.split(/[\\/]/).pop() ?? 'capture').replace(/[^A-Za-z0-9._-]/g, '_').slice(-100) || 'capture';
}

export class CaptureUploads {
  private readonly uploads = new Map<string, Upload>();
  private swept = false;

  constructor(readonly config: CaptureUploadsConfig) {}

  /** Starts an upload of `size` bytes; refuses files over the limit or beyond the free disk space. */
  async begin(name: string, size: number): Promise<{ uploadId: string; chunkBytes: number; maxBytes: number }> {
    const { maxBytes, dir } = this.config;
    if (size > maxBytes) {
      throw new ApiError('invalid_params', `capture: ${name} is ${formatBytes(size)}; uploads are limited to ${formatBytes(maxBytes)} (NETWEAVER_UPLOAD_MAX_BYTES on the host). Import it by its path on the host instead (netweaver import FILE), or raise the limit.`);
    }
    if (this.uploads.size >= this.config.maxOpen) throw new ApiError('unavailable', `capture: ${this.config.maxOpen} uploads are already open; wait for one to finish`);
    this.prepareDir();
    const free = this.freeBytes();
    const reserved = [...this.uploads.values()].reduce((a, u) => a + u.size - u.received, 0);
    if (free !== null && size + reserved > free) {
      throw new ApiError('unavailable', `capture: not enough disk space for ${name} (${formatBytes(size)}) in ${dir}: ${formatBytes(Math.max(0, free - reserved))} free`);
    }
    const id = randomBytes(9).toString('base64url');
    const path = join(dir, `${id}-${safeName(name)}`);
    const file = await open(path, 'wx', 0o600);
    const upload: Upload = { id, name, size, received: 0, path, file, timer: null, writing: Promise.resolve(), claimed: false };
    if (size === 0) {
      await file.close(); // complete already; the import says what an empty file is
      upload.file = null;
    }
    this.uploads.set(id, upload);
    this.touch(upload);
    return { uploadId: id, chunkBytes: this.config.chunkBytes, maxBytes };
  }

  /** Appends one chunk at `offset` (it must follow the previous one); returns the bytes received so far. */
  async chunk(uploadId: string, offset: number, data: Buffer): Promise<{ received: number; complete: boolean }> {
    const u = this.get(uploadId);
    const write = u.writing.then(async () => {
      if (!this.uploads.has(u.id)) throw new ApiError('cancelled', `capture: the upload of ${u.name} was cancelled`);
      if (offset !== u.received) throw new ApiError('invalid_params', `capture: chunk for ${u.name} starts at byte ${offset}, expected ${u.received}`);
      if (u.received + data.length > u.size) {
        await this.discard(u);
        throw new ApiError('invalid_params', `capture: ${u.name} sent more than the ${formatBytes(u.size)} it announced; upload discarded`);
      }
      if (!u.file) throw new ApiError('conflict', `capture: the upload of ${u.name} is already complete`);
      await u.file.write(data, 0, data.length, offset);
      u.received += data.length;
      if (u.received === u.size) {
        await u.file.close();
        u.file = null;
      }
      this.touch(u);
    });
    u.writing = write.catch(() => undefined);
    await write;
    return { received: u.received, complete: u.received === u.size };
  }

  /** Stops an upload and deletes what arrived. False when there was no such upload (already gone). */
  async cancel(uploadId: string): Promise<boolean> {
    const u = this.uploads.get(uploadId);
    if (!u) return false;
    await this.discard(u);
    return true;
  }

  /** Hands complete uploads to an import: their paths and names. Call `release` when the import ends. */
  claim(uploadIds: string[]): Array<{ path: string; name: string }> {
    const list = uploadIds.map((id) => this.get(id));
    for (const u of list) {
      if (u.received !== u.size || u.file) throw new ApiError('invalid_params', `capture: the upload of ${u.name} is not complete (${formatBytes(u.received)} of ${formatBytes(u.size)})`);
      if (u.claimed) throw new ApiError('conflict', `capture: ${u.name} is already being imported`);
    }
    for (const u of list) {
      u.claimed = true;
      if (u.timer) clearTimeout(u.timer);
      u.timer = null;
    }
    return list.map((u) => ({ path: u.path, name: u.name }));
  }

  /** Deletes claimed uploads once their import has ended (whatever its outcome). */
  async release(uploadIds: string[]): Promise<void> {
    for (const id of uploadIds) {
      const u = this.uploads.get(id);
      if (u) await this.discard(u);
    }
  }

  /** Open uploads (for tests and metrics). */
  open(): Array<{ uploadId: string; name: string; size: number; received: number }> {
    return [...this.uploads.values()].map((u) => ({ uploadId: u.id, name: u.name, size: u.size, received: u.received }));
  }

  /** Deletes every open upload (host shutdown). */
  async close(): Promise<void> {
    for (const u of [...this.uploads.values()]) await this.discard(u);
  }

  private get(uploadId: string): Upload {
    const u = this.uploads.get(uploadId);
    if (!u) throw new ApiError('not_found', `capture: no upload ${uploadId} (cancelled, imported already, or abandoned for over ${Math.round(this.config.idleMs / 60_000)} min)`);
    return u;
  }

  private touch(u: Upload): void {
    if (u.timer) clearTimeout(u.timer);
    u.timer = setTimeout(() => void this.discard(u), this.config.idleMs);
    u.timer.unref?.();
  }

  private async discard(u: Upload): Promise<void> {
    this.uploads.delete(u.id);
    if (u.timer) clearTimeout(u.timer);
    u.timer = null;
    const file = u.file;
    u.file = null;
    await file?.close().catch(() => undefined);
    await rm(u.path, { force: true });
  }

  /** Creates the folder; once per process, deletes files left by a host that stopped mid-upload over a day ago. */
  private prepareDir(): void {
    mkdirSync(this.config.dir, { recursive: true, mode: 0o700 });
    if (this.swept) return;
    this.swept = true;
    const dayAgo = Date.now() - 24 * 3600_000;
    for (const name of readdirSync(this.config.dir)) {
      const path = join(this.config.dir, name);
      try {
        if (statSync(path).mtimeMs < dayAgo) rmSync(path, { force: true });
      } catch {
        // Another host may have removed it first.
      }
    }
  }

  private freeBytes(): number | null {
    try {
      const s = statfsSync(this.config.dir);
      return Number(s.bavail) * Number(s.bsize);
    } catch {
      return null;
    }
  }
}
