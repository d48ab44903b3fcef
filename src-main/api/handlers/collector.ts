// Handlers for the collector area: the host's CollectorService does the work.
import { loadExporterStats } from '../../collector/inventory-store.js';
import { listenerConfig } from '../../settings/settings-file.js';
import { ApiError } from '../contract/errors.js';
import type { collectorMethods, StoredDevice } from '../contract/collector.js';
import type { ServiceContext } from '../service-context.js';
import type { Handlers } from './handler-types.js';

export function collectorHandlers(ctx: ServiceContext): Handlers<typeof collectorMethods> {
  const service = () => {
    if (!ctx.collector) throw new ApiError('unavailable', 'collector: this host runs without a collector');
    return ctx.collector;
  };
  return {
    'collector.status': () => service().status(),
    'collector.start': async (params) => {
      const given = Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined));
      // What is not given comes from the host settings (Settings → Collector listeners).
      const defaults = ctx.settings ? listenerConfig(ctx.settings.settings.listeners) : {};
      try {
        return await service().start({ ...defaults, ...given });
      } catch (error) {
        throw new ApiError('unavailable', (error as Error).message);
      }
    },
    'collector.stop': () => service().stop(),
    'collector.exporters': async () => {
      const live = service().current?.exporterList() ?? [];
      const stored = await ctx.store.all<{ address: string; protocols: string | null; last_seen: string | null; interfaces: number }>(
        `SELECT d.address, d.protocols, CAST(d.last_seen AS VARCHAR) AS last_seen, (SELECT count(*) FROM interfaces i WHERE i.device = d.address) AS interfaces
         FROM devices d ORDER BY d.address`,
      );
      const saved = await loadExporterStats(ctx.store);
      return { live, saved, stored: stored.map((d): StoredDevice => ({ address: String(d.address), protocols: d.protocols, lastSeen: d.last_seen, interfaces: Number(d.interfaces) })) };
    },
  };
}
