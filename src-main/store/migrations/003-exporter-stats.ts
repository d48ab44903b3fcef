// Migration 3: the collector's per-exporter statistics as of its last save, so `netweaver
// exporters` and the UI can show them when no collector is running in this process.
import type { Migration } from './migration.js';

export const migration003: Migration = {
  version: 3,
  name: 'exporter-stats',
  duckdb: ['CREATE TABLE exporter_stats (exporter VARCHAR PRIMARY KEY, address VARCHAR NOT NULL, stats JSON NOT NULL, updated_at TIMESTAMP NOT NULL DEFAULT now())'],
  postgres: ['CREATE TABLE exporter_stats (exporter TEXT PRIMARY KEY, address TEXT NOT NULL, stats JSONB NOT NULL, updated_at TIMESTAMPTZ NOT NULL DEFAULT now())'],
};
