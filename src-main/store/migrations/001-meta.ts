// Migration 1: the settings table (key/value, JSON values) every later component can use.
import type { Migration } from './migration.js';

export const migration001: Migration = {
  version: 1,
  name: 'settings',
  duckdb: ['CREATE TABLE settings (key VARCHAR PRIMARY KEY, value JSON NOT NULL, updated_at TIMESTAMP NOT NULL DEFAULT now())'],
  postgres: ['CREATE TABLE settings (key TEXT PRIMARY KEY, value JSONB NOT NULL, updated_at TIMESTAMPTZ NOT NULL DEFAULT now())'],
};
