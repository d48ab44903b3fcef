// Store access for simulation datasets (migration 50): the run, its labelled events and per-step
// link state. Written only by the host, one step at a time as the worker streams them, so a
// paused run is stored up to where it stopped and a resumed one continues the same dataset.
import type { SimNetworkChunk, SimRunParams, SimRunResult as EngineRunResult, SimStepChunk } from '../../src-worker/sim/sim-jobs.js';
import type { SimEventLabel } from '../api/contract/sim.js';
import type { Store } from './store.js';

/** SQL string literal (names come from topology files, so quotes are escaped). */
function quote(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

function slices<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

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

  /**
   * The simulated routers as devices (address = loopback, the flows' exporter) and their
   * interfaces (ifIndex, name, speed), replacing what an earlier run of the same network wrote.
   */
  async network(chunk: SimNetworkChunk): Promise<{ devices: number; interfaces: number }> {
    const nodes = chunk.topology.nodes;
    const address = (v: number) => nodes[v]!.addresses?.[0] ?? nodes[v]!.id;
    const rows = nodes.map((n, v) => `(${quote(address(v))}, ${quote(n.name)}, 'sim')`);
    for (const part of slices(rows, 500)) {
      await this.store.run(`INSERT INTO devices (address, name, kind) VALUES ${part.join(', ')} ON CONFLICT (address) DO UPDATE SET name = excluded.name, kind = excluded.kind`);
    }
    const links = chunk.topology.links;
    const ifRows: string[] = [];
    for (let a = 0; a < chunk.arcTail.length; a++) {
      const link = links[chunk.arcLink[a]!];
      const dir = link ? (nodes[chunk.arcTail[a]!]!.id === link.a ? link.ab : link.ba) : undefined;
      const name = dir?.interface ?? `if${chunk.arcIfIndex[a]}`;
      const far = link ? (nodes[chunk.arcTail[a]!]!.id === link.a ? link.b : link.a) : '';
      ifRows.push(`(${quote(address(chunk.arcTail[a]!))}, ${chunk.arcIfIndex[a]}, ${quote(name)}, ${quote(`to ${far}`)}, ${Math.round(chunk.arcCapacity[a]!)})`);
    }
    for (const part of slices(ifRows, 500)) {
      await this.store.run(`INSERT INTO interfaces (device, if_index, name, description, speed) VALUES ${part.join(', ')}
        ON CONFLICT (device, if_index) DO UPDATE SET name = excluded.name, description = excluded.description, speed = excluded.speed`);
    }
    return { devices: rows.length, interfaces: ifRows.length };
  }

  /** SNMP-like counters of every simulated interface at the end of a step. */
  async interfaceMetrics(network: SimNetworkChunk, chunk: SimStepChunk): Promise<number> {
    const c = chunk.counters;
    if (!c) return 0;
    const nodes = network.topology.nodes;
    const time = new Date(chunk.summary.timeUs / 1000 + chunk.summary.stepSeconds * 1000).toISOString();
    const rows: string[] = [];
    for (let a = 0; a < network.arcTail.length; a++) {
      const device = nodes[network.arcTail[a]!]!.addresses?.[0] ?? nodes[network.arcTail[a]!]!.id;
      const back = network.arcReverse[a]!;
      const inOctets = back >= 0 ? Math.round(c.inOctets[back]!) : 'NULL';
      const up = chunk.arcs ? chunk.arcs.down[a] === 0 : true;
      rows.push(`(${quote(device)}, ${network.arcIfIndex[a]}, ${Math.round(network.arcCapacity[a]!)}, ${up}, ${inOctets}, ${Math.round(c.outOctets[a]!)}, ${Math.round(c.outPackets[a]!)}, ${Math.round(c.outDiscards[a]!)})`);
    }
    for (const part of slices(rows, 1000)) {
      await this.store.run(`INSERT INTO interface_metrics (time, device, if_index, if_speed, oper_up, in_octets, out_octets, out_packets, out_discards)
        VALUES ${part.map((r) => r.replace('(', '($1, ')).join(', ')}`, [time]);
    }
    return rows.length;
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
