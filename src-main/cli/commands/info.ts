// `netweaver info`: version, store and engine health — the same data the UI's status light shows.
import { defineCommand } from '../command.js';
import { storeOptionsConfig, storeOptionsFrom, storeOptionsHelp, withService } from '../store-options.js';

export const infoCommand = defineCommand({
  name: 'info',
  summary: 'show version, data store and engine worker health',
  usage: '[--db PATH | --postgres URL] [--self-test]',
  help: `${storeOptionsHelp}
  --self-test       run a short job in the engine worker to prove it works`,
  options: { ...storeOptionsConfig, 'self-test': { type: 'boolean' } },
  async run(args, io) {
    return withService(storeOptionsFrom(args), async (api) => {
      const selfTest = args.values['self-test'] ? await api.call('jobs.selfTest', { steps: 3, stepMs: 10 }) : undefined;
      const health = await api.call('system.health', {});
      if (io.json) return io.printJson({ ...health, selfTest });
      io.out(`NetWeaver ${health.version}`);
      io.out(`store    ${health.store.kind} ${health.store.location} (schema v${health.store.schemaVersion})${health.store.ok ? '' : ` — ${health.store.error}`}`);
      io.out(`workers  ${health.workers.size} (busy ${health.workers.busy}, queued ${health.workers.queued}, crashes ${health.workers.crashes})`);
      if (selfTest) io.out(`engine   self-test job ${selfTest.jobId} completed ${selfTest.completed} steps`);
    });
  },
});
