// The simulator as a collector load generator: a pool of realistic flows from a simulated network
// is sent over and over (timestamps moved forward each round, so collectors see fresh flows) at
// a chosen rate until a flow count or a duration is reached.
import { createFlowBatch, type FlowBatch } from '../flow/record.js';
import type { ExportFormat } from './export/encoder.js';
import { FlowExporter, type FlowExporterStats } from './export/udp-exporter.js';
import { generateNetwork, type GeneratorSpec } from './generate.js';
import { Simulation } from './simulation.js';

export interface LoadGeneratorConfig {
  host: string;
  port?: number;
  format: ExportFormat;
  /** Flows per second; 0 = as fast as possible. */
  rate: number;
  /** Stop after this many flows … */
  flows?: number;
  /** … or after this many seconds (whichever comes first). */
  seconds?: number;
  seed: number;
  generator?: GeneratorSpec;
  /** Size of the flow pool cycled through. */
  poolFlows?: number;
  loopbackOnly?: boolean;
}

/** A pool of flows from a few steps of a simulated network. */
export function flowPool(seed: number, generator: GeneratorSpec, size: number): FlowBatch {
  const network = generateNetwork(generator, { seed });
  const steps = Math.max(1, Math.ceil(size / 20_000));
  const sim = new Simulation({ network, seed, steps, stepSeconds: 60, flows: { recordsPerStep: Math.ceil(size / steps) } });
  const parts: FlowBatch[] = [];
  while (!sim.done) parts.push(sim.step().flows!);
  return concatBatches(parts);
}

export function concatBatches(parts: FlowBatch[]): FlowBatch {
  const total = parts.reduce((s, b) => s + b.length, 0);
  const out = createFlowBatch(total);
  let row = 0;
  for (const part of parts) {
    for (const key of Object.keys(out) as (keyof FlowBatch)[]) {
      if (key === 'length') continue;
      const dst = out[key] as ArrayLike<number> & { set(a: ArrayLike<number>, o: number): void; length: number };
      const src = part[key] as unknown as { subarray(a: number, b: number): ArrayLike<number> };
      const width = dst.length / total;
      dst.set(src.subarray(0, part.length * width), row * width);
    }
    row += part.length;
  }
  out.length = total;
  return out;
}

function shiftTimes(batch: FlowBatch, deltaUs: number): void {
  for (let r = 0; r < batch.length; r++) {
    batch.time_start[r]! += deltaUs;
    batch.time_end[r]! += deltaUs;
    batch.time_received[r]! += deltaUs;
  }
}

export async function generateLoad(config: LoadGeneratorConfig, onProgress?: (stats: FlowExporterStats) => void, cancelled?: () => boolean): Promise<FlowExporterStats> {
  const pool = flowPool(config.seed, config.generator ?? { kind: 'ba', nodes: 50 }, config.poolFlows ?? 20_000);
  // Move the pool to "now" so live collectors file the flows under the current time.
  let latest = 0;
  for (let r = 0; r < pool.length; r++) latest = Math.max(latest, pool.time_end[r]!);
  let earliest = Infinity;
  for (let r = 0; r < pool.length; r++) earliest = Math.min(earliest, pool.time_start[r]!);
  shiftTimes(pool, Date.now() * 1000 - latest);
  const span = latest - earliest;
  const exporter = new FlowExporter({ host: config.host, port: config.port, format: config.format, rate: config.rate, loopbackOnly: config.loopbackOnly });
  await exporter.start();
  const limit = config.flows ?? Infinity;
  const deadline = config.seconds ? performance.now() + config.seconds * 1000 : Infinity;
  let sent = 0;
  try {
    while (sent < limit && performance.now() < deadline && !cancelled?.()) {
      const take = Math.min(pool.length, limit - sent);
      const slice = take === pool.length ? pool : { ...pool, length: take };
      await exporter.send(slice);
      sent += take;
      shiftTimes(pool, span);
      onProgress?.(exporter.stats());
    }
  } finally {
    await exporter.stop();
  }
  return exporter.stats();
}
