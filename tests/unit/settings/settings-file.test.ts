// The host settings file: defaults when absent, validation naming the file and the field, a bad
// file kept aside (never silently overwritten), atomic writes, and the store chosen at start.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listenerWarnings } from '../../../src-main/api/contract/settings.js';
import { DEFAULT_SETTINGS, defaultSettingsFileConfig, SettingsError, SettingsFile, settingsDir, storeAtStart } from '../../../src-main/settings/settings-file.js';

let dir: string;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'nw-settings-')); });
afterEach(() => { rmSync(dir, { recursive: true, force: true }); });

const file = () => new SettingsFile(defaultSettingsFileConfig(dir));

describe('settings file', () => {
  it('gives the standard ports and no rules when there is no file, without creating one', () => {
    const f = file();
    expect(f.load()).toEqual(DEFAULT_SETTINGS);
    expect(DEFAULT_SETTINGS.listeners).toEqual({ netflow: [2055], ipfix: [4739], sflow: [6343], bind: ['::'] });
    expect(DEFAULT_SETTINGS.store).toBeNull();
    expect(f.problems).toEqual([]);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('resolves the folder: --config, then $NETWEAVER_CONFIG_DIR, then $XDG_CONFIG_HOME/netweaver', () => {
    const saved = { c: process.env.NETWEAVER_CONFIG_DIR, x: process.env.XDG_CONFIG_HOME };
    try {
      process.env.NETWEAVER_CONFIG_DIR = '/tmp/a';
      expect(settingsDir('/tmp/explicit')).toBe('/tmp/explicit');
      expect(settingsDir()).toBe('/tmp/a');
      delete process.env.NETWEAVER_CONFIG_DIR;
      process.env.XDG_CONFIG_HOME = '/tmp/xdg';
      if (process.platform === 'linux') expect(settingsDir()).toBe('/tmp/xdg/netweaver');
    } finally {
      if (saved.c === undefined) delete process.env.NETWEAVER_CONFIG_DIR; else process.env.NETWEAVER_CONFIG_DIR = saved.c;
      if (saved.x === undefined) delete process.env.XDG_CONFIG_HOME; else process.env.XDG_CONFIG_HOME = saved.x;
    }
  });

  it('saves, reads back, and writes through a temp file and a rename (no temp file left behind)', () => {
    const f = file();
    f.load();
    const next = { ...f.settings, listeners: { netflow: [9995, 2055], ipfix: [4739], sflow: [], bind: ['0.0.0.0'] }, sampling: [{ exporter: '2001:DB8:0:0::1', rate: 512, mode: 'default' as const }] };
    f.save(next);
    expect(readdirSync(dir)).toEqual(['settings.json']);
    const again = file();
    const read = again.load();
    expect(read.listeners.netflow).toEqual([9995, 2055]);
    expect(read.listeners.sflow).toEqual([]);
    // Exporter addresses are kept in the decoders' canonical form.
    expect(read.sampling).toEqual([{ exporter: '2001:db8::1', rate: 512, mode: 'default' }]);
    expect(JSON.parse(readFileSync(f.path, 'utf8')).sampling[0].exporter).toBe('2001:db8::1');
  });

  it('refuses invalid settings naming the field, and leaves the file and the value unchanged', () => {
    const f = file();
    f.load();
    f.save({ ...f.settings, listeners: { ...f.settings.listeners, netflow: [9995] } });
    const before = readFileSync(f.path, 'utf8');
    const bad = { ...f.settings, listeners: { ...f.settings.listeners, ipfix: [9995] } };
    expect(() => f.save(bad)).toThrow(SettingsError);
    expect(() => f.save(bad)).toThrow(/listeners\.ipfix\[0\]: port 9995 is already used for NetFlow/);
    expect(() => f.save({ ...f.settings, listeners: { ...f.settings.listeners, sflow: [70000] } })).toThrow(/listeners\.sflow\[0\]: ports go from 1 to 65535/);
    expect(() => f.save({ ...f.settings, sampling: [{ exporter: '192.0.2.300', rate: 10 }] })).toThrow(/sampling\[0\]\.exporter: the exporter must be an IPv4 or IPv6 address/);
    expect(() => f.save({ ...f.settings, sampling: [{ exporter: '192.0.2.1', rate: 10 }, { exporter: '192.0.2.1', rate: 20, mode: 'default' }] })).toThrow(/rule 2 matches the same exporter, domain and interface as rule 1/);
    expect(readFileSync(f.path, 'utf8')).toBe(before);
    expect(f.settings.listeners.netflow).toEqual([9995]);
  });

  it('moves a file that is not JSON aside, says so, and uses the defaults', () => {
    writeFileSync(join(dir, 'settings.json'), '{ "listeners": { "netflow": [2055, }');
    const f = file();
    expect(f.load()).toEqual(DEFAULT_SETTINGS);
    expect(f.problems).toHaveLength(1);
    expect(f.problems[0]).toContain(join(dir, 'settings.json'));
    expect(f.problems[0]).toMatch(/is not valid JSON/);
    const aside = readdirSync(dir).filter((n) => n.startsWith('settings.json.bad-'));
    expect(aside).toHaveLength(1);
    expect(f.problems[0]).toContain(aside[0]);
    expect(readFileSync(join(dir, aside[0]!), 'utf8')).toBe('{ "listeners": { "netflow": [2055, }');
    // Saving afterwards writes a new file and keeps the bad one.
    f.save(f.settings);
    expect(readdirSync(dir).sort()).toEqual(['settings.json', aside[0]!].sort());
  });

  it('keeps the valid sections of an invalid file and names the bad field', () => {
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ version: 1, store: { kind: 'duckdb', path: '/data/lab.duckdb' }, listeners: { netflow: [2055], ipfix: [4739], sflow: [99999], bind: ['::'] } }));
    const f = file();
    const s = f.load();
    expect(s.store).toEqual({ kind: 'duckdb', path: '/data/lab.duckdb' });
    expect(s.listeners).toEqual(DEFAULT_SETTINGS.listeners);
    expect(f.problems[0]).toMatch(/listeners\.sflow\[0\]: ports go from 1 to 65535/);
    expect(f.problems[0]).toMatch(/using defaults for listeners/);
    expect(readdirSync(dir).some((n) => n.startsWith('settings.json.bad-'))).toBe(true);
  });

  it.skipIf(process.getuid?.() === 0)('reports a file it cannot read and uses the defaults (skipped as root: root reads any file)', () => {
    writeFileSync(join(dir, 'settings.json'), '{}');
    chmodSync(join(dir, 'settings.json'), 0o000);
    const f = file();
    expect(f.load()).toEqual(DEFAULT_SETTINGS);
    expect(f.problems[0]).toMatch(/cannot read .*settings\.json/);
  });

  it('warns about privileged ports without refusing them', () => {
    const f = file();
    f.load();
    f.save({ ...f.settings, listeners: { ...f.settings.listeners, netflow: [555] } });
    expect(listenerWarnings(f.settings.listeners)).toEqual([expect.stringMatching(/NetFlow port 555 is privileged/)]);
  });

  it('chooses the store: --db/--postgres win, then the saved one, then the default file', () => {
    expect(storeAtStart({ db: '/x.duckdb' }, { kind: 'postgres', url: 'postgres://h/db' })).toEqual({ options: { db: '/x.duckdb' }, chosenBy: 'option' });
    expect(storeAtStart({}, { kind: 'postgres', url: 'postgres://h/db' })).toEqual({ options: { postgres: 'postgres://h/db' }, chosenBy: 'settings' });
    expect(storeAtStart({ config: dir }, null)).toEqual({ options: {}, chosenBy: 'default' });
  });
});
