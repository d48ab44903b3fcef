// `netweaver settings` as an engineer runs it: show, set, sampling add/rm and store test, with
// --json, exit codes (0 ok, 1 failed test, 2 bad input) and the settings file it writes.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../support/run-cli.js';
import { projectRoot } from '../../support/shared-data.js';

const pg = process.env.NETWEAVER_TEST_POSTGRES_URL;

describe('netweaver settings', () => {
  it('shows the defaults, sets ports, refuses a duplicate port with exit 2, and adds and removes sampling rules', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nw-settings-cli-'));
    const cfg = ['--config', dir];
    const shown = await runCli('settings', ...cfg, '--json');
    expect(shown.code).toBe(0);
    expect(JSON.parse(shown.stdout)).toMatchObject({ path: join(dir, 'settings.json'), settings: { store: null, listeners: { netflow: [2055], ipfix: [4739], sflow: [6343] }, sampling: [] } });

    const set = await runCli('settings', 'set', 'listeners.netflow', '2055,9995', ...cfg);
    expect(set.code).toBe(0);
    expect(set.stdout).toMatch(/listeners\.netflow\s+2055, 9995/);
    const dup = await runCli('settings', 'set', 'listeners.sflow', '9995', ...cfg);
    expect(dup.code).toBe(2);
    expect(dup.stderr).toContain('listeners.sflow[0]: port 9995 is already used for NetFlow');
    const priv = await runCli('settings', 'set', 'listeners.ipfix', '800', ...cfg);
    expect(priv.code).toBe(0);
    expect(priv.stderr).toMatch(/IPFIX port 800 is privileged/);

    const add = await runCli('settings', 'sampling', 'add', '192.0.2.1', '1000', '--mode', 'default', '--in-if', '3', ...cfg, '--json');
    expect(add.code).toBe(0);
    expect(JSON.parse(add.stdout).settings.sampling).toEqual([{ exporter: '192.0.2.1', inIf: 3, rate: 1000, mode: 'default' }]);
    const badRate = await runCli('settings', 'sampling', 'add', '192.0.2.1', 'lots', ...cfg);
    expect(badRate.code).toBe(2);
    const wrongRm = await runCli('settings', 'sampling', 'rm', '192.0.2.1', ...cfg);
    expect(wrongRm.code).toBe(2);
    expect(wrongRm.stderr).toContain('its rules: --in-if 3');
    expect((await runCli('settings', 'sampling', 'rm', '192.0.2.1', '--in-if', '3', ...cfg)).code).toBe(0);
    const file = JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'));
    expect(file).toMatchObject({ listeners: { netflow: [2055, 9995], ipfix: [800] }, sampling: [] });

    const store = await runCli('settings', 'set', 'store', join(dir, 'lab.duckdb'), ...cfg, '--json');
    expect(JSON.parse(store.stdout).settings.store).toEqual({ kind: 'duckdb', path: join(dir, 'lab.duckdb') });
    const unreachable = await runCli('settings', 'set', 'store', 'postgres://nobody@127.0.0.1:1/flows', ...cfg);
    expect(unreachable.code).toBe(0);
    expect(unreachable.stderr).toContain('settings: warning: connection refused by 127.0.0.1:1');
    const relative = await runCli('settings', 'set', 'store', 'lab-relative.duckdb', ...cfg, '--json');
    expect(JSON.parse(relative.stdout).settings.store).toEqual({ kind: 'duckdb', path: join(projectRoot, 'lab-relative.duckdb') }); // made absolute (the CLI ran in the project root)
    const back = await runCli('settings', 'set', 'store', join(dir, 'lab.duckdb'), ...cfg);
    expect(back.stderr).toBe('settings: IPFIX port 800 is privileged (below 1024): the collector needs root or CAP_NET_BIND_SERVICE to bind it\n');
    // `info` without --db now opens the saved store.
    const info = await runCli('info', ...cfg, '--json');
    expect(info.code).toBe(0);
    expect(JSON.parse(info.stdout).store.location).toBe(join(dir, 'lab.duckdb'));
  });

  it('tests a store: a file that is not DuckDB fails with exit 1; a broken settings file is reported and kept', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nw-settings-cli-'));
    writeFileSync(join(dir, 'notes.txt'), 'not a database at all, just some notes of mine');
    const bad = await runCli('settings', 'store', 'test', join(dir, 'notes.txt'), '--config', dir);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(`store: ${join(dir, 'notes.txt')} is not a DuckDB database file`);
    writeFileSync(join(dir, 'settings.json'), '{"listeners": {"netflow": "2055"}}');
    const shown = await runCli('settings', '--config', dir, '--json');
    expect(shown.code).toBe(0);
    expect(shown.stderr).toMatch(/settings: .*settings\.json has invalid settings — listeners\.netflow: .*; using defaults for listeners; the file was moved to .*settings\.json\.bad-/);
    expect(JSON.parse(shown.stdout).settings.listeners.netflow).toEqual([2055]);
  });

  it.skipIf(!pg)('tests a PostgreSQL URL for real (needs NETWEAVER_TEST_POSTGRES_URL: source .ci/start-postgres.sh)', async () => {
    const ok = await runCli('settings', 'store', 'test', pg!, '--json');
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ ok: true, kind: 'postgres', serverVersion: expect.stringMatching(/^PostgreSQL /) });
    const u = new URL(pg!);
    u.port = '1';
    const refused = await runCli('settings', 'store', 'test', u.toString());
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('connection refused by 127.0.0.1:1');
  });
});
