// What every area's handlers may use: the store, the worker pool, the event bus. Handlers get
// this once at construction; the service owns the lifecycle of each part. `store` may be
// replaced while the service runs (store.switch): read ctx.store at call time, never keep it.
import type { CaptureUploads } from '../capture/capture-uploads.js';
import type { CollectorService } from '../collector/collector-service.js';
import type { WorkerHost } from '../jobs/worker-host.js';
import type { MetricsRegistry } from '../metrics/registry.js';
import type { SettingsFile } from '../settings/settings-file.js';
import type { Store } from '../store/store.js';
import type { EventBus } from './event-bus.js';

export interface ServiceContext {
  version: string;
  startedAt: Date;
  store: Store;
  workers: WorkerHost;
  events: EventBus;
  metrics: MetricsRegistry;
  /** The live flow collector (absent in hosts that never collect, e.g. some tests). */
  collector?: CollectorService;
  /** The host's settings file (absent in hosts built without one, e.g. some tests). */
  settings?: SettingsFile;
  /** Why the store in use was chosen (an option, the settings file, the default, a live switch). */
  storeChosenBy?: 'option' | 'settings' | 'default' | 'switch';
  /** Capture files arriving in chunks from a browser (created by the capture handlers when absent). */
  captureUploads?: CaptureUploads;
}

export interface CallContext {
  /** Which transport the call came through ("ipc", "websocket", "in-process", "cli"). */
  transport: string;
}
