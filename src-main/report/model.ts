// The report model: plain, JSON-serialisable data that every kind of report is assembled into by
// its collector (collectors/*.ts) and that every format's renderer (html.ts, csv.ts, json.ts,
// pdf.ts) reads. Nothing here knows about a store, an engine or a format, so renderers are tested
// on models built from real engines and collectors are tested without rendering.

export const REPORT_KINDS = ['traffic', 'topology', 'failure', 'capacity', 'capture'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export const REPORT_FORMATS = ['html', 'pdf', 'csv', 'json'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const REPORT_KIND_TITLES: Record<ReportKind, string> = {
  traffic: 'Traffic summary',
  topology: 'Topology snapshot',
  failure: 'Failure analysis',
  capacity: 'Capacity plan',
  capture: 'Capture review',
};

/** How the report was made; every format prints all of it. */
export interface Provenance {
  /** ISO-8601 UTC; null when the report has no time range (a topology file, a capture). */
  from: string | null;
  to: string | null;
  /** The filter expression as the user wrote it, or null. */
  filter: string | null;
  /** Where the data came from: "DuckDB /path/netweaver.duckdb", "REPETITA Abilene.graph" … */
  dataSource: string;
  /** How sampling was treated, in words ("sampled 1:100 on 2 exporters, volumes multiplied"). */
  sampling: string;
  version: string;
  generatedAt: string;
  /** Anything else the reader must know (method, model, assumptions). */
  notes: string[];
}

/** How a cell's number is meant: renderers format it, CSV and JSON keep the raw number. */
export type ValueKind = 'text' | 'integer' | 'number' | 'bytes' | 'bits_per_second' | 'percent' | 'time' | 'date';

export type CellValue = string | number | null;

export interface TableColumn {
  key: string;
  label: string;
  kind: ValueKind;
}

export interface Table {
  /** Stable, file-name safe id (`top-talkers`): CSV file names and HTML anchors use it. */
  id: string;
  title: string;
  columns: TableColumn[];
  rows: Record<string, CellValue>[];
  /** Shown under the table, e.g. "top 10 of 1 234 sources". */
  caption?: string;
}

export interface Metric {
  id: string;
  label: string;
  value: CellValue;
  kind: ValueKind;
}

export interface BarChart {
  type: 'bar';
  id: string;
  title: string;
  valueKind: ValueKind;
  bars: { label: string; value: number }[];
}

export interface TimeSeriesChart {
  type: 'timeseries';
  id: string;
  title: string;
  valueKind: ValueKind;
  /** stacked area (parts of a whole) or lines (comparable quantities, forecasts). */
  mode: 'stacked' | 'lines';
  /** Epoch milliseconds, ascending. */
  times: number[];
  series: { name: string; values: (number | null)[]; dashed?: boolean }[];
  /** Horizontal reference lines (80 % and 100 % of capacity). */
  thresholds?: { label: string; value: number }[];
}

export interface TopologyDrawing {
  type: 'topology';
  id: string;
  title: string;
  nodes: { id: string; label: string; x: number; y: number }[];
  /** utilisation 0..n (NaN/null when capacity is unknown); the worse direction of the link. */
  links: { id: string; a: string; b: string; utilisation: number | null; label?: string; down?: boolean }[];
}

export type Chart = BarChart | TimeSeriesChart | TopologyDrawing;

export type Block =
  | { type: 'text'; text: string }
  | { type: 'metrics'; metrics: Metric[] }
  | { type: 'table'; table: Table }
  | { type: 'chart'; chart: Chart };

export interface Section {
  id: string;
  title: string;
  blocks: Block[];
}

export interface Report {
  kind: ReportKind;
  title: string;
  subtitle?: string;
  provenance: Provenance;
  sections: Section[];
}

/** Every table of a report, in document order (CSV writes one file per table). */
export function reportTables(report: Report): Table[] {
  return report.sections.flatMap((s) => s.blocks.flatMap((b) => (b.type === 'table' ? [b.table] : [])));
}

export function isReportKind(value: string): value is ReportKind {
  return (REPORT_KINDS as readonly string[]).includes(value);
}

export function isReportFormat(value: string): value is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(value);
}
