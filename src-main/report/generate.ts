// Report generation: gathers each kind's data (flow store queries, capture import, routing and
// forecasting jobs in the worker pool), assembles the report model with the kind's collector,
// and renders the requested format. The engines run as worker jobs; this file only orchestrates.
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Demand, Topology } from '../../src-worker/graph/topology.js';
import { importDemandsText, importTopologyText } from '../../src-worker/graph/topology-import.js';
import { parseLinkSpeed } from '../../src-worker/graph/link-speed.js';
import type { FlowBatch } from '../../src-worker/flow/record.js';
import { readCsvSeries } from '../../src-worker/ml/csv-series.js';
import type { CapacityLinkInput, CapacityLinkPlan } from '../../src-worker/report/capacity-forecast.js';
import type { FailureSweepResult } from '../../src-worker/report/failure-sweep.js';
import type { NetworkSnapshot } from '../../src-worker/report/network-snapshot.js';
import type { ReportCapacityParams, ReportNetworkParams } from '../../src-worker/report/report-jobs.js';
import type { JobProgress } from '../../src-worker/jobs/job.js';
import { capacityReport } from './collectors/capacity.js';
import { captureReport, type CaptureReviewSummary } from './collectors/capture.js';
import { failureReport } from './collectors/failure.js';
import type { ReportContext } from './collectors/report-context.js';
import { topologyReport, type NetworkReportSource } from './collectors/topology.js';
import { SPREAD_NOTE, trafficReport } from './collectors/traffic.js';
import { renderCsvTables } from './csv.js';
import { renderHtml } from './html.js';
import { renderJson } from './json.js';
import type { Report, ReportFormat } from './model.js';
import { renderPdf } from './pdf.js';
import type { ReportRequest } from './report-request.js';
import { TrafficAggregator } from './traffic-aggregate.js';
import type { StoreTrafficSource } from './store-traffic.js';
import type { Store } from '../store/store.js';
import { storeCapacityLinks } from './store-capacity.js';
import { loadTopology } from '../store/topology-tables.js';
import { runSweepChunks } from '../jobs/parallel-sweep.js';

export class ReportInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReportInputError';
  }
}

/** Runs an engine job in the worker pool (WorkerHost.run, narrowed to what reports need). */
export type RunJob = <R, C = unknown>(kind: string, params: unknown, options: { title: string; onProgress?: (p: JobProgress) => void; onChunk?: (c: C) => void; signal?: AbortSignal }) => { jobId: string; done: Promise<R> };

export interface ReportDeps {
  context: ReportContext;
  runJob: RunJob;
  /** The flow store's traffic queries; absent when there is no store (or no flows in it). */
  storeTraffic?: StoreTrafficSource;
  /** The store itself, for kinds that query it directly (capacity). */
  store?: Store;
  /** "DuckDB /path/netweaver.duckdb" — for provenance. */
  storeDescription?: string;
  onProgress?: (fraction: number | undefined, message: string) => void;
  signal?: AbortSignal;
  /** Jobs started for this report (for the job list and cancel). */
  onJob?: (jobId: string) => void;
  /** How many jobs may run side by side (the worker pool's size); the failure sweep splits into as many. */
  parallelism?: number;
}

function need<T>(value: T | undefined | null, message: string): T {
  if (value === undefined || value === null || (Array.isArray(value) && value.length === 0)) throw new ReportInputError(message);
  return value;
}

async function readText(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new ReportInputError(`report: cannot read the ${what} ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

function isFile(path: string): Promise<boolean> {
  return stat(path).then((st) => st.isFile(), () => false);
}

/** The network: a topology file with its traffic matrix, or a topology stored with `netweaver topo import` (by name or id; the newest when none is named). */
async function loadNetwork(req: ReportRequest, store?: Store): Promise<{ topology: Topology; demands: Demand[]; source: NetworkReportSource }> {
  if (req.topology && (await isFile(req.topology))) {
    const topoPath = req.topology;
    const demandsPath = need(req.demands, `report: the ${req.kind} report needs a traffic matrix (--demands FILE: REPETITA .demands, JSON or CSV src,dst,rate)`);
    const { topology } = importTopologyText(await readText(topoPath, 'topology file'), basename(topoPath));
    const demands = importDemandsText(await readText(demandsPath, 'traffic matrix'), basename(demandsPath), topology);
    return {
      topology: { ...topology, source: topology.source ?? topoPath },
      demands,
      source: { dataSource: `topology ${topoPath}`, demandSource: `${demands.length} demands from ${demandsPath}` },
    };
  }
  if (!store) throw new ReportInputError(`report: the ${req.kind} report needs a topology file (--topology FILE: GraphML, REPETITA .graph, containerlab YAML or NetWeaver JSON) or a stored topology (--db PATH)`);
  let stored;
  try {
    stored = await loadTopology(store, req.topology);
  } catch (error) {
    throw new ReportInputError(`report: ${(error as Error).message}${req.topology ? '' : ', or give --topology FILE --demands FILE'}`);
  }
  let demands = stored.demands;
  let demandSource = `${demands.length} demands stored with it`;
  if (req.demands) {
    demands = importDemandsText(await readText(req.demands, 'traffic matrix'), basename(req.demands), stored.topology);
    demandSource = `${demands.length} demands from ${req.demands}`;
  }
  if (demands.length === 0) throw new ReportInputError(`report: the stored topology "${stored.summary.name}" has no traffic matrix; give one with --demands FILE`);
  return {
    topology: stored.topology,
    demands,
    source: { dataSource: `stored topology "${stored.summary.name}" (${stored.summary.topologyId}${stored.summary.source ? `, from ${stored.summary.source}` : ''})`, demandSource },
  };
}

function runTracked<R, C = unknown>(deps: ReportDeps, kind: string, params: unknown, title: string, onChunk?: (c: C) => void): Promise<R> {
  const handle = deps.runJob<R, C>(kind, params, {
    title,
    signal: deps.signal,
    onChunk,
    onProgress: (p) => deps.onProgress?.(typeof p.fraction === 'number' ? p.fraction : undefined, typeof p.message === 'string' ? p.message : title),
  });
  deps.onJob?.(handle.jobId);
  return handle.done;
}

interface CaptureChunk {
  kind: 'flows';
  batch: FlowBatch;
}

/** Imports capture files in the worker (capture.import) and aggregates the flows as they stream in. */
async function importCaptures(req: ReportRequest, deps: ReportDeps): Promise<{ summary: CaptureReviewSummary; aggregator: TrafficAggregator }> {
  const paths = need(req.captures, 'report: give the capture files to review (--capture FILE, repeatable)');
  for (const p of paths) {
    try {
      await stat(p);
    } catch {
      throw new ReportInputError(`report: capture file ${p} does not exist`);
    }
  }
  const aggregator = new TrafficAggregator({ topN: req.top });
  const summary = await runTracked<CaptureReviewSummary, CaptureChunk>(deps, 'capture.import', { paths }, `Import ${paths.map((p) => basename(p)).join(', ')} for a report`, (chunk) => {
    if (chunk && chunk.kind === 'flows' && chunk.batch) aggregator.addBatch(chunk.batch);
  });
  return { summary, aggregator };
}

async function loadCapacityLinks(req: ReportRequest): Promise<CapacityLinkInput[]> {
  const links = need(req.links, 'report: the capacity plan needs link traffic series (--series FILE.csv with --capacity SPEED, repeatable)');
  const stepMs = (req.stepSeconds ?? 300) * 1000;
  const out: CapacityLinkInput[] = [];
  for (const link of links) {
    const capacity = typeof link.capacity === 'number' ? link.capacity : parseLinkSpeed(link.capacity);
    if (!capacity || !(capacity > 0)) throw new ReportInputError(`report: cannot read the capacity "${link.capacity}" of ${link.series} (examples: 10G, 100M, 1000000000)`);
    const name = link.name ?? basename(link.series).replace(/\.csv$/i, '');
    const { series, report } = readCsvSeries(name, await readText(link.series, 'series file'), stepMs, 'mean');
    if (report.accepted < report.rows) {
      const rejected = Object.entries(report.rejected).map(([why, n]) => `${n} ${why}`).join(', ');
      if (report.accepted === 0) throw new ReportInputError(`report: ${link.series} has no usable rows (${rejected})`);
    }
    const scale = req.seriesUnit === 'bytes' ? 8 / (stepMs / 1000) : 1;
    out.push({ id: name.replace(/[^A-Za-z0-9_.-]+/g, '-'), name, capacity, series: { name, startMs: series.startMs, stepMs, values: Array.from(series.values, (v) => v * scale) } });
  }
  return out;
}

function parseRange(req: ReportRequest): { fromMs: number | null; toMs: number | null } {
  const fromMs = req.from ? Date.parse(req.from) : null;
  const toMs = req.to ? Date.parse(req.to) : null;
  if (fromMs !== null && Number.isNaN(fromMs)) throw new ReportInputError(`report: cannot read --from "${req.from}"`);
  if (toMs !== null && Number.isNaN(toMs)) throw new ReportInputError(`report: cannot read --to "${req.to}"`);
  if (fromMs !== null && toMs !== null && toMs <= fromMs) throw new ReportInputError('report: --to must be after --from');
  return { fromMs, toMs };
}

/** Gathers the data and assembles the report model for one request. */
export async function buildReport(req: ReportRequest, deps: ReportDeps): Promise<Report> {
  const ctx = deps.context;
  switch (req.kind) {
    case 'traffic': {
      if (req.captures?.length) {
        if (req.filter || req.from || req.to) throw new ReportInputError('report: --filter, --from and --to apply to the flow store; a capture summary covers the whole capture (drop them, or import the capture and report from the store)');
        const { summary, aggregator } = await importCaptures(req, deps);
        const data = aggregator.finish();
        return trafficReport(ctx, { data, filter: null, dataSource: `capture file${summary.files.length === 1 ? '' : 's'} ${summary.files.map((f) => f.path).join(', ')}`, from: null, to: null, notes: [SPREAD_NOTE] });
      }
      const source = deps.storeTraffic;
      if (!source) throw new ReportInputError('report: there is no flow store to summarise (open one with --db PATH or --postgres URL), or give capture files with --capture');
      const range = parseRange(req);
      deps.onProgress?.(undefined, 'querying flows');
      const data = await source.trafficData({ fromMs: range.fromMs, toMs: range.toMs, filter: req.filter, top: req.top ?? 10 });
      return trafficReport(ctx, {
        data,
        filter: req.filter ?? null,
        dataSource: deps.storeDescription ?? 'flow store',
        from: req.from ? new Date(range.fromMs!).toISOString() : null,
        to: req.to ? new Date(range.toMs!).toISOString() : null,
        notes: ['Time range and intervals use the time the collector received each flow (for imported captures, the capture time).'],
      });
    }
    case 'topology': {
      const net = await loadNetwork(req, deps.store);
      const snapshot = await runTracked<NetworkSnapshot>(deps, 'report.snapshot', { topology: net.topology, demands: net.demands } satisfies ReportNetworkParams, `Route ${net.topology.name} for a topology snapshot`);
      return topologyReport(ctx, snapshot, net.source, req.top ?? 15);
    }
    case 'failure': {
      const net = await loadNetwork(req, deps.store);
      const chunks = await runSweepChunks(deps.runJob, net, {
        kinds: req.failureKinds,
        parts: deps.parallelism ?? 1,
        title: `Failure sweep of ${net.topology.name}`,
        signal: deps.signal,
        onJob: deps.onJob,
        onProgress: (fraction, message) => deps.onProgress?.(fraction, message),
      });
      const sweep = await runTracked<FailureSweepResult>(deps, 'report.failures', { topology: net.topology, demands: net.demands, kinds: req.failureKinds, diffs: 3, chunks } satisfies ReportNetworkParams, `Failure report of ${net.topology.name}`);
      return failureReport(ctx, sweep, net.source, req.top ?? 20);
    }
    case 'capacity': {
      const horizonDays = req.horizonDays ?? 90;
      let links: CapacityLinkInput[];
      let dataSource: string;
      const notes: string[] = [];
      let range: { from?: string | null; to?: string | null } = {};
      if (req.links?.length) {
        links = await loadCapacityLinks(req);
        dataSource = `link series ${req.links.map((l) => l.series).join(', ')}`;
      } else {
        if (!deps.store) throw new ReportInputError('report: the capacity plan needs link traffic: series files (--series FILE.csv --capacity SPEED) or a flow store (--db PATH)');
        const { fromMs, toMs } = parseRange(req);
        const stepSeconds = req.stepSeconds ?? 300;
        const defaultCapacity = req.defaultCapacity === undefined ? undefined : (typeof req.defaultCapacity === 'number' ? req.defaultCapacity : parseLinkSpeed(req.defaultCapacity)) ?? undefined;
        deps.onProgress?.(undefined, 'querying link traffic');
        const found = await storeCapacityLinks(deps.store, { fromMs, toMs, filter: req.filter, top: req.top ?? 50, stepSeconds, defaultCapacity });
        links = found.links;
        dataSource = `${deps.storeDescription ?? 'flow store'}: egress traffic per exporter interface (out_if), capacity from the interface speed${defaultCapacity ? ` or ${defaultCapacity} bit/s where unknown` : ''}`;
        notes.push(...found.skipped.map((s) => `Left out: ${s}.`));
        range = { from: new Date(found.fromMs).toISOString(), to: new Date(found.toMs).toISOString() };
        if (links.length === 0) throw new ReportInputError(`report: no link in the flow store has traffic and a known speed${found.skipped.length ? ` (${found.skipped.length} without a speed: give --capacity SPEED)` : ''}`);
      }
      const plans = await runTracked<CapacityLinkPlan[]>(deps, 'report.capacity', { links, horizonDays } satisfies ReportCapacityParams, `Forecast ${links.length} link${links.length === 1 ? '' : 's'} for a capacity plan`);
      return capacityReport(ctx, plans, { dataSource, horizonDays, from: range.from, to: range.to, filter: req.filter ?? null, notes });
    }
    case 'capture': {
      const { summary, aggregator } = await importCaptures(req, deps);
      return captureReport(ctx, summary, aggregator.finish());
    }
  }
}

export interface ReportFile {
  /** File name (no directory): `traffic-summary.html`, `traffic-summary-top-sources.csv`. */
  name: string;
  mimeType: string;
  content: Buffer;
  /** For CSV: which table. */
  table?: string;
}

export type PdfPrinter = (html: string, title: string) => Promise<Buffer>;

let pdfPrinter: PdfPrinter = (html, title) => renderPdf(html, { title });

/** The desktop app prints with Electron's printToPDF instead of a separate Chromium. */
export function setPdfPrinter(printer: PdfPrinter): void {
  pdfPrinter = printer;
}

export function reportBaseName(report: Report): string {
  return { traffic: 'traffic-summary', topology: 'topology-snapshot', failure: 'failure-analysis', capacity: 'capacity-plan', capture: 'capture-review' }[report.kind];
}

/** Renders the report into the files of one format (one file, or one CSV per table). */
export async function renderReport(report: Report, format: ReportFormat, base = reportBaseName(report)): Promise<ReportFile[]> {
  switch (format) {
    case 'html':
      return [{ name: `${base}.html`, mimeType: 'text/html', content: Buffer.from(renderHtml(report), 'utf8') }];
    case 'json':
      return [{ name: `${base}.json`, mimeType: 'application/json', content: Buffer.from(renderJson(report), 'utf8') }];
    case 'pdf':
      return [{ name: `${base}.pdf`, mimeType: 'application/pdf', content: await pdfPrinter(renderHtml(report), report.title) }];
    case 'csv':
      return renderCsvTables(report).map((t) => ({ name: `${base}-${t.id}.csv`, mimeType: 'text/csv', content: Buffer.from(t.csv, 'utf8'), table: t.id }));
  }
}
