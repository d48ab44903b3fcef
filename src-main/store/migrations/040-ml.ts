// Migration 2: the ML tables. Trained and imported models (summary as JSON, the artefact with
// its ONNX bytes as base64 JSON text so both backends store it the same way), the forecasts made
// with them (one row per predicted bucket, baselines beside), and detected anomalies.
import type { Migration } from './migration.js';

const tables = (json: string, text: string) => [
  `CREATE TABLE ml_models (model_id ${text} PRIMARY KEY, kind ${text} NOT NULL, series_key ${text} NOT NULL, series_name ${text} NOT NULL,
     step_ms BIGINT NOT NULL, created_ms BIGINT NOT NULL, backend ${text}, summary ${json} NOT NULL, artefact ${text} NOT NULL)`,
  'CREATE INDEX ml_models_series ON ml_models (series_key, created_ms)',
  `CREATE TABLE predictions (model_id ${text} NOT NULL, series_key ${text} NOT NULL, made_ms BIGINT NOT NULL, time_ms BIGINT NOT NULL,
     step INTEGER NOT NULL, value DOUBLE PRECISION NOT NULL, lower DOUBLE PRECISION, upper DOUBLE PRECISION,
     baseline_daily DOUBLE PRECISION, baseline_weekly DOUBLE PRECISION, baseline_holt_winters DOUBLE PRECISION)`,
  'CREATE INDEX predictions_series ON predictions (series_key, time_ms)',
  `CREATE TABLE anomalies (anomaly_id ${text} PRIMARY KEY, model_id ${text} NOT NULL, series_key ${text} NOT NULL, series_name ${text} NOT NULL,
     detected_ms BIGINT NOT NULL, start_ms BIGINT NOT NULL, end_ms BIGINT NOT NULL, peak_ms BIGINT NOT NULL,
     score DOUBLE PRECISION NOT NULL, expected DOUBLE PRECISION, actual DOUBLE PRECISION, explanation ${text} NOT NULL)`,
  'CREATE INDEX anomalies_series ON anomalies (series_key, start_ms)',
];

export const migration040: Migration = {
  version: 40,
  name: 'ml models, predictions, anomalies',
  duckdb: tables('JSON', 'VARCHAR'),
  postgres: tables('JSONB', 'TEXT'),
};
