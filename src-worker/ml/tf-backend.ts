// Chooses the TensorFlow.js backend once per process: tfjs-node (native libtensorflow) when that
// optional package loads, else WebAssembly (its .wasm files read from node_modules), else the
// pure-JS cpu backend. Results and progress name the backend so timings can be interpreted.
import * as tf from '@tensorflow/tfjs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

export type TfBackendName = 'tensorflow' | 'wasm' | 'cpu';

export interface BackendChoice {
  name: TfBackendName;
  /** Why the faster backends were not used ("tfjs-node: Cannot find module …"). */
  notes: string[];
}

let chosen: Promise<BackendChoice> | null = null;

async function tryNode(notes: string[]): Promise<boolean> {
  try {
    const nodeBackendModule = '@tensorflow/tfjs-node';
    await import(/* @vite-ignore */ nodeBackendModule);
    return await tf.setBackend('tensorflow');
  } catch (err) {
    notes.push(`tfjs-node: ${(err as Error).message.split('\n')[0]}`);
    return false;
  }
}

async function tryWasm(notes: string[]): Promise<boolean> {
  try {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    const require = createRequire(import.meta.url);
    const dist = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + '/';
    // In Node the wasm loader takes plain paths; a file URL is only needed in a browser.
    wasm.setWasmPaths(typeof window === 'undefined' ? dist : pathToFileURL(dist).href);
    return await tf.setBackend('wasm');
  } catch (err) {
    notes.push(`wasm: ${(err as Error).message.split('\n')[0]}`);
    return false;
  }
}

/**
 * Selects and initialises the backend. `prefer` forces one (tests use it to compare); a forced
 * backend that does not load falls back like the automatic choice and says so in `notes`.
 */
export function selectBackend(prefer?: TfBackendName): Promise<BackendChoice> {
  if (chosen && !prefer) return chosen;
  chosen = (async () => {
    const notes: string[] = [];
    const order: TfBackendName[] = prefer ? [prefer, 'tensorflow', 'wasm', 'cpu'] : ['tensorflow', 'wasm', 'cpu'];
    for (const name of order) {
      if (name === 'tensorflow' && (await tryNode(notes))) break;
      if (name === 'wasm' && (await tryWasm(notes))) break;
      if (name === 'cpu' && (await tf.setBackend('cpu'))) break;
    }
    await tf.ready();
    return { name: tf.getBackend() as TfBackendName, notes };
  })();
  return chosen;
}

export { tf };
