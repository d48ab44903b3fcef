// The host's view of one engine worker, whatever runs it: a worker_threads Worker under Node
// (thread-launcher.ts) or an Electron utilityProcess (src-main/electron/utility-launcher.ts).
import type { HostToWorker, WorkerToHost } from '../../src-worker/jobs/protocol.js';

export interface EngineProcess {
  /** Whether SharedArrayBuffer cancel flags reach the worker (threads: yes; processes: no). */
  readonly sharesMemory: boolean;
  post(message: HostToWorker, transfer?: ArrayBuffer[]): void;
  onMessage(listener: (message: WorkerToHost) => void): void;
  /** Called once when the worker is gone, for whatever reason. */
  onExit(listener: (reason: string) => void): void;
  terminate(): void;
}

export type EngineLauncher = () => EngineProcess;
