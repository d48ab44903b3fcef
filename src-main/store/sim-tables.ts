// Store access for simulation datasets (migration 50): the run, its labelled events and per-step
// link state. Written only by the host, one step at a time as the worker streams them, so a
// paused run is stored up to where it stopped and a resumed one continues the same dataset.
import type { SimRunParams, SimRunResult as EngineRunResult, SimStepChunk } from '../../src-worker/sim/sim-jobs.js';
import type { SimEventLabel } from '../api/contract/sim.js';
import type { Store } from './store.js';

/** Five significant digits: per-arc figures are estimates, and the JSON stays a third the size. */
function compact(values: ArrayLike<number>): number[] {
  const out = new Array<number>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    out[i] = Number.isFinite(v) ? Number(v.toPrecision(5)) : 0;
  }
  return out;
}

export interface SimRunRow {
  name: string;
  kind: string;
  seed: number;
  steps: number;
  stepSeconds: number;
  startMs: number;
  endMs: number;
  completedSteps: number;
  params: unknown;
  topology: unknown;
  summary: unknown;
  totals: unknown;
  flowsFilter: string | null;
}

export class SimTables {
  constructor(private readonly store: Store) {}

  /** Starts a dataset: a fresh run replaces an older one of the same name; a resumed run keeps it. */
  async begin(name: string, fromStep: number): Promise<void> {
    if (fromStep > 0) {
      await this.store.run('DELETE FROM sim_steps WHERE run = $1 AND step >= $2', [name, fromStep]);
      return;
    }
    for (const table of ['sim_steps', 'sim_events']) await this.store.run(`DELETE FROM ${table} WHERE run = $1`, [name]);
    await this.store.run('DELETE FROM sim_runs WHERE name = $1', [name]);
  }

  async step(name: string, chunk: SimStepChunk): Promise<void> {
    const s = chunk.summary;
    const arcs = chunk.arcs
      ? JSON.stringify({
          offeredBps: compact(chunk.arcs.offeredBps),
          carriedBps: compact(chunk.arcs.carriedBps),
          droppedBps: compact(chunk.arcs.droppedBps),
          utilisation: compact(chunk.arcs.utilisation),
          queueDelayMs: compact(chunk.arcs.queueDelayMs),
          down: Array.from(chunk.arcs.down),
        })
      : '{}';
    await this.store.run(
      `INSERT INTO sim_steps (run, step, time_ms, offered_bps, delivered_bps, dropped_bps, unroutable_bps, mlu, mean_latency_ms, active_events, arcs)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [name, s.step, Math.round(s.timeUs / 1000), s.offeredBps, s.deliveredBps, s.droppedCongestionBps + s.droppedBackgroundBps, s.unroutableBps, s.mlu, s.meanLatencyMs, JSON.stringify(s.activeEvents), arcs],
    );
  }

  async finish(row: SimRunRow, labels: SimEventLabel[]): Promise<void> {
    await this.store.run('DELETE FROM sim_runs WHERE name = $1', [row.name]);
    await this.store.run(
      `INSERT INTO sim_runs (name, created_ms, kind, seed, steps, step_seconds, start_ms, end_ms, completed_steps, params, topology, summary, totals, flows_filter)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
      [row.name, Date.now(), row.kind, row.seed, row.steps, row.stepSeconds, row.startMs, row.endMs, row.completedSteps,
        JSON.stringify(row.params), JSON.stringify(row.topology), JSON.stringify(row.summary), JSON.stringify(row.totals), row.flowsFilter],
    );
    await this.store.run('DELETE FROM sim_events WHERE run = $1', [row.name]);
    for (const e of labels) {
      await this.store.run(
        `INSERT INTO sim_events (run, event_id, kind, origin, start_ms, end_ms, description, nodes, links) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [row.name, e.id, e.kind, e.origin, Date.parse(e.start), Date.parse(e.end), e.description, JSON.stringify(e.nodes), JSON.stringify(e.links)],
      );
    }
  }

  async runs(): Promise<Array<{ name: string; kind: string; steps: number; completed_steps: number; start_ms: number; end_ms: number }>> {
    return this.store.all('SELECT name, kind, steps, completed_steps, start_ms, end_ms FROM sim_runs ORDER BY created_ms DESC');
  }
}

/** The run row for a finished (or paused) engine run. */
export function simRunRow(name: string, params: unknown, jobParams: SimRunParams, result: EngineRunResult, startMs: number, flowsFilter: string | null): SimRunRow {
  return {
    name,
    kind: result.network.kind,
    seed: jobParams.seed,
    steps: jobParams.steps,
    stepSeconds: jobParams.stepSeconds,
    startMs,
    endMs: startMs + jobParams.steps * jobParams.stepSeconds * 1000,
    completedSteps: result.nextStep,
    params,
    topology: result.topology,
    summary: result.summary,
    totals: result.totals,
    flowsFilter,
  };
}
