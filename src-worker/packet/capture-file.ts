// Reads a capture file from disk into a CaptureReader in fixed-size chunks, transparently
// gunzipping .gz captures (zlib streaming), reporting progress by bytes of the file on disk and
// stopping between chunks when asked to. Memory use is one chunk plus one partial record.
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { createGunzip } from 'node:zlib';
import { CaptureReader, type PacketCallback, sniffFileKind } from './capture-reader.js';

export interface CaptureFileOptions {
  /** Bytes per read (default 1 MiB). */
  chunkSize?: number;
  /** Polled between chunks; returning true stops reading (the reader keeps what it read). */
  shouldStop?: () => boolean;
  /** Called after every chunk with the bytes of the file on disk consumed so far. */
  onChunk?: (fileBytesRead: number, fileSize: number, reader: CaptureReader) => void | Promise<void>;
}

export interface CaptureFileResult {
  reader: CaptureReader;
  fileSize: number;
  compressed: boolean;
  /** True when shouldStop() ended the read early. */
  stopped: boolean;
}

/**
 * Streams `path` through a CaptureReader calling `onPacket` for every packet. Throws a
 * CaptureFormatError (one clear sentence) when the file is not a capture; corruption and
 * truncation are reported on the returned reader (`error`, `truncated`).
 */
export async function readCaptureFile(path: string, onPacket: PacketCallback, options: CaptureFileOptions = {}): Promise<CaptureFileResult> {
  const chunkSize = options.chunkSize ?? 1 << 20;
  const { size: fileSize } = await stat(path);
  const head = new Uint8Array(4);
  const fh = await open(path, 'r');
  try {
    await fh.read(head, 0, 4, 0);
  } finally {
    await fh.close();
  }
  const compressed = sniffFileKind(head) === 'gzip';
  const reader = new CaptureReader(onPacket, basename(path));
  const raw = createReadStream(path, { highWaterMark: chunkSize });
  let fileBytes = 0;
  raw.on('data', (chunk) => {
    fileBytes += chunk.length;
  });
  const source = compressed ? raw.pipe(createGunzip({ chunkSize })) : raw;
  let stopped = false;
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      reader.push(chunk);
      if (options.onChunk) await options.onChunk(fileBytes, fileSize, reader);
      if (reader.failed) break;
      if (options.shouldStop?.()) {
        stopped = true;
        break;
      }
    }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (compressed && (code === 'Z_BUF_ERROR' || code === 'Z_DATA_ERROR')) {
      // A cut-off or damaged gzip stream: keep what decompressed, say so.
      reader.truncated = `capture: ${basename(path)}: gzip stream ${code === 'Z_BUF_ERROR' ? 'ends early' : 'is damaged'} (${(err as Error).message}); the ${reader.stats.packets} packets before it were read`;
      if (reader.stats.format === null) throw err;
      return { reader, fileSize, compressed, stopped };
    }
    throw err;
  } finally {
    raw.destroy();
  }
  if (!stopped && !reader.failed) reader.finish();
  return { reader, fileSize, compressed, stopped };
}
