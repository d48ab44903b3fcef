// Reports area: the kinds of report, generating one (as a file written on the host, or its
// content returned to the caller), following and cancelling a generation. The UI's Reports view
// and every view's "Export" action (ReportPrefill) use these.
import { z } from 'zod';
import { REPORT_FORMATS, REPORT_KINDS, type ReportFormat, type ReportKind } from '../../report/model.js';
import { event, method } from './define.js';

export type { ReportPrefill } from '../../report/report-request.js';
export type { ReportFormat, ReportKind } from '../../report/model.js';

const path = z.string().min(1).max(4096);

export const reportRequestSchema = z
  .object({
    kind: z.enum(REPORT_KINDS),
    format: z.enum(REPORT_FORMATS).default('html'),
    from: z.string().min(1).max(64).optional(),
    to: z.string().min(1).max(64).optional(),
    filter: z.string().max(4096).optional(),
    top: z.number().int().min(1).max(1000).optional(),
    topology: path.optional(),
    demands: path.optional(),
    failureKinds: z.array(z.enum(['link', 'node', 'srlg'])).min(1).max(3).optional(),
    captures: z.array(path).min(1).max(100).optional(),
    links: z
      .array(z.object({ series: path, capacity: z.union([z.string().min(1).max(32), z.number().positive()]), name: z.string().min(1).max(200).optional() }).strict())
      .min(1)
      .max(1000)
      .optional(),
    defaultCapacity: z.union([z.string().min(1).max(32), z.number().positive()]).optional(),
    seriesUnit: z.enum(['bps', 'bytes']).optional(),
    stepSeconds: z.number().int().min(1).max(86_400).optional(),
    horizonDays: z.number().int().min(1).max(3650).optional(),
    /** Write the file(s) here on the host; without it the content comes back in the result. */
    output: path.optional(),
    /** false: return at once with the report id; follow reports.progress / reports.finished. */
    wait: z.boolean().default(true),
  })
  .strict();

export interface ReportKindInfo {
  kind: ReportKind;
  title: string;
  description: string;
  /** Request fields this kind reads, and which of them it needs. */
  inputs: { field: string; required: boolean; description: string }[];
  formats: ReportFormat[];
}

export interface ReportFileInfo {
  name: string;
  mimeType: string;
  bytes: number;
  /** Where it was written (when the request gave `output`). */
  path?: string;
  /** The file itself (when no `output`): text as utf8, PDF as base64. */
  content?: string;
  encoding?: 'utf8' | 'base64';
  /** CSV: the table this file holds. */
  table?: string;
}

export type ReportState = 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface ReportOutcome {
  reportId: string;
  kind: ReportKind;
  format: ReportFormat;
  state: ReportState;
  startedAt: string;
  finishedAt?: string;
  title?: string;
  files?: ReportFileInfo[];
  /** Engine jobs started for this report (they appear in jobs.list). */
  jobIds: string[];
  error?: string;
}

export interface ReportProgress {
  reportId: string;
  fraction?: number;
  message: string;
}

const reportId = z.object({ reportId: z.string().min(1).max(64) }).strict();

export const reportsMethods = {
  'reports.kinds': method(z.object({}).strict()).returns<ReportKindInfo[]>(),
  'reports.generate': method(reportRequestSchema).returns<ReportOutcome>(),
  'reports.status': method(reportId).returns<ReportOutcome>(),
  'reports.cancel': method(reportId).returns<{ cancelled: boolean }>(),
};

export const reportsEvents = {
  'reports.progress': event<ReportProgress>(),
  /** The outcome without file contents (fetch them with reports.status). */
  'reports.finished': event<ReportOutcome>(),
};
