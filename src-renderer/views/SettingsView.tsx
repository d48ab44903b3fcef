// Settings: appearance; the storage in use with a connection test (a real round trip to the
// service and its store); the collector's listener ports; where the rest is configured.
import { useState } from 'react';
import { api } from '../api/client.js';
import { loadListenerDefaults, parsePorts, saveListenerDefaults, STANDARD_LISTENERS, type ListenerDefaults } from '../collector/listener-defaults.js';
import type { HealthState } from '../state/use-health.js';
import type { Theme } from '../state/use-theme.js';

export interface SettingsViewProps {
  theme: Theme;
  setTheme(theme: Theme): void;
  health: HealthState;
}

export function SettingsView({ theme, setTheme, health }: SettingsViewProps) {
  const store = health.health?.store;
  const [test, setTest] = useState<{ ok: boolean; text: string } | null>(null);
  const [listeners, setListeners] = useState<ListenerDefaults>(loadListenerDefaults);
  const [listenerNote, setListenerNote] = useState<{ ok: boolean; text: string } | null>(null);

  const testConnection = async () => {
    setTest(null);
    const t0 = performance.now();
    try {
      const h = await api.call('system.health', {});
      const ms = performance.now() - t0;
      setTest(
        h.store.ok
          ? { ok: true, text: `${h.store.kind === 'duckdb' ? 'DuckDB' : 'PostgreSQL'} answered in ${ms.toFixed(0)} ms (schema version ${h.store.schemaVersion}).` }
          : { ok: false, text: `The store does not answer: ${h.store.error ?? 'unknown error'}` },
      );
    } catch (e) {
      setTest({ ok: false, text: `NetWeaver does not answer: ${(e as Error).message}` });
    }
  };

  const saveListeners = () => {
    try {
      parsePorts(listeners.netflow, 'NetFlow');
      parsePorts(listeners.ipfix, 'IPFIX');
      parsePorts(listeners.sflow, 'sFlow');
      saveListenerDefaults(listeners);
      setListenerNote({ ok: true, text: 'Saved: the collector starts with these next time.' });
    } catch (e) {
      setListenerNote({ ok: false, text: (e as Error).message });
    }
  };

  return (
    <section className="settings">
      <h1>Settings</h1>
      <fieldset>
        <legend>Appearance</legend>
        <label>
          <input type="radio" name="theme" checked={theme === 'light'} onChange={() => setTheme('light')} /> Light
        </label>
        <label>
          <input type="radio" name="theme" checked={theme === 'dark'} onChange={() => setTheme('dark')} /> Dark
        </label>
        <p className="muted small">Press d anywhere to switch; ? lists every shortcut.</p>
      </fieldset>
      <fieldset>
        <legend>Storage</legend>
        {store ? (
          <p data-testid="store-location">
            {store.kind === 'duckdb' ? 'DuckDB file' : 'PostgreSQL'} <code>{store.location}</code>, schema version {store.schemaVersion}
          </p>
        ) : (
          <p>Not connected.</p>
        )}
        <button onClick={() => void testConnection()}>Test connection</button>
        {test && (
          <p role="status" className={test.ok ? '' : 'error-text'} data-testid="store-test">
            {test.text}
          </p>
        )}
        <p className="muted small">
          The store is chosen when NetWeaver starts: <code>netweaver serve --db FILE.duckdb</code>, or <code>--postgres postgres://user@host/db</code> for PostgreSQL/TimescaleDB.
        </p>
      </fieldset>
      <fieldset>
        <legend>Collector listeners</legend>
        <div className="form-row">
          {(['netflow', 'ipfix', 'sflow'] as const).map((k) => (
            <label key={k}>
              {k === 'netflow' ? 'NetFlow' : k === 'ipfix' ? 'IPFIX' : 'sFlow'}{' '}
              <input aria-label={`${k} ports`} value={listeners[k]} onChange={(e) => setListeners({ ...listeners, [k]: e.target.value })} size={10} />
            </label>
          ))}
          <label>
            Listen on <input aria-label="listen addresses" value={listeners.bind} onChange={(e) => setListeners({ ...listeners, bind: e.target.value })} size={14} />
          </label>
          <button onClick={saveListeners}>Save</button>
          <button onClick={() => setListeners(STANDARD_LISTENERS)}>Standard ports</button>
        </div>
        {listenerNote && <p className={listenerNote.ok ? 'muted' : 'error-text'}>{listenerNote.text}</p>}
      </fieldset>
    </section>
  );
}
