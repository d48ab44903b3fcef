// Handlers for the capture area: runs the `capture.import` job in the worker pool and writes what
// it streams — flow batches, in order, through the store's bulk writer — then the exporters seen
// in the capture as devices with their interfaces. Every import ends in the history with its
// state: succeeded, failed (why), or cancelled (what was stored before the cancel). Uploads
// (browser mode) arrive in chunks into the uploads folder and are deleted after their import.
import { basename } from 'node:path';
import type { ExporterInfo } from '../../../src-worker/flow/exporter-inventory.js';
import type { CaptureImportChunk, CaptureImportParams } from '../../../src-worker/packet/import-jobs.js';
import type { CaptureImportSummary } from '../../../src-worker/packet/import-summary.js';
import { CaptureUploads, defaultCaptureUploadsConfig } from '../../capture/capture-uploads.js';
import { loadImportHistory, recordImport } from '../../capture/import-history.js';
import { saveInventory } from '../../collector/inventory-store.js';
import { openFlowWriter } from '../../store/flows/open-flow-writer.js';
import { dialectFor, SqlParams } from '../../store/query/sql-dialect.js';
import type { Store } from '../../store/store.js';
import type { CaptureImportResult, captureImportInput, captureMethods } from '../contract/capture.js';
import { ApiError } from '../contract/errors.js';
import type { ServiceContext } from '../service-context.js';
import type { Handlers } from './handler-types.js';
import type { z } from 'zod';

/** Commits at least this often, so a cancel or crash keeps what was imported. */
const FLUSH_EVERY_ROWS = 200_000;
/** Finished imports whose result capture.result can still return. */
const RESULTS_KEPT = 100;

type ImportInput = z.output<typeof captureImportInput>;

/** Exporters in the capture become devices; the ifIndexes their records and options name, interfaces. */
async function saveCaptureDevices(store: Store, summary: CaptureImportSummary): Promise<number> {
  const d = dialectFor(store.kind);
  const byAddress = new Map<string, { protocols: Set<string>; lastSeenUs: number; interfaces: ExporterInfo['interfaces'] }>();
  for (const e of summary.exporters) {
    const dev = byAddress.get(e.address) ?? { protocols: new Set<string>(), lastSeenUs: 0, interfaces: [] };
    e.protocols.forEach((p) => dev.protocols.add(p));
    dev.lastSeenUs = Math.max(dev.lastSeenUs, e.lastSeenUs);
    dev.interfaces.push(...e.interfaces.map((i) => ({ ifIndex: i.ifIndex, name: i.name, description: i.description, speed: i.speed })));
    byAddress.set(e.address, dev);
  }
  for (const [address, dev] of byAddress) {
    const p = new SqlParams();
    // A device the collector already knows keeps its protocols and gains these; last_seen only moves forward.
    await store.run(
      `INSERT INTO devices (address, protocols, last_seen) VALUES (${p.add(address)}, ${p.add([...dev.protocols].sort().join(','))}, ${d.timestamp(dev.lastSeenUs, p)})
       ON CONFLICT (address) DO UPDATE SET protocols = COALESCE(devices.protocols, excluded.protocols),
         last_seen = GREATEST(COALESCE(devices.last_seen, excluded.last_seen), excluded.last_seen)`,
      p.values,
    );
  }
  const inventory = [...byAddress].map(([address, dev]) => ({ address, interfaces: dev.interfaces }) as unknown as ExporterInfo);
  await saveInventory(store, inventory, []);
  return byAddress.size;
}

const count = (n: number) => n.toLocaleString('en-US');
const isoUs = (us: number) => new Date(Math.floor(us / 1000)).toISOString().replace('T', ' ').slice(0, 19);

/** What an import did, in words; for a cancel, how far it got and what it kept. */
function describeOutcome(summary: CaptureImportSummary, rowsStored: number, fraction: number | undefined): string {
  const span = summary.timeSpan ? `, traffic ${isoUs(summary.timeSpan.firstUs)} → ${isoUs(summary.timeSpan.lastUs)} UTC` : '';
  const stored = `${count(rowsStored)} flow rows stored`;
  if (!summary.cancelled) return `${count(summary.packets)} packets → ${stored}${span}`;
  const at = fraction !== undefined ? ` at ${Math.round(fraction * 100)} %` : '';
  return `Cancelled${at} after ${count(summary.packets)} packets; ${stored} before the cancel (kept)${span}`;
}

/** Host paths of uploads in messages become the names the engineer dropped. */
function renamer(names: Map<string, string>): (text: string) => string {
  return (text) => {
    let out = text;
    for (const [path, name] of names) {
      if (path === name) continue;
      out = out.split(path).join(name).split(basename(path)).join(basename(name)); // messages name files by path or by base name
    }
    return out;
  };
}

export function captureHandlers(ctx: ServiceContext): Handlers<typeof captureMethods> {
  const uploads = ctx.captureUploads ?? new CaptureUploads(defaultCaptureUploadsConfig());
  const outcomes = new Map<string, Promise<CaptureImportResult>>();

  function keep(jobId: string, done: Promise<CaptureImportResult>): void {
    done.catch(() => undefined); // awaited by capture.import/capture.result; never unhandled
    outcomes.set(jobId, done);
    while (outcomes.size > RESULTS_KEPT) outcomes.delete(outcomes.keys().next().value!);
  }

  function startImport(p: ImportInput): { jobId: string; done: Promise<CaptureImportResult> } {
    const uploaded = p.uploads?.length ? uploads.claim(p.uploads) : [];
    const files = [...(p.paths ?? []).map((path) => ({ path, name: path })), ...uploaded];
    const names = new Map(files.map((f) => [f.path, f.name]));
    const rename = renamer(names);
    const params: CaptureImportParams = {
      paths: files.map((f) => f.path),
      flowCache: { activeTimeoutS: p.activeTimeoutS, idleTimeoutS: p.idleTimeoutS, tcpEndTimeoutS: p.tcpEndTimeoutS, maxFlows: p.maxFlows, byteCount: p.byteCount },
      telemetryPorts: p.telemetryPorts,
      sniffTelemetry: p.sniffTelemetry,
      decapsulate: p.decapsulate,
      samplingRules: ctx.settings?.settings.sampling,
    };
    const writer = openFlowWriter(ctx.store);
    let writing: Promise<void> = Promise.resolve();
    let writeError: Error | null = null;
    let sinceFlush = 0;
    let fraction: number | undefined;
    const startedAt = new Date();
    const title = files.length === 1 ? `Import ${files[0]!.name.split('/').pop()}` : `Import ${files.length} captures`;
    let handle;
    try {
      handle = ctx.workers.run<CaptureImportSummary, CaptureImportChunk>('capture.import', params, {
        title,
        onProgress: (progress) => (fraction = typeof progress.fraction === 'number' ? progress.fraction : fraction),
        onChunk: (chunk) => {
          // Batches are written strictly in order; a store failure stops the writing, not the reading.
          writing = writing.then(async () => {
            if (writeError) return;
            try {
              await writer.append(chunk.batch);
              sinceFlush += chunk.batch.length;
              if (sinceFlush >= FLUSH_EVERY_ROWS) {
                sinceFlush = 0;
                await writer.flush();
              }
            } catch (error) {
              writeError = error as Error;
            }
          });
        },
      });
    } catch (error) {
      void uploads.release(p.uploads ?? []);
      void writer.close().catch(() => undefined);
      throw error;
    }
    const jobId = handle.jobId;
    const history = (state: 'succeeded' | 'failed' | 'cancelled', outcome: string, summary: CaptureImportSummary | null, rowsStored: number) =>
      recordImport(ctx.store, {
        jobId,
        files: files.map((f) => f.name),
        state,
        startedAt,
        finishedAt: new Date(),
        packets: summary?.packets ?? 0,
        rowsStored,
        timeSpan: summary?.timeSpan ?? null,
        outcome,
        summary: summary ? { errors: summary.errors, telemetryRecords: summary.telemetry.records, exporters: summary.exporters.map((e) => e.exporter), flows: summary.flows.rows } : null,
      }).catch(() => undefined); // the history is a convenience; a full disk must not hide the import's own outcome

    const done = (async (): Promise<CaptureImportResult> => {
      let summary: CaptureImportSummary;
      try {
        summary = await handle.done;
      } catch (error) {
        await writing;
        await writer.flush().catch(() => {});
        const stored = writer.committedRows;
        await writer.close().catch(() => {});
        const message = rename((error as Error).message);
        if (error instanceof ApiError && error.code === 'cancelled') {
          const outcome = `Cancelled${fraction !== undefined ? ` at ${Math.round(fraction * 100)} %` : ''}; ${count(stored)} flow rows stored before the cancel (kept)`;
          await history('cancelled', outcome, null, stored);
          ctx.workers.describe(jobId, outcome);
          throw new ApiError('cancelled', `capture: ${title.replace(/^Import /, 'import of ')} — ${outcome}`);
        }
        await history('failed', message, null, stored);
        if (error instanceof ApiError && /^capture: /.test(error.message)) throw new ApiError('invalid_params', message);
        throw error instanceof ApiError ? new ApiError(error.code, message, error.details) : error;
      }
      await writing;
      try {
        if (!writeError) await writer.flush();
      } catch (error) {
        writeError = error as Error;
      }
      const rowsStored = writer.committedRows;
      await writer.close();
      if (writeError) {
        const message = `capture: the store refused the imported flows after ${rowsStored} rows: ${writeError.message}`;
        await history('failed', message, summary, rowsStored);
        throw new ApiError('internal', message);
      }
      const devicesStored = summary.exporters.length ? await saveCaptureDevices(ctx.store, summary) : 0;
      summary.files = summary.files.map((f) => ({ ...f, path: names.get(f.path) ?? f.path, error: f.error && rename(f.error), truncated: f.truncated && rename(f.truncated) }));
      summary.messages = summary.messages.map(rename);
      const state = summary.cancelled ? 'cancelled' : 'succeeded';
      const outcome = describeOutcome(summary, rowsStored, fraction);
      await history(state, outcome, summary, rowsStored);
      ctx.workers.describe(jobId, outcome);
      return { ...summary, jobId, state, outcome, rowsStored, devicesStored };
    })().finally(() => uploads.release(p.uploads ?? []));
    keep(jobId, done);
    return { jobId, done };
  }

  return {
    'capture.import': async (p) => startImport(p).done,
    'capture.start': async (p) => ({ jobId: startImport(p).jobId }),
    'capture.result': async ({ jobId }) => {
      const done = outcomes.get(jobId);
      if (!done) throw new ApiError('not_found', `capture: no import ${jobId} in this session (see capture.history for earlier ones)`);
      return done;
    },
    'capture.history': async ({ limit }) => loadImportHistory(ctx.store, limit),
    'capture.uploadBegin': async ({ name, size }) => uploads.begin(name, size),
    'capture.uploadChunk': async ({ uploadId, offset, data }) => uploads.chunk(uploadId, offset, Buffer.from(data, 'base64')),
    'capture.uploadCancel': async ({ uploadId }) => ({ cancelled: await uploads.cancel(uploadId) }),
  };
}
