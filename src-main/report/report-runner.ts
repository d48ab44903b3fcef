// Runs report generations for the service: each gets an id, progress events, a cancel, and its
// outcome kept (the last 50) so a caller that did not wait can fetch the files.
import { randomUUID } from 'node:crypto';
import type { ReportFileInfo, ReportOutcome, ReportProgress } from '../api/contract/reports.js';
import { buildReport, renderReport, type ReportDeps, type ReportFile, type RunJob } from './generate.js';
import type { ReportContext } from './collectors/report-context.js';
import { writeReportFiles } from './report-files.js';
import type { ReportRequest } from './report-request.js';
import type { StoreTrafficSource } from './store-traffic.js';
import type { Store } from '../store/store.js';

export interface ReportRunnerConfig {
  context: ReportContext;
  runJob: RunJob;
  /** Jobs that may run side by side (the worker pool's size). */
  parallelism?: () => number;
  cancelJob: (jobId: string) => void;
  storeTraffic?: () => Promise<StoreTrafficSource | undefined>;
  storeDescription?: string;
  store?: Store;
  onProgress: (p: ReportProgress) => void;
  onFinished: (o: ReportOutcome) => void;
  /** Outcomes kept for reports.status. */
  history: number;
}

interface Running {
  outcome: ReportOutcome;
  abort: AbortController;
  done: Promise<void>;
  files?: ReportFile[];
}

export class ReportRunner {
  private readonly reports = new Map<string, Running>();

  constructor(private readonly config: ReportRunnerConfig) {}

  async start(request: ReportRequest & { output?: string; wait?: boolean }): Promise<ReportOutcome> {
    const reportId = randomUUID();
    const abort = new AbortController();
    const outcome: ReportOutcome = { reportId, kind: request.kind, format: request.format, state: 'running', startedAt: new Date().toISOString(), jobIds: [] };
    const running: Running = { outcome, abort, done: Promise.resolve() };
    this.reports.set(reportId, running);
    this.prune();
    running.done = this.run(running, request);
    if (request.wait === false) return { ...outcome };
    await running.done;
    return this.status(reportId);
  }

  status(reportId: string): ReportOutcome {
    const r = this.reports.get(reportId);
    if (!r) throw new Error(`reports: no report ${reportId} (finished reports are kept for the last ${this.config.history})`);
    return { ...r.outcome, files: r.outcome.files?.map((f) => ({ ...f })) };
  }

  cancel(reportId: string): boolean {
    const r = this.reports.get(reportId);
    if (!r || r.outcome.state !== 'running') return false;
    r.abort.abort();
    for (const jobId of r.outcome.jobIds) this.config.cancelJob(jobId);
    return true;
  }

  private async run(running: Running, request: ReportRequest & { output?: string }): Promise<void> {
    const { outcome, abort } = running;
    const deps: ReportDeps = {
      context: this.config.context,
      runJob: this.config.runJob,
      parallelism: this.config.parallelism?.(),
      storeTraffic: request.kind === 'traffic' && !request.captures?.length ? await this.config.storeTraffic?.() : undefined,
      storeDescription: this.config.storeDescription,
      store: this.config.store,
      signal: abort.signal,
      onJob: (jobId) => outcome.jobIds.push(jobId),
      onProgress: (fraction, message) => this.config.onProgress({ reportId: outcome.reportId, fraction, message }),
    };
    try {
      const report = await buildReport(request, deps);
      if (abort.signal.aborted) throw new Error('report: cancelled');
      this.config.onProgress({ reportId: outcome.reportId, message: `rendering ${request.format.toUpperCase()}` });
      const files = await renderReport(report, request.format);
      outcome.title = report.title;
      outcome.files = this.describeFiles(files, request.output);
      outcome.state = 'succeeded';
    } catch (error) {
      outcome.state = abort.signal.aborted ? 'cancelled' : 'failed';
      outcome.error = error instanceof Error ? error.message : String(error);
    }
    outcome.finishedAt = new Date().toISOString();
    this.config.onFinished({ ...outcome, files: outcome.files?.map(({ content: _content, ...f }) => f) });
  }

  private describeFiles(files: ReportFile[], output?: string): ReportFileInfo[] {
    if (output) {
      const paths = writeReportFiles(files, output);
      return files.map((f, i) => ({ name: f.name, mimeType: f.mimeType, bytes: f.content.length, path: paths[i], ...(f.table ? { table: f.table } : {}) }));
    }
    return files.map((f) => {
      const binary = f.mimeType === 'application/pdf';
      return {
        name: f.name,
        mimeType: f.mimeType,
        bytes: f.content.length,
        content: f.content.toString(binary ? 'base64' : 'utf8'),
        encoding: binary ? ('base64' as const) : ('utf8' as const),
        ...(f.table ? { table: f.table } : {}),
      };
    });
  }

  private prune(): void {
    const finished = [...this.reports.values()].filter((r) => r.outcome.state !== 'running');
    for (const r of finished.slice(0, Math.max(0, this.reports.size - this.config.history))) this.reports.delete(r.outcome.reportId);
  }
}
