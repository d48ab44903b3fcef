// Bulk-loads FlowBatches into PostgreSQL with COPY … FROM STDIN (text format) on its own
// connection. Rows are encoded to COPY text on append; `flush` sends them in one COPY. When the
// server is unreachable the encoded rows stay buffered (bounded by the caller's queue) and the
// next flush reconnects and retries.
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { formatAddress } from '../../../src-worker/flow/address.js';
import type { FlowBatch } from '../../../src-worker/flow/record.js';
import { FLOW_COLUMNS } from '../flows/flow-columns.js';
import type { FlowWriter } from '../flows/flow-writer.js';
import { StoreError } from '../store.js';
import { connectClient, type PostgresStore } from './postgres-store.js';

export class PostgresFlowWriter implements FlowWriter {
  private client: pg.Client | null = null;
  private chunks: string[] = [];
  private pendingRows = 0;
  committedRows = 0;

  constructor(private readonly store: PostgresStore) {}

  async append(batch: FlowBatch): Promise<void> {
    this.chunks.push(encodeCopyText(batch));
    this.pendingRows += batch.length;
  }

  async flush(): Promise<void> {
    if (this.pendingRows === 0) return;
    try {
      if (!this.client) {
        this.client = await connectClient(this.store.config);
        this.client.on('error', () => { this.client = null; });
      }
      const stream = this.client.query(copyFrom(`COPY flows (${FLOW_COLUMNS.join(', ')}) FROM STDIN`));
      await pipeline(Readable.from(this.chunks), stream);
    } catch (error) {
      const client = this.client;
      this.client = null;
      await client?.end().catch(() => undefined);
      throw new StoreError(`store: COPY of ${this.pendingRows} flows into ${this.store.location} failed: ${(error as Error).message}`);
    }
    this.committedRows += this.pendingRows;
    this.pendingRows = 0;
    this.chunks = [];
  }

  get bufferedRows(): number {
    return this.pendingRows;
  }

  async close(): Promise<void> {
    try {
      await this.flush();
    } finally {
      await this.client?.end().catch(() => undefined);
      this.client = null;
    }
  }
}

const pad = (n: number, w: number) => String(n).padStart(w, '0');

/** µs since the epoch → "YYYY-MM-DD HH:MM:SS.ffffff+00". */
export function timestampText(us: number): string {
  const ms = Math.floor(us / 1000);
  const d = new Date(ms);
  const micros = Math.trunc(us - Math.floor(us / 1e6) * 1e6);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)} ${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}.${pad(micros, 6)}+00`;
}

function encodeCopyText(b: FlowBatch): string {
  const lines: string[] = new Array(b.length);
  const addr = (col: Uint8Array, i: number) => formatAddress(col.subarray(i * 16, i * 16 + 16));
  const opt = (v: number) => (Number.isNaN(v) ? '\\N' : String(v));
  for (let i = 0; i < b.length; i++) {
    let nullHop = true;
    for (let k = i * 16; k < i * 16 + 16; k++) if (b.next_hop[k] !== 0) { nullHop = false; break; }
    lines[i] = [
      timestampText(b.time_start[i]!), timestampText(b.time_end[i]!), timestampText(b.time_received[i]!),
      addr(b.exporter, i), b.source[i], addr(b.src_addr, i), addr(b.dst_addr, i), b.src_port[i], b.dst_port[i], b.protocol[i],
      Math.trunc(b.bytes[i]!), Math.trunc(b.packets[i]!), b.sampling_rate[i], opt(b.in_if[i]!), opt(b.out_if[i]!), opt(b.direction[i]!),
      opt(b.tcp_flags[i]!), opt(b.tos[i]!), opt(b.vlan[i]!), opt(b.src_as[i]!), opt(b.dst_as[i]!), nullHop ? '\\N' : addr(b.next_hop, i),
    ].join('\t');
  }
  return lines.join('\n') + '\n';
}
