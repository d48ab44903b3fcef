// Migration 30: simulation datasets. A run (its parameters, generated topology, totals), its
// labelled events — the ground truth anomaly detection is scored against — and per-step link
// state (one row per step, per-arc arrays as JSON) that the topology view replays. The run's
// flows go to the flows table (source 'sim'), its routers to devices/interfaces and their
// counters to interface_metrics; `flows_filter` (flow filter language) and start/end select them.
import type { Migration } from './migration.js';

const tables = (json: string, text: string) => [
  `CREATE TABLE sim_runs (name ${text} PRIMARY KEY, created_ms BIGINT NOT NULL, kind ${text} NOT NULL, seed BIGINT NOT NULL,
     steps INTEGER NOT NULL, step_seconds DOUBLE PRECISION NOT NULL, start_ms BIGINT NOT NULL, end_ms BIGINT NOT NULL,
     completed_steps INTEGER NOT NULL, params ${json} NOT NULL, topology ${json} NOT NULL, summary ${json} NOT NULL, totals ${json} NOT NULL,
     flows_filter ${text})`,
  `CREATE TABLE sim_events (run ${text} NOT NULL, event_id ${text} NOT NULL, kind ${text} NOT NULL, origin ${text} NOT NULL,
     start_ms BIGINT NOT NULL, end_ms BIGINT NOT NULL, description ${text} NOT NULL, nodes ${json} NOT NULL, links ${json} NOT NULL,
     PRIMARY KEY (run, event_id))`,
  `CREATE TABLE sim_steps (run ${text} NOT NULL, step INTEGER NOT NULL, time_ms BIGINT NOT NULL, offered_bps DOUBLE PRECISION NOT NULL,
     delivered_bps DOUBLE PRECISION NOT NULL, dropped_bps DOUBLE PRECISION NOT NULL, unroutable_bps DOUBLE PRECISION NOT NULL,
     mlu DOUBLE PRECISION NOT NULL, mean_latency_ms DOUBLE PRECISION NOT NULL, active_events ${json} NOT NULL, arcs ${json} NOT NULL,
     PRIMARY KEY (run, step))`,
];

export const migration030: Migration = {
  version: 30,
  name: 'simulation runs, labelled events, per-step link state',
  duckdb: tables('JSON', 'VARCHAR'),
  postgres: tables('JSONB', 'TEXT'),
};
