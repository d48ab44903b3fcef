// Migration 2: the flow store — devices (one per exporter), their interfaces, raw flows, the
// 1 min / 5 min / 1 h rollups (no ports, no addresses), interface and device metrics, the
// persisted template cache and the rollup watermark.
//
// Addresses: DuckDB stores them as UHUGEINT (the 16-byte IPv6 / IPv4-mapped value as one
// 128-bit integer), so `src_addr << 10.0.0.0/8` becomes a BETWEEN on an integer column that
// DuckDB's zone maps can prune; PostgreSQL stores INET and uses `<<=`. Volumes are stored as
// observed with their sampling rate (multiplied at query time), so rollups keep sampling_rate in
// their key and a corrected rate still applies to old data. `links` is left to the topology
// migrations (010+); predictions/anomalies to the ML migrations (040+).
import type { Migration } from './migration.js';

const rollupDuck = (name: string) =>
  `CREATE TABLE ${name} (bucket TIMESTAMP NOT NULL, exporter UHUGEINT NOT NULL, source UTINYINT NOT NULL, protocol UTINYINT NOT NULL,
    in_if UINTEGER, out_if UINTEGER, direction UTINYINT, src_as UINTEGER, dst_as UINTEGER, vlan USMALLINT, sampling_rate UINTEGER NOT NULL,
    flows UBIGINT NOT NULL, bytes UBIGINT NOT NULL, packets UBIGINT NOT NULL)`;
const rollupPg = (name: string) =>
  `CREATE TABLE ${name} (bucket TIMESTAMPTZ NOT NULL, exporter INET NOT NULL, source SMALLINT NOT NULL, protocol SMALLINT NOT NULL,
    in_if BIGINT, out_if BIGINT, direction SMALLINT, src_as BIGINT, dst_as BIGINT, vlan INTEGER, sampling_rate BIGINT NOT NULL,
    flows BIGINT NOT NULL, bytes BIGINT NOT NULL, packets BIGINT NOT NULL)`;

export const migration002: Migration = {
  version: 2,
  name: 'flows',
  duckdb: [
    `CREATE TABLE devices (address VARCHAR PRIMARY KEY, name VARCHAR, kind VARCHAR NOT NULL DEFAULT 'exporter',
      protocols VARCHAR, first_seen TIMESTAMP NOT NULL DEFAULT now(), last_seen TIMESTAMP)`,
    `CREATE TABLE interfaces (device VARCHAR NOT NULL, if_index UINTEGER NOT NULL, name VARCHAR, description VARCHAR, speed UBIGINT,
      updated_at TIMESTAMP NOT NULL DEFAULT now(), PRIMARY KEY (device, if_index))`,
    `CREATE TABLE flows (time_start TIMESTAMP NOT NULL, time_end TIMESTAMP NOT NULL, time_received TIMESTAMP NOT NULL,
      exporter UHUGEINT NOT NULL, source UTINYINT NOT NULL, src_addr UHUGEINT NOT NULL, dst_addr UHUGEINT NOT NULL,
      src_port USMALLINT NOT NULL, dst_port USMALLINT NOT NULL, protocol UTINYINT NOT NULL, bytes UBIGINT NOT NULL, packets UBIGINT NOT NULL,
      sampling_rate UINTEGER NOT NULL, in_if UINTEGER, out_if UINTEGER, direction UTINYINT, tcp_flags UTINYINT, tos UTINYINT,
      vlan USMALLINT, src_as UINTEGER, dst_as UINTEGER, next_hop UHUGEINT)`,
    rollupDuck('flows_1m'),
    rollupDuck('flows_5m'),
    rollupDuck('flows_1h'),
    `CREATE TABLE rollup_state (name VARCHAR PRIMARY KEY, done_until TIMESTAMP NOT NULL)`,
    `CREATE TABLE interface_metrics (time TIMESTAMP NOT NULL, device VARCHAR NOT NULL, if_index UINTEGER NOT NULL, if_speed UBIGINT,
      oper_up BOOLEAN, in_octets UBIGINT, out_octets UBIGINT, in_packets UBIGINT, out_packets UBIGINT, in_errors UBIGINT, out_errors UBIGINT,
      in_discards UBIGINT, out_discards UBIGINT)`,
    `CREATE TABLE device_metrics (time TIMESTAMP NOT NULL, device VARCHAR NOT NULL, metric VARCHAR NOT NULL, value DOUBLE NOT NULL)`,
    `CREATE TABLE exporter_templates (id INTEGER PRIMARY KEY, snapshot JSON NOT NULL, saved_at TIMESTAMP NOT NULL DEFAULT now())`,
  ],
  postgres: [
    `CREATE TABLE devices (address TEXT PRIMARY KEY, name TEXT, kind TEXT NOT NULL DEFAULT 'exporter',
      protocols TEXT, first_seen TIMESTAMPTZ NOT NULL DEFAULT now(), last_seen TIMESTAMPTZ)`,
    `CREATE TABLE interfaces (device TEXT NOT NULL, if_index BIGINT NOT NULL, name TEXT, description TEXT, speed BIGINT,
      updated_at TIMESTAMPTZ NOT NULL DEFAULT now(), PRIMARY KEY (device, if_index))`,
    `CREATE TABLE flows (time_start TIMESTAMPTZ NOT NULL, time_end TIMESTAMPTZ NOT NULL, time_received TIMESTAMPTZ NOT NULL,
      exporter INET NOT NULL, source SMALLINT NOT NULL, src_addr INET NOT NULL, dst_addr INET NOT NULL,
      src_port INTEGER NOT NULL, dst_port INTEGER NOT NULL, protocol SMALLINT NOT NULL, bytes BIGINT NOT NULL, packets BIGINT NOT NULL,
      sampling_rate BIGINT NOT NULL, in_if BIGINT, out_if BIGINT, direction SMALLINT, tcp_flags SMALLINT, tos SMALLINT,
      vlan INTEGER, src_as BIGINT, dst_as BIGINT, next_hop INET)`,
    `CREATE INDEX flows_time_start ON flows (time_start)`,
    `CREATE INDEX flows_time_received ON flows (time_received)`,
    rollupPg('flows_1m'),
    rollupPg('flows_5m'),
    rollupPg('flows_1h'),
    `CREATE INDEX flows_1m_bucket ON flows_1m (bucket)`,
    `CREATE INDEX flows_5m_bucket ON flows_5m (bucket)`,
    `CREATE INDEX flows_1h_bucket ON flows_1h (bucket)`,
    `CREATE TABLE rollup_state (name TEXT PRIMARY KEY, done_until TIMESTAMPTZ NOT NULL)`,
    `CREATE TABLE interface_metrics (time TIMESTAMPTZ NOT NULL, device TEXT NOT NULL, if_index BIGINT NOT NULL, if_speed NUMERIC,
      oper_up BOOLEAN, in_octets NUMERIC, out_octets NUMERIC, in_packets NUMERIC, out_packets NUMERIC, in_errors NUMERIC, out_errors NUMERIC,
      in_discards NUMERIC, out_discards NUMERIC)`,
    `CREATE INDEX interface_metrics_time ON interface_metrics (time)`,
    `CREATE TABLE device_metrics (time TIMESTAMPTZ NOT NULL, device TEXT NOT NULL, metric TEXT NOT NULL, value DOUBLE PRECISION NOT NULL)`,
    `CREATE TABLE exporter_templates (id INTEGER PRIMARY KEY, snapshot JSONB NOT NULL, saved_at TIMESTAMPTZ NOT NULL DEFAULT now())`,
  ],
};
