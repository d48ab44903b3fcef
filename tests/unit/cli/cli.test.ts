// The `netweaver` command as an engineer runs it (the built CLI in a child process): help,
// exit codes 0/1/2, and --json output.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../support/run-cli.js';

const run = runCli;

describe('netweaver CLI', () => {
  it('lists its subcommands with --help', async () => {
    const { code, stdout } = await run('--help');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^ {2}serve /m);
    expect(stdout).toMatch(/^ {2}info /m);
  });

  it('exits 2 on an unknown command or option', async () => {
    expect((await run('frobnicate')).code).toBe(2);
    const bad = await run('info', '--no-such-option');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/Unknown option '--no-such-option'/);
  });

  it('prints machine-readable JSON with --json and exits 0', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'nw-cli-')), 'cli.duckdb');
    const { code, stdout } = await run('info', '--db', db, '--self-test', '--json');
    expect(code).toBe(0);
    const info = JSON.parse(stdout);
    expect(info.store).toMatchObject({ kind: 'duckdb', location: db, ok: true });
    expect(info.selfTest.completed).toBe(3);
  });

  it('exits 1 with a readable message (and JSON error) when the store cannot open', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'nw-cli-')), 'junk.duckdb');
    writeFileSync(path, 'junk');
    const { code, stdout, stderr } = await run('info', '--db', path, '--json');
    expect(code).toBe(1);
    expect(JSON.parse(stdout)).toMatchObject({ ok: false, error: { code: 'store' } });
    expect(stderr).toMatch(/is not a DuckDB database file/);
  });
});
