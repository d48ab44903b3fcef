// Handlers for the settings area: the host's settings file (read, update atomically, applied
// live: sampling rules reach the running collector at once), testing a candidate store and
// switching the running service to it.
import { ApiError } from '../contract/errors.js';
import { listenerWarnings, storeChoiceFromText, type settingsMethods, type SettingsState } from '../contract/settings.js';
import { SettingsError } from '../../settings/settings-file.js';
import { probeStore } from '../../settings/store-probe.js';
import { switchStore } from '../../settings/store-switch.js';
import type { ServiceContext } from '../service-context.js';
import type { Handlers } from './handler-types.js';

export function settingsHandlers(ctx: ServiceContext): Handlers<typeof settingsMethods> {
  const file = () => {
    if (!ctx.settings) throw new ApiError('unavailable', 'settings: this host runs without a settings file');
    return ctx.settings;
  };
  const state = (): SettingsState => {
    const f = file();
    return {
      settings: f.settings,
      path: f.path,
      problems: f.problems,
      warnings: listenerWarnings(f.settings.listeners),
      store: { kind: ctx.store.kind, location: ctx.store.location, chosenBy: ctx.storeChosenBy ?? 'option' },
    };
  };
  return {
    'settings.get': () => state(),
    'settings.update': (patch) => {
      const f = file();
      const next = { ...f.settings, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) };
      try {
        f.save(next);
      } catch (error) {
        if (error instanceof SettingsError) throw new ApiError('invalid_params', error.message, error.issues);
        throw new ApiError('internal', (error as Error).message);
      }
      if (patch.sampling) ctx.collector?.setSamplingRules(f.settings.sampling); // live: the next packet uses them
      const s = state();
      ctx.events.emit('settings.changed', s);
      return s;
    },
    'store.test': ({ target }) => probeStore(storeChoiceFromText(target), ctx.store),
    'store.switch': async ({ target, persist }) => {
      const result = await switchStore(ctx, storeChoiceFromText(target), persist);
      if (ctx.settings) ctx.events.emit('settings.changed', state());
      return result;
    },
  };
}
