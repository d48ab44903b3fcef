// Sends flows to a collector as real NetFlow v5/v9, IPFIX or sFlow UDP datagrams, paced by a
// token bucket — the simulator's load generator. Rows are grouped by their exporter column:
// each router gets its own encoder (own sequence numbers, source id / observation domain /
// sFlow agent), as real routers would. Akvorado-style component: config with defaults, the
// constructor does no work, start/stop, and counters for what was sent and what was not.
import { createSocket, type Socket } from 'node:dgram';
import { isIP } from 'node:net';
import type { FlowBatch } from '../../flow/record.js';
import { DEFAULT_PORTS, type ExportFormat, type FlowEncoder, ipv4At } from './encoder.js';
import { createEncoder } from './encoder-factory.js';
import { sflowFrameLength, sflowSamplingRate, type IfCounterSample, type SflowEncoder } from './sflow-encoder.js';
import { TokenBucket } from './token-bucket.js';

export interface FlowExporterConfig {
  host: string;
  port?: number;
  format: ExportFormat;
  /** Flows per second; 0 means as fast as the socket takes them. */
  rate: number;
  /** Uptime origin for every exporter; defaults to one hour before the first flow. */
  bootTimeMs?: number;
  /** Refuse any destination but loopback (tests and benchmarks set this). */
  loopbackOnly?: boolean;
  /**
   * Send each router's datagrams from its own address, as real routers do, so a collector keys
   * them as separate exporters: on loopback, router 172.16.x.y sends from 127.16.x.y (Linux
   * answers for all of 127/8). Default: on for a 127.x.x.x destination, off otherwise (other
   * destinations only see this machine's address).
   */
  sourcePerExporter?: boolean;
  /** Datagrams allowed in flight before the sender waits for the socket. */
  maxInFlight?: number;
}

export interface FlowExporterStats {
  format: ExportFormat;
  destination: string;
  datagrams: number;
  datagramBytes: number;
  /** Flow records (sFlow: flow samples) sent. */
  flows: number;
  /** Sum of the sent rows' bytes and packets columns, as the collector should total them. */
  octets: number;
  packets: number;
  /** sFlow only: interface counter samples sent. */
  counterSamples: number;
  /** sFlow only: Σ frame_length and Σ frame_length × sampling_rate of the samples sent. */
  sampledFrameBytes: number;
  estimatedBytes: number;
  exporters: number;
  /** Rows not sent, by reason. */
  skipped: { ipv6: number };
  sendErrors: number;
  lastError?: string;
  elapsedMs: number;
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}

export class FlowExporter {
  private socket?: Socket;
  private readonly encoders = new Map<number, FlowEncoder>();
  private readonly exporterSockets = new Map<number, Socket>();
  private perExporter = false;
  private port = 0;
  private bucket?: TokenBucket;
  private inFlight = 0;
  private drainWaiters: Array<() => void> = [];
  private readonly startedAt = performance.now();
  private readonly counters: FlowExporterStats;

  constructor(private readonly config: FlowExporterConfig) {
    this.counters = {
      format: config.format,
      destination: `${config.host}:${config.port ?? DEFAULT_PORTS[config.format]}`,
      datagrams: 0,
      datagramBytes: 0,
      flows: 0,
      octets: 0,
      packets: 0,
      counterSamples: 0,
      sampledFrameBytes: 0,
      estimatedBytes: 0,
      exporters: 0,
      skipped: { ipv6: 0 },
      sendErrors: 0,
      elapsedMs: 0,
    };
  }

  async start(): Promise<void> {
    const { host, format } = this.config;
    const port = this.config.port ?? DEFAULT_PORTS[format];
    if (this.config.loopbackOnly && !isLoopback(host)) {
      throw new Error(`sim-export: refusing to send to ${host}: this exporter is limited to loopback`);
    }
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`sim-export: port ${port} is not a UDP port`);
    this.port = port;
    this.perExporter = this.config.sourcePerExporter ?? /^127\./.test(host);
    if (this.perExporter && !/^127\./.test(host)) throw new Error(`sim-export: one source address per router works only towards a 127.x.x.x collector, not ${host}`);
    this.socket = await this.openSocket();
    this.bucket = new TokenBucket(this.config.rate, Math.max(64, this.config.rate * 0.02));
  }

  /** Encodes and sends every row of the batch; resolves when they are handed to the socket. */
  async send(batch: FlowBatch): Promise<void> {
    if (!this.socket || !this.bucket) throw new Error('sim-export: send() before start()');
    for (const [exporter, rows] of this.groupByExporter(batch)) {
      const encoder = this.encoderFor(exporter, batch, rows);
      const usable = this.acceptedRows(encoder, batch, rows);
      const exportTimeMs = this.exportTime(batch, usable);
      const socket = await this.socketFor(exporter);
      let start = 0;
      while (start < usable.length) {
        const packet = encoder.encode(batch, usable, start, usable.length, exportTimeMs);
        this.account(batch, usable, start, packet.records);
        start += packet.records;
        const waitMs = this.bucket.take(packet.records);
        if (waitMs >= 2) await sleep(waitMs);
        await this.transmit(socket, packet.bytes);
      }
    }
    this.counters.elapsedMs = performance.now() - this.startedAt;
  }

  /**
   * sFlow only: one router's interface counters (cumulative), as counter samples from its agent.
   * `agentIPv4` is the router's loopback, as in the flows' exporter column.
   */
  async sendCounters(agentIPv4: number, samples: readonly IfCounterSample[], timeMs: number): Promise<void> {
    if (this.config.format !== 'sflow') throw new Error(`sim-export: interface counters go out as sFlow counter samples, not ${this.config.format}`);
    if (!this.socket) throw new Error('sim-export: sendCounters() before start()');
    let encoder = this.encoders.get(agentIPv4);
    if (!encoder) {
      encoder = createEncoder('sflow', { exporterId: this.encoders.size + 1, agentIPv4, bootTimeMs: this.config.bootTimeMs ?? timeMs - 3_600_000 });
      this.encoders.set(agentIPv4, encoder);
    }
    const socket = await this.socketFor(agentIPv4);
    for (let start = 0; start < samples.length; ) {
      const packet = (encoder as SflowEncoder).encodeCounters(samples, start, timeMs);
      start += packet.records;
      this.counters.counterSamples += packet.records;
      await this.transmit(socket, packet.bytes);
    }
  }

  /** A socket connected to the collector, bound to `source` when given. */
  private async openSocket(source?: string): Promise<Socket> {
    const { host } = this.config;
    const socket = createSocket(isIP(host) === 6 || host === '::1' ? 'udp6' : 'udp4');
    socket.on('error', (err) => {
      this.counters.sendErrors++;
      this.counters.lastError = `sim-export: ${err.message}`;
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      const connect = () =>
        socket.connect(this.port, host, () => {
          socket.off('error', reject);
          resolve();
        });
      if (source) socket.bind(0, source, connect);
      else connect();
    });
    // A large send buffer absorbs bursts at high rates.
    try {
      socket.setSendBufferSize(8 * 1024 * 1024);
    } catch {
      // The kernel may cap it (net.core.wmem_max); the default still works, only slower.
    }
    return socket;
  }

  /** The socket a router's datagrams leave from (its own 127.x.y.z, or the shared one). */
  private async socketFor(exporter: number): Promise<Socket> {
    if (!this.perExporter) return this.socket!;
    let socket = this.exporterSockets.get(exporter);
    if (!socket) {
      socket = await this.openSocket(`127.${(exporter >>> 16) & 0xff}.${(exporter >>> 8) & 0xff}.${exporter & 0xff}`);
      this.exporterSockets.set(exporter, socket);
    }
    return socket;
  }

  stats(): FlowExporterStats {
    return { ...this.counters, skipped: { ...this.counters.skipped }, exporters: this.encoders.size };
  }

  /** Waits for datagrams in flight, then closes the socket. */
  async stop(): Promise<FlowExporterStats> {
    while (this.inFlight > 0) await new Promise<void>((r) => this.drainWaiters.push(r));
    this.counters.elapsedMs = performance.now() - this.startedAt;
    const sockets = [...(this.socket ? [this.socket] : []), ...this.exporterSockets.values()];
    this.socket = undefined;
    this.exporterSockets.clear();
    await Promise.all(sockets.map((socket) => new Promise<void>((r) => socket.close(() => r()))));
    return this.stats();
  }

  private groupByExporter(batch: FlowBatch): Map<number, Uint32Array> {
    const counts = new Map<number, number>();
    for (let row = 0; row < batch.length; row++) {
      const e = ipv4At(batch.exporter, row);
      counts.set(e, (counts.get(e) ?? 0) + 1);
    }
    const groups = new Map<number, { rows: Uint32Array; n: number }>();
    for (const [e, n] of counts) groups.set(e, { rows: new Uint32Array(n), n: 0 });
    for (let row = 0; row < batch.length; row++) {
      const g = groups.get(ipv4At(batch.exporter, row))!;
      g.rows[g.n++] = row;
    }
    return new Map([...groups].map(([e, g]) => [e, g.rows]));
  }

  private encoderFor(exporter: number, batch: FlowBatch, rows: Uint32Array): FlowEncoder {
    let encoder = this.encoders.get(exporter);
    if (!encoder) {
      let first = Infinity;
      for (const row of rows) first = Math.min(first, batch.time_start[row]! / 1000);
      const bootTimeMs = this.config.bootTimeMs ?? Math.floor(first) - 3_600_000;
      encoder = createEncoder(this.config.format, { exporterId: this.encoders.size + 1, agentIPv4: exporter, bootTimeMs });
      this.encoders.set(exporter, encoder);
    }
    return encoder;
  }

  private acceptedRows(encoder: FlowEncoder, batch: FlowBatch, rows: Uint32Array): Uint32Array {
    let n = 0;
    const out = new Uint32Array(rows.length);
    for (const row of rows) {
      if (encoder.accepts(batch, row)) out[n++] = row;
      else this.counters.skipped.ipv6++;
    }
    return out.subarray(0, n);
  }

  /**
   * Flows are exported when they end: the header time is the latest end among the rows, rounded
   * up to a whole second so v9's seconds-only header and its millisecond uptime agree exactly.
   */
  private exportTime(batch: FlowBatch, rows: Uint32Array): number {
    let latest = 0;
    for (const row of rows) latest = Math.max(latest, batch.time_end[row]!);
    return Math.ceil(latest / 1e6) * 1000;
  }

  private account(batch: FlowBatch, rows: Uint32Array, start: number, count: number): void {
    const c = this.counters;
    c.flows += count;
    for (let i = start; i < start + count; i++) {
      const row = rows[i]!;
      c.octets += batch.bytes[row]!;
      c.packets += batch.packets[row]!;
      if (this.config.format === 'sflow') {
        const frame = sflowFrameLength(batch, row);
        c.sampledFrameBytes += frame;
        c.estimatedBytes += frame * sflowSamplingRate(batch, row);
      } else {
        c.estimatedBytes += batch.bytes[row]! * batch.sampling_rate[row]!;
      }
    }
  }

  private async transmit(socket: Socket, bytes: Uint8Array): Promise<void> {
    const limit = this.config.maxInFlight ?? 512;
    while (this.inFlight >= limit) await new Promise<void>((r) => this.drainWaiters.push(r));
    this.inFlight++;
    this.counters.datagrams++;
    this.counters.datagramBytes += bytes.length;
    socket.send(bytes, (err) => {
      this.inFlight--;
      if (err) {
        this.counters.sendErrors++;
        this.counters.lastError = `sim-export: ${err.message}`;
      }
      const waiters = this.drainWaiters;
      this.drainWaiters = [];
      for (const w of waiters) w();
    });
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
