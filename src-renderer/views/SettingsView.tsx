// Settings: appearance; the store (test a DuckDB file or a PostgreSQL URL for real, switch the
// running service to it, kept for the next start); the collector's listener ports; sampling-rate
// rules per exporter with what each exporter reports beside what is applied. Everything but the
// theme lives on the host (settings.json) through settings.* and store.*; errors sit beside the
// field they are about.
import { useEffect, useState } from 'react';
import type { Result } from '../../src-main/api/contract.js';
import { SAMPLING_MODES, type SamplingRule, type SettingsState, type StoreTestResult } from '../../src-main/api/contract/settings.js';
import { api } from '../api/client.js';
import { listenerText, parseListenerText, STANDARD_LISTENERS, type ListenerDefaults, type ListenerField } from '../collector/listener-defaults.js';
import { appliedRate, parseRules, toRow, type RuleErrors, type RuleRow } from '../settings/sampling-rows.js';
import type { HealthState } from '../state/use-health.js';
import type { Theme } from '../state/use-theme.js';

export interface SettingsViewProps {
  theme: Theme;
  setTheme(theme: Theme): void;
  health: HealthState;
}

type Note = { ok: boolean; text: string } | null;
type Exporter = Result<'collector.exporters'>['live'][number];

export function SettingsView({ theme, setTheme, health }: SettingsViewProps) {
  const [state, setState] = useState<SettingsState | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  useEffect(() => {
    api.call('settings.get', {}).then(setState, (e: Error) => setLoadError(e.message));
    return api.on('settings.changed', setState);
  }, []);

  return (
    <section className="settings">
      <h1>Settings</h1>
      {loadError && <div className="error-box" role="alert">The host's settings cannot be read: {loadError}</div>}
      {state?.problems.map((p) => (
        <div className="error-box" role="alert" key={p}>{p}</div>
      ))}
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
      <StorageSettings health={health} state={state} />
      <ListenerSettingsForm state={state} />
      <SamplingSettings state={state} />
      {state && <p className="muted small">Kept on the host in <code data-testid="settings-path">{state.path}</code>; <code>netweaver settings</code> edits the same file.</p>}
    </section>
  );
}

function describeTest(r: StoreTestResult): string {
  const kind = r.kind === 'duckdb' ? 'DuckDB' : 'PostgreSQL';
  if (!r.ok) return r.error ?? r.summary;
  const ts = r.timescaledb ? `; TimescaleDB ${r.timescaledb.installed ? 'installed' : r.timescaledb.available ? 'available' : 'not available (plain PostgreSQL: NetWeaver runs rollups itself)'}` : '';
  return `${kind} answered in ${Math.max(1, Math.round(r.latencyMs))} ms (${r.serverVersion ?? kind}): ${r.summary}${ts}.`;
}

function StorageSettings({ health, state }: { health: HealthState; state: SettingsState | null }) {
  const store = health.health?.store;
  const [target, setTarget] = useState('');
  const [test, setTest] = useState<Note>(null);
  const [switchNote, setSwitchNote] = useState<Note>(null);
  const [busy, setBusy] = useState<'test' | 'switch' | null>(null);
  useEffect(() => {
    if (store && !target) setTarget(store.kind === 'duckdb' ? store.location : '');
  }, [store?.location]); // eslint-disable-line react-hooks/exhaustive-deps

  const runTest = async () => {
    setTest(null);
    setBusy('test');
    try {
      const r = await api.call('store.test', { target: target || store?.location || '' });
      setTest({ ok: r.ok, text: describeTest(r) });
    } catch (e) {
      setTest({ ok: false, text: `NetWeaver does not answer: ${(e as Error).message}` });
    } finally {
      setBusy(null);
    }
  };
  const runSwitch = async () => {
    setSwitchNote(null);
    setBusy('switch');
    try {
      const r = await api.call('store.switch', { target, persist: true });
      const collector = r.collector.running ? ` The collector moved without stopping: ${r.collector.rowsFlushed} rows were written to the old store first${r.collector.rowsLost ? `, ${r.collector.rowsLost} lost` : ''}.` : '';
      setSwitchNote({ ok: true, text: `Now using ${r.to.kind === 'duckdb' ? 'DuckDB' : 'PostgreSQL'} ${r.to.location} (schema version ${r.to.schemaVersion}), switched in ${r.ms} ms.${collector}${r.persisted ? ' NetWeaver opens it at the next start too.' : ''} ${r.warnings.join(' ')}` });
    } catch (e) {
      setSwitchNote({ ok: false, text: (e as Error).message });
    } finally {
      setBusy(null);
    }
  };

  const chosen = state?.store.chosenBy;
  return (
    <fieldset>
      <legend>Storage</legend>
      {store ? (
        <p data-testid="store-location">
          In use: {store.kind === 'duckdb' ? 'DuckDB file' : 'PostgreSQL'} <code>{store.location}</code>, schema version {store.schemaVersion}
          {chosen && <span className="muted"> — {chosen === 'option' ? 'given on the command line' : chosen === 'settings' ? 'from the settings' : chosen === 'switch' ? 'switched to while running' : 'the default file'}</span>}
          {!store.ok && <span className="error-text"> — {store.error}</span>}
        </p>
      ) : (
        <p>Not connected.</p>
      )}
      <div className="form-row">
        <label className="grow">
          DuckDB file or PostgreSQL URL{' '}
          <input aria-label="Store location" value={target} onChange={(e) => setTarget(e.target.value)} placeholder="/data/lab.duckdb or postgres://user:password@host:5432/db" size={56} spellCheck={false} />
        </label>
        <button onClick={() => void runTest()} disabled={busy !== null}>{busy === 'test' ? 'Testing…' : 'Test connection'}</button>
        <button onClick={() => void runSwitch()} disabled={busy !== null || !target.trim()}>{busy === 'switch' ? 'Switching…' : 'Switch to this store'}</button>
      </div>
      {test && (
        <p role="status" className={test.ok ? '' : 'error-text'} data-testid="store-test">
          {test.text}
        </p>
      )}
      {switchNote && (
        <p role="status" className={switchNote.ok ? '' : 'error-text'} data-testid="store-switch">
          {switchNote.text}
        </p>
      )}
      <p className="muted small">
        Switching keeps the collector running: what it decoded goes to the old store first. <code>--db FILE</code> or <code>--postgres URL</code> at start take precedence over the saved choice.
      </p>
    </fieldset>
  );
}

function ListenerSettingsForm({ state }: { state: SettingsState | null }) {
  const [text, setText] = useState<ListenerDefaults>(STANDARD_LISTENERS);
  const [errors, setErrors] = useState<Partial<Record<ListenerField, string>>>({});
  const [note, setNote] = useState<Note>(null);
  const saved = state?.settings.listeners;
  useEffect(() => {
    if (saved) setText(listenerText(saved));
  }, [JSON.stringify(saved)]); // eslint-disable-line react-hooks/exhaustive-deps

  const save = async () => {
    setNote(null);
    const { value, errors: found } = parseListenerText(text);
    setErrors(found);
    if (!value) return;
    try {
      const s = await api.call('settings.update', { listeners: value });
      setNote({ ok: true, text: `Saved: the collector starts with these when no ports are given.${s.warnings.length ? ` ${s.warnings.join(' ')}` : ''}` });
    } catch (e) {
      setNote({ ok: false, text: (e as Error).message });
    }
  };
  const fields: Array<[ListenerField, string, number]> = [['netflow', 'NetFlow', 12], ['ipfix', 'IPFIX', 12], ['sflow', 'sFlow', 12], ['bind', 'Listen on', 18]];
  return (
    <fieldset>
      <legend>Collector listeners</legend>
      <div className="form-row align-top">
        {fields.map(([k, label, size]) => (
          <label key={k} className="field">
            <span>{label}</span>
            <input aria-label={k === 'bind' ? 'listen addresses' : `${k} ports`} aria-invalid={!!errors[k]} value={text[k]} onChange={(e) => setText({ ...text, [k]: e.target.value })} size={size} />
            {errors[k] && <span className="error-text small field-error" data-testid={`listener-error-${k}`}>{errors[k]}</span>}
          </label>
        ))}
        <button onClick={() => void save()}>Save</button>
        <button onClick={() => { setText(STANDARD_LISTENERS); setErrors({}); }}>Standard ports</button>
      </div>
      {state?.warnings.map((w) => <p className="warn-text small" key={w}>{w}</p>)}
      {note && <p className={note.ok ? 'muted' : 'error-text'}>{note.text}</p>}
    </fieldset>
  );
}

function SamplingSettings({ state }: { state: SettingsState | null }) {
  const [rows, setRows] = useState<RuleRow[]>([]);
  const [errors, setErrors] = useState<RuleErrors[]>([]);
  const [note, setNote] = useState<Note>(null);
  const [exporters, setExporters] = useState<Exporter[]>([]);
  const saved = state?.settings.sampling;
  useEffect(() => {
    if (saved) { setRows(saved.map(toRow)); setErrors([]); }
  }, [JSON.stringify(saved)]); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => {
    const load = () => api.call('collector.exporters', {}).then((r) => setExporters(r.live), () => undefined);
    void load();
    const timer = setInterval(load, 5000);
    return () => clearInterval(timer);
  }, []);

  const edit = (i: number, patch: Partial<RuleRow>) => setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const apply = async () => {
    setNote(null);
    const { rules, errors: found } = parseRules(rows);
    setErrors(found);
    if (!rules) return;
    try {
      await api.call('settings.update', { sampling: rules });
      setNote({ ok: true, text: `Applied: ${rules.length} rule${rules.length === 1 ? '' : 's'}; the running collector uses them from the next packet, and capture imports too.` });
    } catch (e) {
      setNote({ ok: false, text: (e as Error).message });
    }
  };
  const cell = (i: number, k: keyof RuleRow, label: string, size: number, placeholder = '') => (
    <td>
      <input aria-label={`${label} ${i + 1}`} aria-invalid={!!errors[i]?.[k]} value={rows[i]![k]} placeholder={placeholder} size={size} onChange={(e) => edit(i, { [k]: e.target.value })} />
      {errors[i]?.[k] && <div className="error-text small field-error" data-testid={`sampling-error-${i + 1}-${k}`}>{errors[i]![k]}</div>}
    </td>
  );
  const rules = saved ?? [];
  return (
    <fieldset>
      <legend>Sampling rates</legend>
      <p className="muted small">
        Per exporter (and optionally per observation domain / engine id / sFlow sub-agent, and per input interface). <b>override</b> replaces the rate the device reports;
        <b> default</b> is used only when the device reports none. The most specific rule wins.
      </p>
      <table className="data-table compact" data-testid="sampling-rules">
        <thead>
          <tr><th>Exporter</th><th>Domain</th><th>Input ifIndex</th><th>Rate (1 in N)</th><th>Mode</th><th /></tr>
        </thead>
        <tbody>
          {rows.map((_, i) => (
            <tr key={i}>
              {cell(i, 'exporter', 'Exporter', 18, '192.0.2.1')}
              {cell(i, 'domain', 'Domain', 6, 'any')}
              {cell(i, 'inIf', 'Input interface', 6, 'any')}
              {cell(i, 'rate', 'Rate', 8, '1000')}
              <td>
                <select aria-label={`Mode ${i + 1}`} value={rows[i]!.mode} onChange={(e) => edit(i, { mode: e.target.value as SamplingRule['mode'] })}>
                  {SAMPLING_MODES.map((m) => <option key={m} value={m}>{m === 'override' ? 'override' : 'default (when none reported)'}</option>)}
                </select>
              </td>
              <td><button aria-label={`Remove rule ${i + 1}`} onClick={() => { setRows(rows.filter((__, j) => j !== i)); setErrors(errors.filter((__, j) => j !== i)); }}>Remove</button></td>
            </tr>
          ))}
          {rows.length === 0 && <tr><td colSpan={6} className="muted">No rules: rates are used as the devices report them.</td></tr>}
        </tbody>
      </table>
      <div className="form-row">
        <button onClick={() => setRows([...rows, { exporter: '', domain: '', inIf: '', rate: '', mode: 'override' }])}>Add rule</button>
        <button onClick={() => void apply()}>Apply sampling rules</button>
      </div>
      {note && <p className={note.ok ? 'muted' : 'error-text'} data-testid="sampling-note">{note.text}</p>}
      <h3 className="small">Exporters heard by the running collector</h3>
      <table className="data-table compact" data-testid="sampling-exporters">
        <thead>
          <tr><th>Exporter</th><th>Protocols</th><th>Device reports</th><th>Applied</th></tr>
        </thead>
        <tbody>
          {exporters.map((e) => (
            <tr key={e.exporter}>
              <td>{e.address}</td>
              <td>{e.protocols.join(', ')}</td>
              <td>{e.samplingRates.length ? e.samplingRates.map((r) => `1:${r}`).join(', ') : 'none'}</td>
              <td>{appliedRate(rules, e.address, e.samplingRates)}</td>
            </tr>
          ))}
          {exporters.length === 0 && <tr><td colSpan={4} className="muted">None yet (start the collector in the Collector view).</td></tr>}
        </tbody>
      </table>
    </fieldset>
  );
}
