// The capture import history (table capture_imports): one row per import with its outcome in
// words — succeeded, failed with the reason, or cancelled with what was stored before the cancel.
import type { CaptureHistoryEntry, CaptureImportState } from '../api/contract/capture.js';
import { dialectFor, SqlParams } from '../store/query/sql-dialect.js';
import type { Store } from '../store/store.js';

export interface ImportRecord {
  jobId: string;
  files: string[];
  state: CaptureImportState;
  startedAt: Date;
  finishedAt: Date;
  packets: number;
  rowsStored: number;
  timeSpan: { firstUs: number; lastUs: number } | null;
  outcome: string;
  /** Small part of the summary worth keeping: errors by kind, telemetry, exporters. */
  summary: unknown;
}

export async function recordImport(store: Store, r: ImportRecord): Promise<void> {
  const d = dialectFor(store.kind);
  const p = new SqlParams();
  await store.run(
    `INSERT INTO capture_imports (job_id, files, state, started_at, finished_at, packets, rows_stored, first_us, last_us, outcome, summary)
     VALUES (${p.add(r.jobId)}, ${p.add(JSON.stringify(r.files))}, ${p.add(r.state)}, ${d.timestamp(r.startedAt.getTime() * 1000, p)},
       ${d.timestamp(r.finishedAt.getTime() * 1000, p)}, ${p.add(r.packets)}, ${p.add(r.rowsStored)}, ${p.add(r.timeSpan ? Math.trunc(r.timeSpan.firstUs) : null)},
       ${p.add(r.timeSpan ? Math.trunc(r.timeSpan.lastUs) : null)}, ${p.add(r.outcome)}, ${p.add(JSON.stringify(r.summary ?? null))})`,
    p.values,
  );
}

interface Row {
  job_id: string;
  files: string;
  state: CaptureImportState;
  started_at: string;
  finished_at: string | null;
  packets: number | string;
  rows_stored: number | string;
  first_us: number | string | null;
  last_us: number | string | null;
  outcome: string;
  summary: unknown;
}

export async function loadImportHistory(store: Store, limit: number): Promise<CaptureHistoryEntry[]> {
  const rows = await store.all<Row>(
    `SELECT job_id, files, state, CAST(started_at AS VARCHAR) AS started_at, CAST(finished_at AS VARCHAR) AS finished_at, packets, rows_stored,
       first_us, last_us, outcome, CAST(summary AS VARCHAR) AS summary
     FROM capture_imports ORDER BY started_at DESC LIMIT ${Math.max(1, Math.min(1000, Math.trunc(limit)))}`,
  );
  return rows.map((r) => ({
    jobId: r.job_id,
    files: JSON.parse(r.files) as string[],
    state: r.state,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    packets: Number(r.packets),
    rowsStored: Number(r.rows_stored),
    timeSpan: r.first_us === null || r.last_us === null ? null : { firstUs: Number(r.first_us), lastUs: Number(r.last_us) },
    outcome: r.outcome,
    summary: typeof r.summary === 'string' ? (JSON.parse(r.summary) as CaptureHistoryEntry['summary']) : null,
  }));
}
