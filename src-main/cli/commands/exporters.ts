// `netweaver exporters`: the devices the collector has heard from, their interfaces, and each
// exporter's statistics as last saved (packets, flows, decode errors by kind, template misses,
// sequence-gap loss, last seen).
import { defineCommand } from '../command.js';
import { storeOptionsConfig, storeOptionsFrom, storeOptionsHelp, withService } from '../store-options.js';

export const exportersCommand = defineCommand({
  name: 'exporters',
  summary: 'list flow exporters with their statistics and interfaces',
  usage: '[--db PATH | --postgres URL] [--json]',
  help: storeOptionsHelp,
  options: { ...storeOptionsConfig },
  async run(_args, io) {
    return withService(storeOptionsFrom(_args), async (api) => {
      const r = await api.call('collector.exporters', {});
      if (io.json) return io.printJson(r);
      if (!r.stored.length && !r.saved.length) return io.out('no exporters yet: run `netweaver collect` (or `netweaver serve`) and point routers at it');
      for (const d of r.stored) io.out(`${d.address.padEnd(24)} ${String(d.protocols ?? '').padEnd(20)} last seen ${d.lastSeen ?? '-'}  ${d.interfaces} interfaces`);
      for (const e of r.saved) {
        const errors = Object.entries(e.decodeErrors).filter(([, n]) => n).map(([k, n]) => `${k} ${n}`).join(', ') || 'none';
        io.out(`  ${e.exporter.padEnd(24)} packets ${e.packets}  flows ${e.records}  errors ${errors}  template misses ${e.templateMisses}  lost≈${e.lostFlows} flows/${e.lostPackets} packets  last ${new Date(e.lastSeenMs).toISOString()}`);
      }
    });
  },
});
