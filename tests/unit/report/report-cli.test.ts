// `netweaver report` as an engineer runs it (the built CLI in a child process): each network kind
// in each format, the files checked (HTML offline-clean, PDF pages with ink, CSV equal to the
// JSON report's tables), usage errors exit 2, a missing Chromium exits 1 with a clear message.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../src-main/report/csv.js';
import type { Report, Table } from '../../../src-main/report/model.js';
import { chromiumPath } from '../../support/chromium.js';
import { projectRoot, sharedMissingReason, sharedPath, sharedPresent } from '../../support/shared-data.js';
import { which } from '../../support/tools.js';
import { externalReferences, pageInk, pdfPages } from './report-check.js';
import { repetita } from './report-data.js';
import { openStore } from '../../../src-main/store/open-store.js';
import { saveTopology } from '../../../src-main/store/topology-tables.js';

const run = async (args: string[], env: NodeJS.ProcessEnv = {}) => {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['bin/netweaver.js', ...args], { cwd: projectRoot, env: { ...process.env, ...env }, maxBuffer: 1 << 26 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
};

const dir = mkdtempSync(join(tmpdir(), 'nw-report-cli-'));
const db = join(dir, 'cli.duckdb');
const graph = sharedPath('data', 'repetita', 'Abilene.graph');
const demands = sharedPath('data', 'repetita', 'Abilene.0000.demands');
const network = ['--db', db, '--topology', graph, '--demands', demands];

describe('netweaver report — usage', () => {
  it('exits 2 without a kind, with an unknown kind, without -o, or with a bad format', async () => {
    expect((await run(['report', '-o', join(dir, 'x.html')])).code).toBe(2);
    const unknown = await run(['report', 'weather', '-o', join(dir, 'x.html')]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/there is no "weather" report; choose traffic, topology, failure, capacity, capture/);
    expect((await run(['report', 'topology', ...network])).stderr).toMatch(/-o FILE/);
    const bad = await run(['report', 'topology', ...network, '--format', 'docx', '-o', join(dir, 'x.docx')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--format must be one of html, pdf, csv, json/);
  });

  it('exits 1 naming what is missing when a kind lacks its inputs', async () => {
    const r = await run(['report', 'topology', '--db', db, '-o', join(dir, 'x.html')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no topology stored yet; import one with netweaver topo import FILE, or give --topology FILE --demands FILE/);
  });
});

describe.skipIf(!sharedPresent)(`netweaver report — files ${sharedPresent ? '' : sharedMissingReason}`, () => {
  it('writes the topology snapshot of Abilene as JSON, HTML and CSV that agree with each other', async () => {
    const json = await run(['report', 'topology', ...network, '-o', join(dir, 'topo.json'), '--json']);
    expect(json.code).toBe(0);
    const outcome = JSON.parse(json.stdout);
    expect(outcome).toMatchObject({ ok: true, kind: 'topology', format: 'json', state: 'succeeded' });
    expect(outcome.jobIds.length).toBe(1);
    const report = JSON.parse(readFileSync(join(dir, 'topo.json'), 'utf8')) as Report;
    expect(report.provenance.dataSource).toContain('Abilene.graph');
    expect(report.provenance.version).toMatch(/^\d+\.\d+\.\d+/);

    expect((await run(['report', 'topology', ...network, '-o', join(dir, 'topo.html')])).code).toBe(0);
    const html = readFileSync(join(dir, 'topo.html'), 'utf8');
    expect(externalReferences(html)).toEqual([]);
    expect(html).toContain('<h1>Topology snapshot — Abilene</h1>');

    const csv = await run(['report', 'topology', ...network, '--format', 'csv', '-o', join(dir, 'topo.csv')]);
    expect(csv.code).toBe(0);
    const tables = report.sections.flatMap((s) => s.blocks.flatMap((b) => (b.type === 'table' ? [b.table as Table] : [])));
    for (const table of tables) {
      const file = join(dir, `topo-${table.id}.csv`);
      expect(csv.stdout).toContain(file);
      const rows = parseCsv(readFileSync(file, 'utf8'));
      expect(rows[0]).toEqual(table.columns.map((c) => c.key));
      expect(rows.slice(1).map((r) => Number(r[rows[0]!.indexOf('utilisation')]))).toEqual(table.rows.map((r) => r.utilisation));
    }
  });

  it('reports on a topology stored in the database, by name and as the newest', async () => {
    const stored = join(dir, 'topo.duckdb');
    const store = await openStore({ db: stored });
    const { topology, demands: matrix } = repetita('Abilene');
    await saveTopology(store, { ...topology, source: graph }, matrix);
    await store.close();
    const fromFile = JSON.parse(readFileSync(join(dir, 'topo.json'), 'utf8')) as Report;
    for (const pick of [[], ['--topology', 'Abilene']]) {
      const out = join(dir, `stored-${pick.length}.json`);
      const r = await run(['report', 'topology', '--db', stored, ...pick, '-o', out]);
      expect(r.code, r.stderr).toBe(0);
      const report = JSON.parse(readFileSync(out, 'utf8')) as Report;
      expect(report.provenance.dataSource).toMatch(/^stored topology "Abilene"/);
      const links = (r: Report) => r.sections.flatMap((s) => s.blocks).flatMap((b) => (b.type === 'table' && b.table.id === 'links' ? b.table.rows : []));
      expect(links(report)).toEqual(links(fromFile));
    }
  });

  it('writes the capacity plan of a NAB series as CSV with the forecast dates', async () => {
    const series = sharedPath('data', 'nab', 'ec2_network_in_5abac7.csv');
    const r = await run(['report', 'capacity', '--db', db, '--series', series, '--capacity', '2M', '--series-unit', 'bytes', '--format', 'csv', '-o', join(dir, 'plan.csv'), '--horizon', '120']);
    expect(r.code).toBe(0);
    // One table: written to exactly the path given.
    expect(r.stdout.trim()).toMatch(new RegExp(`^${join(dir, 'plan.csv')} `));
    const rows = parseCsv(readFileSync(join(dir, 'plan.csv'), 'utf8'));
    expect(rows.length).toBe(2);
    const cell = (key: string) => rows[1]![rows[0]!.indexOf(key)]!;
    expect(cell('link')).toBe('ec2_network_in_5abac7');
    expect(Number(cell('capacity'))).toBe(2e6);
    for (const key of ['cross_80', 'cross_80_earliest', 'cross_100', 'cross_100_earliest']) expect(cell(key)).toMatch(/^$|^\d{4}-\d{2}-\d{2}T00:00:00\.000Z$/);
    expect(['expected', 'already reached', 'possible (upper band)', 'not within 120 days']).toContain(cell('status_80'));
  });

  it.skipIf(!chromiumPath || !which('pdftoppm'))('prints the failure analysis of Abilene to PDF', async () => {
    const file = join(dir, 'failures.pdf');
    const r = await run(['report', 'failure', ...network, '--failures', 'link,node', '-o', file]);
    expect(r.code).toBe(0);
    const pages = pdfPages(file);
    expect(pages).toBeGreaterThanOrEqual(2);
    const ink = pageInk(file, mkdtempSync(join(dir, 'pages-')));
    expect(ink.length).toBe(pages);
    for (const share of ink) expect(share).toBeGreaterThan(0.004);
  }, 120_000);

  it('exits 1 with the reason and the alternative when no Chromium is there for a PDF', async () => {
    const file = join(dir, 'none.pdf');
    const r = await run(['report', 'topology', ...network, '-o', file], { CHROMIUM_PATH: join(dir, 'no-chromium') });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/PDF output needs a Chromium browser/);
    expect(r.stderr).toMatch(/--format html/);
    expect(existsSync(file)).toBe(false);
  });
});
