// `netweaver serve`: the full UI in a browser, served on 127.0.0.1 with a per-start token.
import { NetWeaverHost } from '../../host.js';
import { rendererDir } from '../../install-paths.js';
import { defaultServeConfig, startServer } from '../../server/http-server.js';
import type { Service } from '../../api/service.js';
import { defineCommand, numberOption, stringListOption, stringOption, type CommandIO, type ParsedArgs } from '../command.js';
import { storeOptionsConfig, storeOptionsFrom, storeOptionsHelp } from '../store-options.js';
import { listenerConfig } from '../../settings/settings-file.js';

export const serveCommand = defineCommand({
  name: 'serve',
  summary: 'serve the NetWeaver UI to a browser (127.0.0.1, token required)',
  usage: '[--port N] [--host ADDR] [--db PATH | --postgres URL]',
  help: `  --port N          TCP port (default 7811; 0 picks a free one)
  --host ADDR       address to bind (default 127.0.0.1; anything else exposes NetWeaver to your network)
${storeOptionsHelp}
  --netflow/--ipfix/--sflow PORT  collector ports (default: as last set in Settings, else 2055/4739/6343)
  --no-collect      do not start the flow collector
Prints the URL to open, with its token; the page and the API refuse requests without it.`,
  options: {
    ...storeOptionsConfig, port: { type: 'string' }, host: { type: 'string' }, 'no-collect': { type: 'boolean' },
    netflow: { type: 'string', multiple: true }, ipfix: { type: 'string', multiple: true }, sflow: { type: 'string', multiple: true },
  },
  async run(args, io) {
    const defaults = defaultServeConfig(rendererDir());
    const port = numberOption(args, 'port', defaults.port, { min: 0, max: 65535, integer: true });
    const hostAddr = stringOption(args, 'host') ?? defaults.host;
    const host = new NetWeaverHost({ store: storeOptionsFrom(args) });
    const service = await host.start();
    const server = await startServer(service, { ...defaults, port, host: hostAddr });
    const info = await service.context.store.info();
    const collecting = args.values['no-collect'] ? null : await startCollector(service, args, io);
    if (io.json) io.printJson({ url: server.url, port: server.port, host: hostAddr, store: info, collector: collecting });
    else {
      io.out(`NetWeaver ${service.version} is serving at ${server.url}`);
      io.out(`Data: ${info.kind} ${info.location} (schema v${info.schemaVersion}). Press Ctrl+C to stop.`);
    }
    if (hostAddr !== '127.0.0.1' && hostAddr !== '::1' && hostAddr !== 'localhost') {
      io.err(`serve: warning: bound to ${hostAddr}; anyone who can reach it and has the token can use NetWeaver`);
    }
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await server.close();
    await host.stop();
    return 0;
  },
});

/** Starts the flow collector (ports from flags, else Settings, else the standard ones); a port
 * that cannot be bound is a warning, not a reason to stop serving the UI. */
async function startCollector(service: Service, args: ParsedArgs, io: CommandIO): Promise<{ listeners: string[] } | { error: string }> {
  const collector = service.context.collector;
  if (!collector) return { error: 'no collector in this host' };
  const flag = (name: string) => {
    const v = stringListOption(args, name).flatMap((x) => x.split(',')).map(Number);
    return v.length ? { [name]: v } : {};
  };
  try {
    const saved = service.context.settings ? listenerConfig(service.context.settings.settings.listeners) : {};
    const status = await collector.start({ ...saved, ...flag('netflow'), ...flag('ipfix'), ...flag('sflow') });
    const listeners = status.listeners.map((l) => `${l.protocol} ${l.bind} port ${l.port}`);
    if (!io.json) io.out(`Collecting flows: ${listeners.join(', ')}`);
    return { listeners };
  } catch (error) {
    io.err(`serve: warning: the flow collector did not start: ${(error as Error).message}`);
    return { error: (error as Error).message };
  }
}
