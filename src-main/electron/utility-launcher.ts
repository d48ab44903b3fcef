// Launches engine workers as Electron utilityProcesses (separate OS processes, so a native
// crash in an engine cannot take the app down). Same EngineProcess interface as threads.
import { utilityProcess } from 'electron';
import type { WorkerToHost } from '../../src-worker/jobs/protocol.js';
import type { EngineLauncher, EngineProcess } from '../jobs/engine-process.js';

export function utilityLauncher(workerScript: string): EngineLauncher {
  return () => {
    const child = utilityProcess.fork(workerScript, [], { serviceName: 'NetWeaver engine', stdio: 'inherit' });
    let exitListener: ((reason: string) => void) | null = null;
    child.on('exit', (code) => exitListener?.(`exit code ${code}`));
    const proc: EngineProcess = {
      sharesMemory: false,
      // ArrayBuffers are copied across processes (utilityProcess transfers only MessagePorts).
      post: (message) => child.postMessage(message),
      onMessage: (listener) => child.on('message', (message: WorkerToHost) => listener(message)),
      onExit: (listener) => {
        exitListener = listener;
      },
      terminate: () => {
        child.kill();
      },
    };
    return proc;
  };
}
