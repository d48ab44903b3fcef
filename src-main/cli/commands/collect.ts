// `netweaver collect`: runs the live collector in this process (NetFlow 2055, IPFIX 4739, sFlow
// 6343 unless told otherwise), printing rates once a second on stderr, until Ctrl+C or
// --duration. Ends with the totals: stored, dropped by reason, per exporter.
import type { CollectorState } from '../../api/contract/collector.js';
import { defineCommand, numberOption, stringListOption, UsageError, type ParsedArgs } from '../command.js';
import { storeOptionsConfig, storeOptionsFrom, storeOptionsHelp, withService } from '../store-options.js';

function ports(args: ParsedArgs, name: string): number[] | undefined {
  const list = stringListOption(args, name).flatMap((v) => v.split(','));
  if (!list.length) return undefined;
  return list.map((v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError(`--${name} needs UDP port numbers (0–65535), not "${v}"`);
    return n;
  });
}

const si = (n: number) => (n >= 1e9 ? `${(n / 1e9).toFixed(2)}G` : n >= 1e6 ? `${(n / 1e6).toFixed(2)}M` : n >= 1e4 ? `${(n / 1e3).toFixed(1)}k` : String(Math.round(n)));

function droppedText(s: CollectorState): string {
  const d = Object.entries(s.rowsDropped).filter(([, n]) => n > 0).map(([r, n]) => `${r} ${n}`);
  return d.length ? d.join(', ') : '0';
}

export const collectCommand = defineCommand({
  name: 'collect',
  summary: 'receive NetFlow/IPFIX/sFlow over UDP into the flow store, printing live rates',
  usage: '[--db PATH | --postgres URL] [--netflow PORT…] [--ipfix PORT…] [--sflow PORT…] [--bind ADDR…] [--duration SECONDS]',
  help: `  --netflow PORT    NetFlow v5/v9 port (default 2055); repeat or comma-separate for several
  --ipfix PORT      IPFIX port (default 4739)
  --sflow PORT      sFlow port (default 6343)
  --bind ADDR       address to listen on (default :: — all IPv6 and IPv4 addresses)
  --duration S      stop after S seconds (default: run until Ctrl+C)
${storeOptionsHelp}
Every datagram's version decides its decoder, so any port accepts any of the formats.
Rows are flushed to the store at least every second; rows the store cannot take in time are
counted as dropped with their reason, never lost silently.`,
  options: {
    ...storeOptionsConfig,
    netflow: { type: 'string', multiple: true }, ipfix: { type: 'string', multiple: true }, sflow: { type: 'string', multiple: true },
    bind: { type: 'string', multiple: true }, duration: { type: 'string' },
  },
  async run(args, io) {
    const duration = numberOption(args, 'duration', 0, { min: 0 });
    const bind = stringListOption(args, 'bind');
    const params = { netflow: ports(args, 'netflow'), ipfix: ports(args, 'ipfix'), sflow: ports(args, 'sflow'), ...(bind.length ? { bind } : {}) };
    return withService(storeOptionsFrom(args), async (api) => {
      const started = await api.call('collector.start', params);
      for (const l of started.listeners) io.err(`collect: listening for ${l.protocol} on ${l.bind} port ${l.port} (${l.sockets} socket${l.sockets === 1 ? '' : 's'}, receive buffer ${si(l.receiveBufferBytes)}B)`);
      let last = started;
      let lastAt = Date.now();
      const stop = new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
        if (duration > 0) setTimeout(resolve, duration * 1000).unref();
      });
      let stopped = false;
      void stop.then(() => { stopped = true; });
      while (!stopped) {
        await Promise.race([stop, new Promise((r) => setTimeout(r, 1000))]);
        if (stopped) break;
        const s = await api.call('collector.status', {});
        const dt = (Date.now() - lastAt) / 1000;
        io.err(`collect: ${si((s.packets - last.packets) / dt)} pkt/s  ${si((s.rowsDecoded - last.rowsDecoded) / dt)} flows/s  stored ${si(s.rowsStored)}  queued ${si(s.rowsQueued)}  dropped ${droppedText(s)}${s.kernelDrops ? `  kernel drops ${s.kernelDrops}` : ''}${s.store.state === 'retrying' ? `  store unreachable, retrying: ${s.store.lastError}` : ''}`);
        last = s;
        lastAt = Date.now();
      }
      const final = await api.call('collector.stop', {});
      const { live, saved } = await api.call('collector.exporters', {});
      const exporters = live.length ? live : saved;
      if (io.json) return io.printJson({ status: final, exporters });
      io.out(`stored ${final.rowsStored} flows from ${final.packets} datagrams; decoded ${final.rowsDecoded}; dropped ${droppedText(final)}; decode errors ${Object.values(final.decode.errors).reduce((a, b) => a + b, 0)}`);
      for (const e of exporters) {
        const errors = Object.entries(e.decodeErrors).filter(([, n]) => n).map(([k, n]) => `${k} ${n}`).join(', ') || 'none';
        io.out(`  ${e.exporter.padEnd(24)} ${e.protocols.join(',').padEnd(16)} packets ${e.packets}  flows ${e.records}  errors ${errors}  template misses ${e.templateMisses}  lost≈${e.lostFlows} flows`);
      }
      return final.rowsDropped.queue_full + final.rowsDropped.store_error + final.rowsDropped.shutdown > 0 ? 1 : 0;
    });
  },
});
