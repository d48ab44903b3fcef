// The composition root of the host process: opens the store, starts the engine workers and
// builds the service. The CLI, `netweaver serve` and the Electron main process all start here.
import { availableParallelism } from 'node:os';
import { EventBus } from './api/event-bus.js';
import { Service } from './api/service.js';
import type { EngineLauncher } from './jobs/engine-process.js';
import { workerHostMetrics } from './jobs/worker-metrics.js';
import { MetricsRegistry } from './metrics/registry.js';
import { threadLauncher } from './jobs/thread-launcher.js';
import { defaultWorkerHostConfig, WorkerHost } from './jobs/worker-host.js';
import { CollectorService } from './collector/collector-service.js';
import { CaptureUploads, defaultCaptureUploadsConfig } from './capture/capture-uploads.js';
import { openStore, type StoreOptions } from './store/open-store.js';
import './store/postgres/register.js';
import { StoreError, type Store } from './store/store.js';
import { defaultSettingsFileConfig, SettingsFile, storeAtStart } from './settings/settings-file.js';
import { trackInFlight } from './settings/in-flight-store.js';
import { NETWEAVER_VERSION } from './version.js';

export interface HostConfig {
  store: StoreOptions;
  /** Engine workers; defaults to the cores, at least 2 (so one long job never blocks the rest), at most 4. */
  workers?: number;
  /** How workers are started: threads under Node, utilityProcess in Electron. */
  launcher?: EngineLauncher;
  /** Where the collector reports problems it keeps going through (store retries, drops). */
  onCollectorError?: (message: string) => void;
  /** Where problems with the settings file are reported (default: stderr). */
  onSettingsProblem?: (message: string) => void;
}

export class NetWeaverHost {
  private store: Store | null = null;
  private workers: WorkerHost | null = null;
  private service: Service | null = null;
  private collector: CollectorService | null = null;
  private captureUploads: CaptureUploads | null = null;

  constructor(private readonly config: HostConfig) {}

  async start(): Promise<Service> {
    const settings = new SettingsFile(defaultSettingsFileConfig(this.config.store.config));
    settings.load();
    for (const problem of settings.problems) (this.config.onSettingsProblem ?? ((m) => process.stderr.write(`${m}\n`)))(problem);
    const start = storeAtStart(this.config.store, settings.settings.store);
    try {
      this.store = trackInFlight(await openStore(start.options)); // counted, so store.switch can wait for running queries
    } catch (error) {
      if (start.chosenBy !== 'settings') throw error;
      throw new StoreError(`${(error as Error).message} (this store is the one saved in ${settings.path}; start with --db or --postgres to use another)`);
    }
    const launcher = this.config.launcher ?? threadLauncher();
    const size = this.config.workers ?? Math.max(2, Math.min(4, availableParallelism()));
    this.workers = new WorkerHost({ ...defaultWorkerHostConfig(launcher), size });
    this.workers.start();
    const metrics = new MetricsRegistry();
    const workers = this.workers;
    metrics.register('workers', () => workerHostMetrics(workers));
    const events = new EventBus();
    this.collector = new CollectorService({ store: this.store, metrics, events, onError: this.config.onCollectorError, samplingRules: settings.settings.sampling });
    this.service = new Service({
      version: NETWEAVER_VERSION,
      startedAt: new Date(),
      store: this.store,
      workers: this.workers,
      events,
      metrics,
      collector: this.collector,
      settings,
      storeChosenBy: start.chosenBy,
      captureUploads: (this.captureUploads = new CaptureUploads(defaultCaptureUploadsConfig())),
    });
    return this.service;
  }

  async stop(): Promise<void> {
    await this.collector?.stop(); // flushes what it decoded before the store closes
    this.collector = null;
    this.workers?.stop();
    await this.captureUploads?.close(); // partial and unimported uploads are deleted, never left behind
    this.captureUploads = null;
    await (this.service?.context.store ?? this.store)?.close(); // the store in use now (store.switch may have replaced it)
    this.workers = null;
    this.store = null;
    this.service = null;
  }
}
