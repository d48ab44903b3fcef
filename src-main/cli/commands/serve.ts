// `netweaver serve`: the full UI in a browser, served on 127.0.0.1 with a per-start token.
import { NetWeaverHost } from '../../host.js';
import { rendererDir } from '../../install-paths.js';
import { defaultServeConfig, startServer } from '../../server/http-server.js';
import { defineCommand, numberOption, stringOption } from '../command.js';
import { storeOptionsConfig, storeOptionsFrom, storeOptionsHelp } from '../store-options.js';

export const serveCommand = defineCommand({
  name: 'serve',
  summary: 'serve the NetWeaver UI to a browser (127.0.0.1, token required)',
  usage: '[--port N] [--host ADDR] [--db PATH | --postgres URL]',
  help: `  --port N          TCP port (default 7811; 0 picks a free one)
  --host ADDR       address to bind (default 127.0.0.1; anything else exposes NetWeaver to your network)
${storeOptionsHelp}
Prints the URL to open, with its token; the page and the API refuse requests without it.`,
  options: { ...storeOptionsConfig, port: { type: 'string' }, host: { type: 'string' } },
  async run(args, io) {
    const defaults = defaultServeConfig(rendererDir());
    const port = numberOption(args, 'port', defaults.port, { min: 0, max: 65535, integer: true });
    const hostAddr = stringOption(args, 'host') ?? defaults.host;
    const host = new NetWeaverHost({ store: storeOptionsFrom(args) });
    const service = await host.start();
    const server = await startServer(service, { ...defaults, port, host: hostAddr });
    const info = await service.context.store.info();
    if (io.json) io.printJson({ url: server.url, port: server.port, host: hostAddr, store: info });
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
