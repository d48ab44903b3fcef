// The host's settings file (settings.json in the user's config folder): read with defaults,
// validated with the contract's zod schema, written atomically (temp file, fsync, rename). A file
// that is not JSON or fails validation is moved aside (settings.json.bad-<time>) with a message
// naming the file and the field; defaults are used for what was bad, never silently overwritten.
// Akvorado-style: config with defaults, the constructor does no I/O; load() does.
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { z } from 'zod';
import { formatAddress, parseAddress } from '../../src-worker/flow/address.js';
import { hostSettingsSchema, type HostSettings, type ListenerSettings, type StoreChoice } from '../api/contract/settings.js';
import type { CollectorConfig } from '../collector/collector-config.js';
import type { StoreOptions } from '../store/open-store.js';

export interface SettingsFileConfig {
  /** The folder holding settings.json. */
  dir: string;
  fileName: string;
}

/** --config DIR, else $NETWEAVER_CONFIG_DIR, else the platform's per-user config folder. */
export function settingsDir(explicit?: string): string {
  if (explicit) return explicit;
  if (process.env.NETWEAVER_CONFIG_DIR) return process.env.NETWEAVER_CONFIG_DIR;
  const home = homedir();
  switch (process.platform) {
    case 'win32':
      return join(process.env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'NetWeaver');
    case 'darwin':
      return join(home, 'Library', 'Preferences', 'NetWeaver');
    default:
      return join(process.env.XDG_CONFIG_HOME || join(home, '.config'), 'netweaver');
  }
}

export const defaultSettingsFileConfig = (dir?: string): SettingsFileConfig => ({ dir: settingsDir(dir), fileName: 'settings.json' });

export const DEFAULT_SETTINGS: HostSettings = hostSettingsSchema.parse({});

export class SettingsFile {
  private value: HostSettings = DEFAULT_SETTINGS;
  private loadProblems: string[] = [];

  constructor(readonly config: SettingsFileConfig) {}

  get path(): string {
    return join(this.config.dir, this.config.fileName);
  }

  get settings(): HostSettings {
    return this.value;
  }

  /** What was wrong with the file at the last load (empty when it was fine or absent). */
  get problems(): string[] {
    return this.loadProblems;
  }

  /** Reads the file; absent → defaults; bad → message, the file moved aside, defaults for the bad parts. */
  load(): HostSettings {
    this.loadProblems = [];
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return (this.value = DEFAULT_SETTINGS);
      this.loadProblems.push(`settings: cannot read ${this.path}: ${(error as Error).message}; using defaults`);
      return (this.value = DEFAULT_SETTINGS);
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (error) {
      const aside = this.keepAside();
      this.loadProblems.push(`settings: ${this.path} is not valid JSON (${(error as Error).message}); using defaults${aside}`);
      return (this.value = DEFAULT_SETTINGS);
    }
    const whole = hostSettingsSchema.safeParse(raw);
    if (whole.success) return (this.value = normalise(whole.data));
    // Keep the sections that are valid; default the others, naming each bad field.
    const problems = whole.error.issues.map((i) => `${fieldName(i.path)}: ${i.message}`);
    const salvaged = salvage(raw);
    const aside = this.keepAside();
    this.loadProblems.push(`settings: ${this.path} has invalid settings — ${problems.join('; ')}; using defaults for ${salvaged.defaulted.join(', ') || 'everything'}${aside}`);
    return (this.value = salvaged.settings);
  }

  /** Validates `next` whole and writes it atomically; the in-memory value changes only on success. */
  save(next: unknown): HostSettings {
    const parsed = hostSettingsSchema.safeParse(next);
    if (!parsed.success) throw new SettingsError(parsed.error.issues.map((i) => `settings: ${fieldName(i.path)}: ${i.message}`).join('; '), parsed.error.issues);
    const value = normalise(parsed.data);
    this.writeAtomically(`${JSON.stringify(value, null, 2)}\n`);
    this.value = value;
    return value;
  }

  private writeAtomically(text: string): void {
    mkdirSync(this.config.dir, { recursive: true });
    const temp = join(this.config.dir, `.${this.config.fileName}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    const fd = openSync(temp, 'w', 0o600);
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } catch (error) {
      closeSync(fd);
      try { unlinkSync(temp); } catch { /* already gone */ }
      throw new SettingsError(`settings: cannot write ${this.path}: ${(error as Error).message}`);
    }
    closeSync(fd);
    try {
      renameSync(temp, this.path);
    } catch (error) {
      try { unlinkSync(temp); } catch { /* already gone */ }
      throw new SettingsError(`settings: cannot replace ${this.path}: ${(error as Error).message}`);
    }
  }

  /** Moves the bad file aside so the next save does not destroy what the engineer wrote. */
  private keepAside(): string {
    const aside = `${this.path}.bad-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    try {
      renameSync(this.path, aside);
      return `; the file was moved to ${aside}`;
    } catch (error) {
      return `; it could not be moved aside (${(error as Error).message})`;
    }
  }
}

export class SettingsError extends Error {
  constructor(message: string, readonly issues?: z.core.$ZodIssue[]) {
    super(message);
    this.name = 'SettingsError';
  }
}

function fieldName(path: PropertyKey[]): string {
  return path.length ? path.map((p) => (typeof p === 'number' ? `[${p}]` : String(p))).join('.').replace(/\.\[/g, '[') : '(whole file)';
}

const SECTIONS = ['store', 'listeners', 'sampling'] as const;

function salvage(raw: unknown): { settings: HostSettings; defaulted: string[] } {
  const obj = raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const settings: HostSettings = { ...DEFAULT_SETTINGS };
  const defaulted: string[] = [];
  for (const key of SECTIONS) {
    if (!(key in obj)) continue;
    const one = hostSettingsSchema.safeParse({ [key]: obj[key] });
    if (one.success) (settings as Record<string, unknown>)[key] = one.data[key];
    else defaulted.push(key);
  }
  return { settings: normalise(settings), defaulted };
}

/** Exporter addresses in their canonical text (as the decoders name exporters). */
function normalise(s: HostSettings): HostSettings {
  return { ...s, sampling: s.sampling.map((r) => ({ ...r, exporter: canonicalAddress(r.exporter) })) };
}

/** An address in the decoders' canonical text ("2001:DB8::1" → "2001:db8::1"); other text unchanged. */
export function canonicalAddress(text: string): string {
  try {
    return formatAddress(parseAddress(text));
  } catch {
    return text;
  }
}

/** The store to open at start: --db/--postgres win; else the one saved in the settings; else the default file. */
export function storeAtStart(options: StoreOptions, saved: StoreChoice | null): { options: StoreOptions; chosenBy: 'option' | 'settings' | 'default' } {
  if (options.db || options.postgres) return { options, chosenBy: 'option' };
  if (saved?.kind === 'duckdb') return { options: { db: saved.path }, chosenBy: 'settings' };
  if (saved?.kind === 'postgres') return { options: { postgres: saved.url }, chosenBy: 'settings' };
  return { options: {}, chosenBy: 'default' };
}

/** The collector's listener configuration from the settings (what collector.start uses when given no ports). */
export function listenerConfig(l: ListenerSettings): Pick<CollectorConfig, 'netflow' | 'ipfix' | 'sflow' | 'bind'> {
  return { netflow: [...l.netflow], ipfix: [...l.ipfix], sflow: [...l.sflow], bind: [...l.bind] };
}
