// Sends one File (or Blob) to the host in chunks through the typed API — capture.uploadBegin,
// then capture.uploadChunk for each slice, each acknowledged before the next (so the host's disk
// sets the pace and progress is exact) — and returns the upload id to import. Only one slice is in
// memory at a time, so gigabyte captures upload from a browser tab. An abort (Cancel) stops
// between chunks and asks the host to delete the partial file.
import type { ApiClient } from '../../src-main/api/contract.js';

export interface UploadProgress {
  sent: number;
  total: number;
  bytesPerSecond: number;
}

export class UploadCancelled extends Error {
  constructor(name: string) {
    super(`capture: upload of ${name} cancelled; the partial file was deleted on the host`);
    this.name = 'UploadCancelled';
  }
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Portable base64 (Node tests have no FileReader); the browser uses readAsDataURL, which is native. */
function base64OfBytes(bytes: Uint8Array): string {
  let out = '';
  const parts: string[] = [];
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += B64[(n >> 18) & 63]! + B64[(n >> 12) & 63]! + B64[(n >> 6) & 63]! + B64[n & 63]!;
    if (out.length >= 65536) {
      parts.push(out);
      out = '';
    }
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += B64[(n >> 18) & 63]! + B64[(n >> 12) & 63]! + '==';
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += B64[(n >> 18) & 63]! + B64[(n >> 12) & 63]! + B64[(n >> 6) & 63]! + '=';
  }
  parts.push(out);
  return parts.join('');
}

export async function blobToBase64(blob: Blob): Promise<string> {
  if (typeof FileReader === 'undefined') return base64OfBytes(new Uint8Array(await blob.arrayBuffer()));
  const url = await new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('capture: the browser could not read the file'));
    reader.readAsDataURL(blob);
  });
  return url.slice(url.indexOf(',') + 1);
}

export interface UploadOptions {
  signal?: AbortSignal;
  onProgress?(p: UploadProgress): void;
  /** Overrides the host's chunk size (tests). */
  chunkBytes?: number;
}

export async function uploadCapture(api: Pick<ApiClient, 'call'>, file: Blob & { name: string }, options: UploadOptions = {}): Promise<string> {
  const { signal, onProgress } = options;
  if (signal?.aborted) throw new UploadCancelled(file.name);
  const begun = await api.call('capture.uploadBegin', { name: file.name, size: file.size });
  const chunk = options.chunkBytes ?? begun.chunkBytes;
  const started = performance.now();
  let sent = 0;
  try {
    onProgress?.({ sent: 0, total: file.size, bytesPerSecond: 0 });
    while (sent < file.size) {
      if (signal?.aborted) throw new UploadCancelled(file.name);
      const slice = file.slice(sent, Math.min(file.size, sent + chunk));
      const data = await blobToBase64(slice);
      if (signal?.aborted) throw new UploadCancelled(file.name);
      const r = await api.call('capture.uploadChunk', { uploadId: begun.uploadId, offset: sent, data });
      sent = r.received;
      const seconds = (performance.now() - started) / 1000;
      onProgress?.({ sent, total: file.size, bytesPerSecond: seconds > 0 ? sent / seconds : 0 });
    }
  } catch (error) {
    // Whatever stopped the upload, the host must not keep a partial file.
    await api.call('capture.uploadCancel', { uploadId: begun.uploadId }).catch(() => undefined);
    throw error;
  }
  return begun.uploadId;
}
