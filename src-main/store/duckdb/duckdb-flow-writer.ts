// Appends FlowBatches to DuckDB's flows table through the appender, a data chunk (2048 rows)
// at a time: each column is written straight into the chunk's vector memory from the batch's
// typed arrays (no per-value JS objects), NULLs through the validity mask. Addresses go in as
// UHUGEINT: the 16 big-endian bytes reversed into DuckDB's little-endian 128-bit layout.
import { DuckDBAppender, DuckDBDataChunk, type DuckDBConnection } from '@duckdb/node-api';
import duckdb from '@duckdb/node-bindings';
import type { FlowBatch } from '../../../src-worker/flow/record.js';
import type { FlowWriter } from '../flows/flow-writer.js';
import { StoreError } from '../store.js';
import type { DuckDBStore } from './duckdb-store.js';

type Kind = 'ts' | 'addr' | 'u8' | 'u16' | 'u32' | 'u64' | 'u8n' | 'u16n' | 'u32n' | 'addrn';

/** Column order and how each column of the batch becomes DuckDB memory. */
const LAYOUT: Array<[keyof FlowBatch, Kind]> = [
  ['time_start', 'ts'], ['time_end', 'ts'], ['time_received', 'ts'], ['exporter', 'addr'], ['source', 'u8'],
  ['src_addr', 'addr'], ['dst_addr', 'addr'], ['src_port', 'u16'], ['dst_port', 'u16'], ['protocol', 'u8'],
  ['bytes', 'u64'], ['packets', 'u64'], ['sampling_rate', 'u32'], ['in_if', 'u32n'], ['out_if', 'u32n'],
  ['direction', 'u8n'], ['tcp_flags', 'u8n'], ['tos', 'u8n'], ['vlan', 'u16n'], ['src_as', 'u32n'], ['dst_as', 'u32n'],
  ['next_hop', 'addrn'],
];

const WIDTH: Record<Kind, number> = { ts: 8, addr: 16, addrn: 16, u8: 1, u8n: 1, u16: 2, u16n: 2, u32: 4, u32n: 4, u64: 8 };
const TYPE_ID: Record<Kind, duckdb.Type> = {
  ts: duckdb.Type.TIMESTAMP, addr: duckdb.Type.UHUGEINT, addrn: duckdb.Type.UHUGEINT, u8: duckdb.Type.UTINYINT, u8n: duckdb.Type.UTINYINT,
  u16: duckdb.Type.USMALLINT, u16n: duckdb.Type.USMALLINT, u32: duckdb.Type.UINTEGER, u32n: duckdb.Type.UINTEGER, u64: duckdb.Type.UBIGINT,
};

export class DuckDBFlowWriter implements FlowWriter {
  private appender: DuckDBAppender | null = null;
  private conn: DuckDBConnection | null = null;
  private readonly chunkRows = duckdb.vector_size();
  private pendingRows = 0;
  committedRows = 0;

  constructor(private readonly store: DuckDBStore) {}

  private async open(): Promise<DuckDBAppender> {
    if (!this.appender) {
      this.conn ??= await this.store.newConnection();
      this.appender = await this.conn.createAppender('flows');
    }
    return this.appender;
  }

  async append(batch: FlowBatch): Promise<void> {
    const appender = await this.open();
    for (let start = 0; start < batch.length; start += this.chunkRows) {
      const n = Math.min(this.chunkRows, batch.length - start);
      const chunk = this.fillChunk(batch, start, n);
      appender.appendDataChunk(new DuckDBDataChunk(chunk));
      this.pendingRows += n;
      // The appender's calls are synchronous: commit in slices and let the event loop run between
      // them, so UDP sockets on the same loop are read while a large batch is written.
      if (this.pendingRows >= SLICE_ROWS) {
        await this.flush();
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
  }

  /** The appender's flush writes its buffered rows to the table (auto-committed). */
  async flush(): Promise<void> {
    if (!this.appender || this.pendingRows === 0) return;
    try {
      this.appender.flushSync();
    } catch (error) {
      // A failed appender cannot be reused and its rows are gone: say how many (bufferedRows = 0).
      try { this.appender.closeSync(); } catch { /* already failed */ }
      this.appender = null;
      const lost = this.pendingRows;
      this.pendingRows = 0;
      throw new StoreError(`store: writing ${lost} flows to ${this.store.location} failed: ${(error as Error).message}`);
    }
    this.committedRows += this.pendingRows;
    this.pendingRows = 0;
  }

  get bufferedRows(): number {
    return this.pendingRows;
  }

  async close(): Promise<void> {
    try {
      await this.flush();
    } finally {
      this.appender?.closeSync();
      this.appender = null;
      this.conn?.closeSync();
      this.conn = null;
    }
  }

  private readonly types = LAYOUT.map(([, kind]) => duckdb.create_logical_type(TYPE_ID[kind]));
  /** Scratch memory per column (the bindings copy into vectors; they do not expose them). */
  private readonly scratch = LAYOUT.map(([, kind]) => new Uint8Array(this.chunkRows * WIDTH[kind]));
  private readonly validity = new Uint8Array(Math.ceil(this.chunkRows / 64) * 8);

  private fillChunk(batch: FlowBatch, start: number, n: number): duckdb.DataChunk {
    const chunk = duckdb.create_data_chunk(this.types);
    duckdb.data_chunk_set_size(chunk, n);
    LAYOUT.forEach(([name, kind], col) => {
      const vector = duckdb.data_chunk_get_vector(chunk, col);
      const mem = this.scratch[col]!;
      const nulls = writeColumn(kind, batch[name] as unknown as ArrayLike<number> & Uint8Array, start, n, mem);
      duckdb.copy_data_to_vector(vector, 0, mem.buffer as ArrayBuffer, mem.byteOffset, n * WIDTH[kind]);
      if (nulls) {
        const validity = this.validity;
        const bytes = Math.ceil(n / 64) * 8;
        validity.fill(0xff, 0, bytes);
        for (let i = 0; i < n; i++) if (nulls[i]) validity[i >> 3]! &= ~(1 << (i & 7));
        duckdb.vector_ensure_validity_writable(vector);
        duckdb.copy_data_to_vector_validity(vector, 0, validity.buffer as ArrayBuffer, validity.byteOffset, bytes);
      }
    });
    return chunk;
  }
}

const TWO32 = 4294967296;
const SLICE_ROWS = 32768;

/**
 * Writes rows [start, start+n) of one batch column into little-endian vector memory (the scratch
 * buffers are fresh ArrayBuffers, so typed views are aligned); returns a NULL mask if any.
 * 64-bit values are written as two 32-bit halves: no BigInt on the hot path.
 */
function writeColumn(kind: Kind, src: ArrayLike<number> & Uint8Array, start: number, n: number, mem: Uint8Array): Uint8Array | null {
  let nulls: Uint8Array | null = null;
  const markNull = (i: number) => ((nulls ??= new Uint8Array(n))[i] = 1);
  switch (kind) {
    case 'ts': case 'u64': {
      const out = new Uint32Array(mem.buffer, mem.byteOffset, n * 2);
      for (let i = 0; i < n; i++) {
        let v = Math.trunc(src[start + i]!);
        if (kind === 'u64' && !(v > 0)) v = 0;
        if (v >= 0) {
          out[2 * i] = v >>> 0;
          out[2 * i + 1] = Math.floor(v / TWO32);
        } else { // timestamps before 1970: two's complement
          const hi = Math.floor(v / TWO32);
          out[2 * i] = (v - hi * TWO32) >>> 0;
          out[2 * i + 1] = hi >>> 0;
        }
      }
      break;
    }
    case 'u8': mem.set((src as Uint8Array).subarray(start, start + n)); break;
    case 'u16': new Uint16Array(mem.buffer, mem.byteOffset, n).set((src as unknown as Uint16Array).subarray(start, start + n)); break;
    case 'u32': new Uint32Array(mem.buffer, mem.byteOffset, n).set((src as unknown as Uint32Array).subarray(start, start + n)); break;
    case 'u8n': case 'u16n': case 'u32n': {
      const out = kind === 'u8n' ? mem : kind === 'u16n' ? new Uint16Array(mem.buffer, mem.byteOffset, n) : new Uint32Array(mem.buffer, mem.byteOffset, n);
      for (let i = 0; i < n; i++) {
        const v = src[start + i]!;
        if (v !== v) { markNull(i); out[i] = 0; } else out[i] = v;
      }
      break;
    }
    case 'addr': case 'addrn':
      for (let i = 0; i < n; i++) {
        const s = (start + i) * 16;
        const d = i * 16 + 15;
        let any = 0;
        for (let b = 0; b < 16; b++) {
          const byte = src[s + b]!;
          any |= byte;
          mem[d - b] = byte;
        }
        if (any === 0 && kind === 'addrn') markNull(i);
      }
      break;
  }
  return nulls;
}
