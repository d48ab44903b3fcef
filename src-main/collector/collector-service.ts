// The collector as the host runs it: at most one Collector at a time, started and stopped on
// request (API, CLI, Settings), its metrics registered, and a status event once a second while
// it runs so the UI can show it live.
import type { EventBus } from '../api/event-bus.js';
import type { MetricsRegistry } from '../metrics/registry.js';
import type { RetentionConfig } from '../store/flows/maintenance.js';
import type { Store } from '../store/store.js';
import type { SamplingRuleSpec } from '../../src-worker/flow/sampling-policy.js';
import type { CollectorConfig } from './collector-config.js';
import { Collector, type CollectorStatus } from './collector.js';
import { collectorMetrics } from './collector-metrics.js';

export interface CollectorServiceDeps {
  store: Store;
  /** Sampling-rate rules every collector starts with (setSamplingRules changes them live). */
  samplingRules?: readonly SamplingRuleSpec[];
  metrics: MetricsRegistry;
  events: EventBus;
  retention?: RetentionConfig;
  onError?: (message: string) => void;
}

export class CollectorService {
  private collector: Collector | null = null;
  private ticker: NodeJS.Timeout | null = null;
  private store: Store;
  private samplingRules: readonly SamplingRuleSpec[];

  constructor(private readonly deps: CollectorServiceDeps) {
    this.store = deps.store;
    this.samplingRules = deps.samplingRules ?? [];
    deps.metrics.register('collector', () => collectorMetrics(this.collector));
  }

  get current(): Collector | null {
    return this.collector;
  }

  async start(config: Partial<CollectorConfig> = {}): Promise<CollectorStatus> {
    if (this.collector) await this.stop();
    const collector = new Collector(config, { store: this.store, samplingRules: this.samplingRules, retention: this.deps.retention, onError: this.deps.onError });
    await collector.start();
    this.collector = collector;
    this.ticker = setInterval(() => this.deps.events.emit('collector.status', collector.status()), 1000);
    this.ticker.unref();
    return collector.status();
  }

  async stop(): Promise<CollectorStatus> {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = null;
    const collector = this.collector;
    this.collector = null;
    if (!collector) return idleStatus(this.store.kind);
    await collector.stop();
    const status = collector.status();
    this.deps.events.emit('collector.status', status);
    return status;
  }

  /** Replaces the sampling rules of the running collector at once and of every later start. */
  setSamplingRules(rules: readonly SamplingRuleSpec[]): void {
    this.samplingRules = rules;
    this.collector?.setSamplingRules(rules);
  }

  /** Points the collector at another open store; a running one flushes to the old store first. */
  async switchStore(store: Store): Promise<{ rowsFlushed: number; rowsLost: number }> {
    this.store = store;
    return this.collector ? this.collector.switchStore(store) : { rowsFlushed: 0, rowsLost: 0 };
  }

  status(): CollectorStatus {
    return this.collector?.status() ?? idleStatus(this.store.kind);
  }
}

function idleStatus(kind: string): CollectorStatus {
  return {
    running: false, startedAt: null, listeners: [], packets: 0, bytes: 0, rowsDecoded: 0, rowsStored: 0, rowsQueued: 0,
    rowsDropped: { queue_full: 0, store_error: 0, shutdown: 0 }, kernelDrops: null,
    store: { kind, state: 'ok', errors: 0 },
    decode: {
      packets: 0, records: 0, optionRecords: 0, templates: 0, templatesWithdrawn: 0, templatesExpired: 0, pendingQueued: 0, pendingDecoded: 0,
      nselEventsFolded: 0, biflowReverseRows: 0, lostPackets: 0, lostFlows: 0, sequenceResets: 0, errors: {} as CollectorStatus['decode']['errors'], recentErrors: [],
    },
  };
}
