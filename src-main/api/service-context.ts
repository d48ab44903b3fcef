// What every area's handlers may use: the store, the worker pool, the event bus. Handlers get
// this once at construction; the service owns the lifecycle of each part.
import type { CaptureUploads } from '../capture/capture-uploads.js';
import type { CollectorService } from '../collector/collector-service.js';
import type { WorkerHost } from '../jobs/worker-host.js';
import type { MetricsRegistry } from '../metrics/registry.js';
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
  /** Capture files arriving in chunks from a browser (created by the capture handlers when absent). */
  captureUploads?: CaptureUploads;
}

export interface CallContext {
  /** Which transport the call came through ("ipc", "websocket", "in-process", "cli"). */
  transport: string;
}
