// The live collector (an Akvorado-style component: config with defaults, the constructor does no
// work, start/stop, metrics). UDP listeners hand payloads to one FlowDecoder; decoded rows
// collect in a FlowBatchBuilder that is handed to a bounded queue at least every flush interval;
// a single write loop appends queued batches to the store and flushes (commits) them, retrying an
// unreachable store with exponential backoff while the queue absorbs new batches. Every row is
// either stored or counted as dropped with its reason; kernel socket drops are read back too.
import type { RemoteInfo } from 'node:dgram';
import { exporterFromText, type Exporter } from '../../src-worker/flow/exporter.js';
import { detectFlowProtocol, FlowDecoder } from '../../src-worker/flow/flow-decoder.js';
import { FlowBatchBuilder } from '../../src-worker/flow/flow-batch-builder.js';
import type { FlowBatch } from '../../src-worker/flow/record.js';
import type { FlowWriter } from '../store/flows/flow-writer.js';
import { DEFAULT_RETENTION, runRetention, runRollups, type RetentionConfig } from '../store/flows/maintenance.js';
import { openFlowWriter } from '../store/flows/open-flow-writer.js';
import type { Store } from '../store/store.js';
import type { SamplingRuleSpec } from '../../src-worker/flow/sampling-policy.js';
import type { CollectorExporter, CollectorTemplate } from '../api/contract/collector.js';
import { DEFAULT_COLLECTOR_CONFIG, type CollectorConfig, type ListenerProtocol } from './collector-config.js';
import { ExporterStatsTable, type ExporterStats } from './exporter-stats.js';
import { saveInventory, loadTemplates, saveInterfaceCounters, saveTemplates } from './inventory-store.js';
import { kernelUdpDrops } from './kernel-drops.js';
import { UdpListener, type ListenerStatus } from './udp-listener.js';

export type DropReason = 'queue_full' | 'store_error' | 'shutdown';

export interface CollectorStatus {
  running: boolean;
  startedAt: string | null;
  listeners: ListenerStatus[];
  packets: number;
  bytes: number;
  rowsDecoded: number;
  rowsStored: number;
  /** Rows decoded and waiting for the store (queue + writer buffer). */
  rowsQueued: number;
  rowsDropped: Record<DropReason, number>;
  /** Datagrams the kernel dropped on our ports (socket buffer overflow), Linux only. */
  kernelDrops: number | null;
  store: { kind: string; state: 'ok' | 'retrying'; errors: number; lastError?: string; retryInMs?: number };
  decode: ReturnType<FlowDecoder['stats']>;
}

export interface CollectorDeps {
  store: Store;
  /** Sampling-rate rules from the settings (replaceable live with setSamplingRules). */
  samplingRules?: readonly SamplingRuleSpec[];
  retention?: RetentionConfig;
  /** Clock (ms); tests may pin it. */
  now?: () => number;
  onError?: (message: string) => void;
}

export class Collector {
  readonly config: CollectorConfig;
  private readonly decoder: FlowDecoder;
  /** The store rows go to; switchStore() replaces it while the collector runs. */
  private store: Store;
  private readonly builder = new FlowBatchBuilder(4096);
  private readonly stats = new ExporterStatsTable();
  private readonly exporters = new Map<string, Exporter>();
  private readonly ifIndexes = new Map<string, Set<number>>();
  private listeners: UdpListener[] = [];
  private writer: FlowWriter | null = null;
  private queue: FlowBatch[] = [];
  private queuedRows = 0;
  private writing: Promise<void> | null = null;
  private timers: NodeJS.Timeout[] = [];
  private retryTimer: NodeJS.Timeout | null = null;
  private retryDelayMs = 0;
  private startedAt: Date | null = null;
  private kernelDropsAtStart = 0;
  private templatesSaved = -1;
  private counters = { packets: 0, bytes: 0, rowsDecoded: 0, rowsStored: 0, storeErrors: 0 };
  private dropped: Record<DropReason, number> = { queue_full: 0, store_error: 0, shutdown: 0 };
  private lastStoreError: string | undefined;
  private readonly now: () => number;

  constructor(config: Partial<CollectorConfig>, private readonly deps: CollectorDeps) {
    this.config = { ...DEFAULT_COLLECTOR_CONFIG, ...config };
    this.now = deps.now ?? Date.now;
    this.store = deps.store;
    this.decoder = new FlowDecoder({ samplingRules: [...(deps.samplingRules ?? [])] });
  }

  get running(): boolean {
    return this.startedAt !== null;
  }

  async start(): Promise<void> {
    if (this.running) return;
    const { imported } = this.decoder.importTemplates(await loadTemplates(this.store));
    this.templatesSaved = imported;
    this.writer = openFlowWriter(this.store);
    const specs: Array<[ListenerProtocol, number[]]> = [['netflow', this.config.netflow], ['ipfix', this.config.ipfix], ['sflow', this.config.sflow]];
    try {
      for (const [protocol, ports] of specs) {
        for (const port of ports) {
          for (const bind of this.config.bind) {
            const listener = new UdpListener(
              { protocol, port, bind, receiveBufferBytes: this.config.receiveBufferBytes, sockets: this.config.socketsPerPort },
              (packet, remote) => this.onPacket(packet, remote),
            );
            await listener.start();
            this.listeners.push(listener);
          }
        }
      }
    } catch (error) {
      await this.stopListeners();
      await this.writer.close().catch(() => undefined);
      this.writer = null;
      throw error;
    }
    this.kernelDropsAtStart = this.kernelDropsNow() ?? 0;
    this.startedAt = new Date(this.now());
    this.timers.push(setInterval(() => this.flushBuilder(), this.config.flushIntervalMs));
    this.timers.push(setInterval(() => void this.syncInventory().catch((e) => this.report(`collector: saving the exporter inventory failed: ${(e as Error).message}`)), this.config.inventoryIntervalMs));
    if (this.config.maintenanceIntervalMs > 0) {
      this.timers.push(setInterval(() => void this.maintain().catch((e) => this.report(`collector: rollups/retention failed: ${(e as Error).message}`)), this.config.maintenanceIntervalMs));
    }
  }

  /** The ports really bound (useful when a port 0 asked the OS to choose). */
  ports(protocol: ListenerProtocol): number[] {
    return this.listeners.filter((l) => l.status.protocol === protocol).map((l) => l.port);
  }

  private onPacket(packet: Buffer, remote: RemoteInfo): void {
    const address = remote.address.startsWith('::ffff:') ? remote.address.slice(7) : remote.address;
    this.receive(packet, address, remote.port, this.now());
  }

  /** Decodes one payload from exporter address:port (the listeners call this; so may tests). */
  receive(packet: Uint8Array, address: string, port: number, receivedMs: number): void {
    const key = address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
    let exporter = this.exporters.get(key);
    if (!exporter) {
      try {
        exporter = exporterFromText(address, port);
      } catch {
        return;
      }
      this.exporters.set(key, exporter);
    }
    const entry = this.stats.entry(exporter.key, exporter.text, receivedMs);
    entry.packets++;
    entry.bytes += packet.length;
    entry.lastSeenMs = receivedMs;
    this.counters.packets++;
    this.counters.bytes += packet.length;
    const s = this.decoder.state.stats;
    this.stats.mark(s);
    const first = this.builder.length;
    const rows = this.decoder.decode(packet, exporter, receivedMs * 1000, this.builder);
    if (rows > 0) this.noteIfIndexes(exporter.text, first);
    this.stats.charge(entry, s, detectFlowProtocol(packet), () => s.snapshot().recentErrors.at(-1));
    entry.records += rows;
    this.counters.rowsDecoded += rows;
    if (this.builder.length >= this.config.batchRows) this.flushBuilder();
  }

  /** ifIndexes in new rows become interfaces of the exporter's device (bounded per device). */
  private noteIfIndexes(device: string, first: number): void {
    let set = this.ifIndexes.get(device);
    if (!set) this.ifIndexes.set(device, (set = new Set()));
    if (set.size >= 65536) return;
    const b = this.builder.batch;
    for (let i = first; i < b.length; i++) {
      const a = b.in_if[i]!, o = b.out_if[i]!;
      if (!Number.isNaN(a)) set.add(a);
      if (!Number.isNaN(o)) set.add(o);
    }
  }

  /** Moves decoded rows to the queue (or counts them dropped when it is full) and wakes the writer. */
  private flushBuilder(): void {
    if (this.builder.length > 0) {
      const batch = this.builder.take();
      if (this.queuedRows + this.bufferedInWriter() + batch.length > this.config.maxQueuedRows) {
        this.dropped.queue_full += batch.length;
        this.report(`collector: the store is not keeping up; dropped ${batch.length} flows (queue of ${this.config.maxQueuedRows} rows is full)`);
      } else {
        this.queue.push(batch);
        this.queuedRows += batch.length;
      }
    }
    this.kick();
  }

  private bufferedInWriter(): number {
    return this.writer?.bufferedRows ?? 0;
  }

  private kick(): void {
    if (this.writing || this.retryTimer || !this.writer) return;
    if (this.queue.length === 0 && this.bufferedInWriter() === 0) return;
    this.writing = this.writeQueued().finally(() => { this.writing = null; });
  }

  private async writeQueued(): Promise<void> {
    const writer = this.writer!;
    const batches = this.queue;
    this.queue = [];
    const rows = this.queuedRows;
    this.queuedRows = 0;
    const committedBefore = writer.committedRows;
    const bufferedBefore = writer.bufferedRows;
    try {
      for (const b of batches) await writer.append(b);
      await writer.flush();
      this.counters.rowsStored += writer.committedRows - committedBefore;
      this.retryDelayMs = 0;
      this.lastStoreError = undefined;
    } catch (error) {
      this.counters.rowsStored += writer.committedRows - committedBefore;
      const lost = bufferedBefore + rows - (writer.committedRows - committedBefore) - writer.bufferedRows;
      if (lost > 0) this.dropped.store_error += lost;
      this.counters.storeErrors++;
      this.lastStoreError = (error as Error).message;
      this.retryDelayMs = Math.min(this.config.retryMaxMs, this.retryDelayMs ? this.retryDelayMs * 2 : this.config.retryMinMs);
      this.report(`collector: ${this.lastStoreError}; retrying in ${this.retryDelayMs} ms with ${writer.bufferedRows + this.queuedRows} flows buffered`);
      this.retryTimer = setTimeout(() => { this.retryTimer = null; this.kick(); }, this.retryDelayMs);
    }
  }

  /** Hands everything decoded so far to the store and waits for it (tests, shutdown, CLI). */
  async flush(): Promise<void> {
    this.flushBuilder();
    while (this.writing) await this.writing;
    this.kick();
    while (this.writing) await this.writing;
  }

  private report(message: string): void {
    this.deps.onError?.(message);
  }

  async syncInventory(): Promise<void> {
    const store = this.store;
    await saveInventory(store, this.decoder.inventory(), this.stats.list(), this.ifIndexes);
    await saveInterfaceCounters(store, this.decoder.takeInterfaceCounters());
    const templates = this.decoder.exportTemplates();
    if (templates.length > 0 || this.templatesSaved > 0) {
      await saveTemplates(store, templates);
      this.templatesSaved = templates.length;
    }
  }

  async maintain(): Promise<void> {
    const nowUs = this.now() * 1000;
    await runRollups(this.store, nowUs);
    await runRetention(this.store, nowUs, this.deps.retention ?? DEFAULT_RETENTION);
  }

  /** Replaces the sampling rules; the next packet decoded uses them (no restart). */
  setSamplingRules(rules: readonly SamplingRuleSpec[]): void {
    this.decoder.setSamplingRules(rules);
  }

  /**
   * Moves the running collector to another (open, migrated) store without closing its sockets:
   * everything decoded until now is written and committed to the old store first, its inventory
   * saved there, then the writer is replaced; rows decoded from then on go to the new store.
   * If the old store is failing, the queued batches go to the new store instead; only rows the
   * old writer held (appended, not committed) are lost, and they are counted as store_error.
   */
  async switchStore(store: Store): Promise<{ rowsFlushed: number; rowsLost: number }> {
    const storedBefore = this.counters.rowsStored;
    let rowsLost = 0;
    if (this.running) {
      await this.flush();
      await this.syncInventory().catch((e) => this.report(`collector: saving the exporter inventory failed: ${(e as Error).message}`));
      while (this.writing) await this.writing; // a timer may have kicked a write meanwhile
      if (this.retryTimer) { clearTimeout(this.retryTimer); this.retryTimer = null; this.retryDelayMs = 0; }
      const old = this.writer!;
      rowsLost = old.bufferedRows;
      if (rowsLost > 0) {
        this.dropped.store_error += rowsLost;
        this.report(`collector: ${rowsLost} flows buffered for ${this.store.location} were lost when switching stores (${this.lastStoreError ?? 'no error recorded'})`);
      }
      // No await between here and the swap: no write can start on the old writer after this point.
      this.writer = openFlowWriter(store);
      this.store = store;
      this.lastStoreError = undefined;
      this.templatesSaved = -1;
      await old.close().catch(() => undefined);
      this.kick();
    } else {
      this.store = store;
    }
    return { rowsFlushed: this.counters.rowsStored - storedBefore, rowsLost };
  }

  private async stopListeners(): Promise<void> {
    await Promise.all(this.listeners.map((l) => l.stop()));
    this.listeners = [];
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    await this.stopListeners();
    if (this.retryTimer) { clearTimeout(this.retryTimer); this.retryTimer = null; }
    await this.flush();
    if (this.retryTimer) { clearTimeout(this.retryTimer); this.retryTimer = null; }
    await this.syncInventory().catch((e) => this.report(`collector: saving the exporter inventory failed: ${(e as Error).message}`));
    const writer = this.writer!;
    const unsaved = this.queuedRows + writer.bufferedRows;
    if (unsaved > 0) {
      this.dropped.shutdown += unsaved;
      this.report(`collector: stopped with ${unsaved} flows the store never accepted (${this.lastStoreError ?? 'no error recorded'})`);
    }
    this.queue = [];
    this.queuedRows = 0;
    await writer.close().catch(() => undefined);
    this.writer = null;
    this.startedAt = null;
  }

  private kernelDropsNow(): number | null {
    const ports = this.listeners.map((l) => l.port);
    const drops = kernelUdpDrops(ports);
    return drops ? [...drops.values()].reduce((a, b) => a + b, 0) : null;
  }

  status(): CollectorStatus {
    const kernel = this.running ? this.kernelDropsNow() : null;
    return {
      running: this.running,
      startedAt: this.startedAt?.toISOString() ?? null,
      listeners: this.listeners.map((l) => l.status),
      packets: this.counters.packets,
      bytes: this.counters.bytes,
      rowsDecoded: this.counters.rowsDecoded,
      rowsStored: this.counters.rowsStored,
      rowsQueued: this.queuedRows + this.builder.length + this.bufferedInWriter(),
      rowsDropped: { ...this.dropped },
      kernelDrops: kernel === null ? null : Math.max(0, kernel - this.kernelDropsAtStart),
      store: {
        kind: this.store.kind,
        state: this.retryTimer ? 'retrying' : 'ok',
        errors: this.counters.storeErrors,
        ...(this.lastStoreError ? { lastError: this.lastStoreError } : {}),
        ...(this.retryTimer ? { retryInMs: this.retryDelayMs } : {}),
      },
      decode: this.decoder.stats(),
    };
  }

  /** Per-exporter statistics joined with what the decoders learned (interfaces, sampling). */
  exporterList(): Array<ExporterStats & { interfaces: Array<{ ifIndex: number; name?: string; description?: string; speed?: number }>; samplingRates: number[]; templates: CollectorTemplate[]; missingTemplates: CollectorExporter['missingTemplates'] }> {
    const inventory = new Map(this.decoder.inventory().map((i) => [i.exporter, i]));
    const templates = new Map<string, CollectorTemplate[]>();
    for (const t of this.decoder.exportTemplates()) {
      const list = templates.get(t.exporter) ?? [];
      list.push({ version: t.version, domain: t.domain, templateId: t.templateId, options: t.options, fields: t.fields.length, scopeFields: t.scopeFieldCount, receivedMs: Math.floor(t.receivedUs / 1000) });
      templates.set(t.exporter, list);
    }
    const missing = new Map<string, CollectorExporter['missingTemplates']>();
    for (const p of this.decoder.pendingTemplates()) {
      const list = missing.get(p.exporter) ?? [];
      list.push({ version: p.version, domain: p.domain, templateId: p.templateId, sets: p.sets, waitingSinceMs: Math.floor(p.oldestUs / 1000) });
      missing.set(p.exporter, list);
    }
    const byId = (a: { domain: number; templateId: number }, b: { domain: number; templateId: number }) => a.domain - b.domain || a.templateId - b.templateId;
    return this.stats.list().map((s) => {
      const inv = inventory.get(s.exporter);
      const rates = new Set<number>();
      for (const d of inv?.domains ?? []) {
        if (d.samplingRate) rates.add(d.samplingRate);
        for (const sm of d.samplers) rates.add(sm.rate);
      }
      return { ...s, interfaces: inv?.interfaces ?? [], samplingRates: [...rates].sort((a, b) => a - b), templates: (templates.get(s.exporter) ?? []).sort(byId), missingTemplates: (missing.get(s.exporter) ?? []).sort(byId) };
    });
  }
}
