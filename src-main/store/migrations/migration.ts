// A schema migration: one version, statements per backend. Migrations only ever append.
export interface Migration {
  version: number;
  name: string;
  duckdb: string[];
  postgres: string[];
}
