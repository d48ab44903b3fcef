// Migration 20: the capture import history — one row per import (uploaded or by path), with its
// outcome (succeeded, failed, or cancelled with what was stored before the cancel), so the
// Captures view can list earlier imports and open their flows after a restart.
import type { Migration } from './migration.js';

export const migration020: Migration = {
  version: 20,
  name: 'captures',
  duckdb: [
    `CREATE TABLE capture_imports (job_id VARCHAR PRIMARY KEY, files VARCHAR NOT NULL, state VARCHAR NOT NULL,
      started_at TIMESTAMP NOT NULL, finished_at TIMESTAMP, packets UBIGINT NOT NULL DEFAULT 0, rows_stored UBIGINT NOT NULL DEFAULT 0,
      first_us BIGINT, last_us BIGINT, outcome VARCHAR NOT NULL, summary JSON)`,
  ],
  postgres: [
    `CREATE TABLE capture_imports (job_id TEXT PRIMARY KEY, files TEXT NOT NULL, state TEXT NOT NULL,
      started_at TIMESTAMPTZ NOT NULL, finished_at TIMESTAMPTZ, packets BIGINT NOT NULL DEFAULT 0, rows_stored BIGINT NOT NULL DEFAULT 0,
      first_us BIGINT, last_us BIGINT, outcome TEXT NOT NULL, summary JSONB)`,
  ],
};
