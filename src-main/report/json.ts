// The JSON renderer for automation: the report model itself, with a format version, so scripts
// read the same tables, metrics and provenance the HTML shows (raw numbers, ISO times).
import type { Report } from './model.js';

export const REPORT_JSON_FORMAT = 'netweaver-report/1';

export function renderJson(report: Report): string {
  return JSON.stringify({ format: REPORT_JSON_FORMAT, ...report }, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2) + '\n';
}
