// `netweaver settings`: show and edit the host's settings file (the store to open at start, the
// collector's listener ports, sampling-rate rules) and test a candidate store. It works on the
// file with the same validation as the API and opens no store, so it also repairs a setup whose
// saved store is unreachable. A running `netweaver serve` picks changes up at its next start
// (change them in its Settings view to apply them live).
import { storeChoiceFromText, listenerWarnings, LISTENER_PROTOCOLS, SAMPLING_MODES, type HostSettings, type SamplingMode } from '../../api/contract/settings.js';
import { canonicalAddress, defaultSettingsFileConfig, SettingsError, SettingsFile } from '../../settings/settings-file.js';
import { duckdbPath, probeStore } from '../../settings/store-probe.js';
import '../../store/postgres/register.js';
import { defineCommand, numberOption, stringOption, UsageError, type CommandIO } from '../command.js';

const KEYS = ['store', ...LISTENER_PROTOCOLS.map((p) => `listeners.${p}`), 'listeners.bind'] as const;

export const settingsCommand = defineCommand({
  name: 'settings',
  summary: 'show or change the settings (store at start, listener ports, sampling rules); test a store',
  usage: `[show]
       settings set KEY VALUE        KEY: ${KEYS.join(', ')}
       settings sampling add EXPORTER RATE [--mode override|default] [--domain N] [--in-if N]
       settings sampling rm EXPORTER [--domain N] [--in-if N]
       settings store test PATH|URL`,
  help: `  --config DIR      settings folder (default: $NETWEAVER_CONFIG_DIR, else ~/.config/netweaver)
  --mode M          override: the rate replaces what the device reports (default);
                    default: used only when the device reports none
  --domain N        only this observation domain / source id (v9, IPFIX), engine id (v5), sub-agent (sFlow)
  --in-if N         only flows entering on this ifIndex
Values: ports as a list (2055,9995; "none" for no listener), addresses as a list (::,0.0.0.0),
store as a DuckDB file path, a postgres:// URL, or "default".
Examples:
  netweaver settings set listeners.netflow 2055,9995
  netweaver settings sampling add 192.0.2.1 1000 --mode default
  netweaver settings store test postgres://netweaver@db.lab:5432/flows`,
  options: { config: { type: 'string' }, mode: { type: 'string' }, domain: { type: 'string' }, 'in-if': { type: 'string' } },
  allowPositionals: true,
  async run(args, io) {
    const file = new SettingsFile(defaultSettingsFileConfig(stringOption(args, 'config')));
    file.load();
    for (const p of file.problems) io.err(p);
    const [verb = 'show', ...rest] = args.positionals;
    switch (verb) {
      case 'show':
        return show(file, io);
      case 'set': {
        if (rest.length !== 2) throw new UsageError('set needs KEY VALUE');
        save(file, setKey(file.settings, rest[0]!, rest[1]!));
        const store = file.settings.store;
        if (rest[0] === 'store' && store) {
          const r = await probeStore(store, null); // saved either way; say now if it will not open
          if (!r.ok) io.err(`settings: warning: ${(r.error ?? r.summary).replace(/^store: /, '')}; NetWeaver will not start on it until that is fixed (or give --db/--postgres)`);
        }
        return show(file, io);
      }
      case 'sampling': {
        const [op, typed, rate] = rest;
        const exporter = typed === undefined ? undefined : canonicalAddress(typed);
        const domain = args.values.domain === undefined ? undefined : numberOption(args, 'domain', 0, { min: 0, max: 4294967295, integer: true });
        const inIf = args.values['in-if'] === undefined ? undefined : numberOption(args, 'in-if', 0, { min: 0, max: 4294967295, integer: true });
        if (!exporter || (op !== 'add' && op !== 'rm')) throw new UsageError('sampling add EXPORTER RATE | sampling rm EXPORTER');
        const same = (r: HostSettings['sampling'][number]) => r.exporter === exporter && r.domain === domain && r.inIf === inIf;
        if (op === 'add') {
          const mode = (stringOption(args, 'mode') ?? 'override') as SamplingMode;
          if (!SAMPLING_MODES.includes(mode)) throw new UsageError(`--mode is override or default, not "${mode}"`);
          if (rate === undefined || !/^\d+$/.test(rate)) throw new UsageError(`the rate is a whole number (1 in N packets), not "${rate ?? ''}"`);
          const rule = { exporter, rate: Number(rate), mode, ...(domain === undefined ? {} : { domain }), ...(inIf === undefined ? {} : { inIf }) };
          save(file, { ...file.settings, sampling: [...file.settings.sampling.filter((r) => !same(r)), rule] });
        } else {
          const kept = file.settings.sampling.filter((r) => !same(r));
          if (kept.length === file.settings.sampling.length) {
            const others = file.settings.sampling.filter((r) => r.exporter === exporter).map((r) => [r.domain === undefined ? '' : `--domain ${r.domain}`, r.inIf === undefined ? '' : `--in-if ${r.inIf}`].join(' ').trim() || '(exporter-wide)');
            throw new UsageError(`no sampling rule for ${exporter}${domain === undefined ? '' : ` domain ${domain}`}${inIf === undefined ? '' : ` interface ${inIf}`}${others.length ? `; its rules: ${others.join(', ')}` : ''}`);
          }
          save(file, { ...file.settings, sampling: kept });
        }
        return show(file, io);
      }
      case 'store': {
        if (rest[0] !== 'test' || !rest[1]) throw new UsageError('store test PATH|URL');
        const r = await probeStore(storeChoiceFromText(rest[1]), null);
        if (io.json) io.printJson(r);
        else if (r.ok) io.out(`${r.kind === 'duckdb' ? 'DuckDB' : 'PostgreSQL'} ${r.location}: ${r.summary}${r.serverVersion ? `; ${r.serverVersion}` : ''}${r.timescaledb ? `; TimescaleDB ${r.timescaledb.installed ? 'installed' : r.timescaledb.available ? 'available' : 'not available'}` : ''}; ${r.latencyMs.toFixed(1)} ms`);
        else io.err(r.error ?? r.summary);
        return r.ok ? 0 : 1;
      }
      default:
        throw new UsageError(`unknown action "${verb}" (show, set, sampling, store)`);
    }
  },
});

function save(file: SettingsFile, next: unknown): void {
  try {
    file.save(next);
  } catch (error) {
    if (error instanceof SettingsError) throw new UsageError(error.message.replace(/(^|; )settings: /g, '$1'));
    throw error;
  }
}

function list(value: string): string[] {
  return value === 'none' || value === '' ? [] : value.split(/[\s,]+/).filter(Boolean);
}

function setKey(s: HostSettings, key: string, value: string): HostSettings {
  if (key === 'store') {
    if (value === 'default') return { ...s, store: null };
    const choice = storeChoiceFromText(value);
    return { ...s, store: choice.kind === 'duckdb' ? { kind: 'duckdb', path: duckdbPath(choice.path) } : choice }; // a relative path would depend on where NetWeaver starts
  }
  const m = /^listeners\.(netflow|ipfix|sflow|bind)$/.exec(key);
  if (!m) throw new UsageError(`unknown key "${key}" (${KEYS.join(', ')})`);
  const field = m[1] as keyof HostSettings['listeners'];
  if (field === 'bind') return { ...s, listeners: { ...s.listeners, bind: list(value) } };
  const ports = list(value).map((p) => {
    if (!/^\d+$/.test(p)) throw new UsageError(`${key}: "${p}" is not a port number`);
    return Number(p);
  });
  return { ...s, listeners: { ...s.listeners, [field]: ports } };
}

function show(file: SettingsFile, io: CommandIO): void {
  const s = file.settings;
  const warnings = listenerWarnings(s.listeners);
  if (io.json) return io.printJson({ path: file.path, settings: s, problems: file.problems, warnings });
  io.out(`settings file     ${file.path}`);
  io.out(`store             ${s.store ? (s.store.kind === 'duckdb' ? `DuckDB ${s.store.path}` : `PostgreSQL ${s.store.url.replace(/:[^:@/]*@/, ':***@')}`) : 'default (netweaver.duckdb in the user data folder)'}`);
  for (const p of LISTENER_PROTOCOLS) io.out(`${`listeners.${p}`.padEnd(18)}${s.listeners[p].join(', ') || 'none'}`);
  io.out(`listeners.bind    ${s.listeners.bind.join(', ')}`);
  if (!s.sampling.length) io.out('sampling          no rules: rates as the devices report them');
  for (const r of s.sampling) {
    io.out(`sampling          ${r.exporter}${r.domain === undefined ? '' : ` domain ${r.domain}`}${r.inIf === undefined ? '' : ` in-if ${r.inIf}`}: 1:${r.rate} ${r.mode === 'override' ? '(overrides what the device reports)' : '(when the device reports none)'}`);
  }
  for (const w of warnings) io.err(w);
}
