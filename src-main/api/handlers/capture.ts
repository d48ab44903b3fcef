// Handlers for the capture area: runs the `capture.import` job in the worker pool and writes what
// it streams — flow batches, in order, through the store's bulk writer — then the exporters seen
// in the capture as devices with their interfaces.
import type { ExporterInfo } from '../../../src-worker/flow/exporter-inventory.js';
import type { CaptureImportChunk, CaptureImportParams } from '../../../src-worker/packet/import-jobs.js';
import type { CaptureImportSummary } from '../../../src-worker/packet/import-summary.js';
import { saveInventory } from '../../collector/inventory-store.js';
import { openFlowWriter } from '../../store/flows/open-flow-writer.js';
import { dialectFor, SqlParams } from '../../store/query/sql-dialect.js';
import type { Store } from '../../store/store.js';
import type { captureMethods } from '../contract/capture.js';
import { ApiError } from '../contract/errors.js';
import type { ServiceContext } from '../service-context.js';
import type { Handlers } from './handler-types.js';

/** Commits at least this often, so a cancel or crash keeps what was imported. */
const FLUSH_EVERY_ROWS = 200_000;

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

export function captureHandlers(ctx: ServiceContext): Handlers<typeof captureMethods> {
  return {
    'capture.import': async (p) => {
      const params: CaptureImportParams = {
        paths: p.paths,
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
      const title = p.paths.length === 1 ? `Import ${p.paths[0]!.split('/').pop()}` : `Import ${p.paths.length} captures`;
      const handle = ctx.workers.run<CaptureImportSummary, CaptureImportChunk>('capture.import', params, {
        title,
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
      let summary: CaptureImportSummary;
      try {
        summary = await handle.done;
      } catch (error) {
        await writing;
        await writer.flush().catch(() => {});
        await writer.close();
        if (error instanceof ApiError && /^capture: /.test(error.message)) throw new ApiError('invalid_params', error.message);
        throw error;
      }
      await writing;
      try {
        if (!writeError) await writer.flush();
      } catch (error) {
        writeError = error as Error;
      }
      const rowsStored = writer.committedRows;
      await writer.close();
      if (writeError) throw new ApiError('internal', `capture: the store refused the imported flows after ${rowsStored} rows: ${writeError.message}`);
      const devicesStored = summary.exporters.length ? await saveCaptureDevices(ctx.store, summary) : 0;
      return { ...summary, jobId: handle.jobId, rowsStored, devicesStored };
    },
  };
}
