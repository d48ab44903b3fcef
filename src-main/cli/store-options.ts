// The --db / --postgres options every command that touches data shares, and running a command
// body against the service (the CLI calls the same service as the UI, in-process).
import type { ApiClient } from '../api/contract.js';
import { createInProcessClient } from '../api/in-process-transport.js';
import { NetWeaverHost } from '../host.js';
import type { StoreOptions } from '../store/open-store.js';
import { stringOption, type OptionsConfig, type ParsedArgs } from './command.js';

export const storeOptionsConfig: OptionsConfig = {
  db: { type: 'string' },
  postgres: { type: 'string' },
  config: { type: 'string' },
};

export const storeOptionsHelp = `  --db PATH         DuckDB file (default: netweaver.duckdb in your user data folder)
  --postgres URL    use PostgreSQL/TimescaleDB instead (postgres://user:pass@host/db)
  --config DIR      settings folder (default: $NETWEAVER_CONFIG_DIR, else ~/.config/netweaver);
                    without --db/--postgres, the store saved there is used`;

export function storeOptionsFrom(args: ParsedArgs): StoreOptions {
  return { db: stringOption(args, 'db'), postgres: stringOption(args, 'postgres') ?? process.env.NETWEAVER_POSTGRES_URL, config: stringOption(args, 'config') };
}

/** Starts a host on the chosen store, hands the body an API client, and always stops the host. */
export async function withService<T>(store: StoreOptions, body: (api: ApiClient, host: NetWeaverHost) => Promise<T>): Promise<T> {
  const host = new NetWeaverHost({ store });
  const service = await host.start();
  const api = createInProcessClient(service, 'cli');
  try {
    return await body(api, host);
  } finally {
    api.close();
    await host.stop();
  }
}
