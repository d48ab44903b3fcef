// Migration 10: the topology tables (the topology range is 010–019). A topology is a named,
// imported snapshot: its devices (site, role, coordinates, addresses), its links (endpoints,
// SRLGs), each link's interfaces — one row per direction with capacity, IGP metric, latency and
// loss — and the traffic matrix that came with it.
import type { Migration } from './migration.js';

const tables = (json: string, text: string) => [
  `CREATE TABLE topologies (topology_id ${text} PRIMARY KEY, name ${text} NOT NULL, source ${text}, created_ms BIGINT NOT NULL,
     device_count INTEGER NOT NULL, link_count INTEGER NOT NULL, demand_count INTEGER NOT NULL, warnings ${json} NOT NULL)`,
  'CREATE INDEX topologies_name ON topologies (name, created_ms)',
  `CREATE TABLE topo_devices (topology_id ${text} NOT NULL, ord INTEGER NOT NULL, device_id ${text} NOT NULL, name ${text} NOT NULL,
     site ${text}, role ${text}, lat DOUBLE PRECISION, lon DOUBLE PRECISION, x DOUBLE PRECISION, y DOUBLE PRECISION, addresses ${json},
     PRIMARY KEY (topology_id, device_id))`,
  `CREATE TABLE topo_links (topology_id ${text} NOT NULL, ord INTEGER NOT NULL, link_id ${text} NOT NULL, a ${text} NOT NULL, b ${text} NOT NULL,
     label ${text}, srlgs ${json} NOT NULL, PRIMARY KEY (topology_id, link_id))`,
  `CREATE TABLE topo_interfaces (topology_id ${text} NOT NULL, link_id ${text} NOT NULL, direction ${text} NOT NULL, device_id ${text} NOT NULL,
     name ${text}, capacity_bps DOUBLE PRECISION NOT NULL, metric DOUBLE PRECISION NOT NULL, latency_ms DOUBLE PRECISION NOT NULL,
     loss DOUBLE PRECISION NOT NULL, PRIMARY KEY (topology_id, link_id, direction))`,
  `CREATE TABLE topo_demands (topology_id ${text} NOT NULL, ord INTEGER NOT NULL, demand_id ${text}, src ${text} NOT NULL, dst ${text} NOT NULL,
     rate_bps DOUBLE PRECISION NOT NULL)`,
  'CREATE INDEX topo_demands_topology ON topo_demands (topology_id, ord)',
];

export const migration010: Migration = {
  version: 10,
  name: 'topologies: devices, links, interfaces, demands',
  duckdb: tables('JSON', 'VARCHAR'),
  postgres: tables('JSONB', 'TEXT'),
};
