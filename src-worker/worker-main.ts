// Entry point of the engine worker. Under plain Node it is a worker_threads Worker; in the
// desktop app it is an Electron utilityProcess (process.parentPort). Same jobs either way.
import { parentPort } from 'node:worker_threads';
import { runJobsOn, type WorkerPort } from './jobs/job-runner.js';
import type { HostToWorker } from './jobs/protocol.js';
import { jobHandlers } from './jobs/registry.js';

interface ElectronParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

function threadPort(): WorkerPort | null {
  if (!parentPort) return null;
  const port = parentPort;
  return {
    post: (message, transfer) => port.postMessage(message, transfer ?? []),
    onMessage: (listener) => port.on('message', (m: HostToWorker) => listener(m)),
  };
}

function utilityProcessPort(): WorkerPort | null {
  const electronPort = (process as unknown as { parentPort?: ElectronParentPort }).parentPort;
  if (!electronPort) return null;
  return {
    // utilityProcess ports cannot transfer ArrayBuffers; they are copied instead.
    post: (message) => electronPort.postMessage(message),
    onMessage: (listener) => electronPort.on('message', (e) => listener(e.data as HostToWorker)),
  };
}

const port = threadPort() ?? utilityProcessPort();
if (!port) {
  console.error('worker: started outside a worker thread or utility process; nothing to do');
  process.exit(2);
}
runJobsOn(port, jobHandlers);
