// The routing commands as an engineer runs them (the built CLI in a child process): import into
// a real DuckDB file, then route / whatif / sweep / optimize on it or straight from a file, with
// --json output, exit codes 0/1/2 and clear errors for broken files.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportTopologyJson } from '../../../src-worker/graph/topology-json.js';
import { runCli } from '../../support/run-cli.js';
import { diamond } from '../routing/small-networks.js';

const dir = mkdtempSync(join(tmpdir(), 'nw-routing-cli-'));
const db = join(dir, 'r.duckdb');
const file = join(dir, 'diamond.json');
writeFileSync(
  file,
  exportTopologyJson(diamond, [
    { id: 'AE', src: 'A', dst: 'E', rate: 40 },
    { id: 'BE', src: 'B', dst: 'E', rate: 10 },
    { id: 'EA', src: 'E', dst: 'A', rate: 4 },
  ]),
);

describe('netweaver topo / route / whatif / sweep / optimize', () => {
  it('imports a topology, lists and exports it', async () => {
    const imp = await runCli('topo', 'import', file, '--db', db, '--json');
    expect(imp.code).toBe(0);
    expect(JSON.parse(imp.stdout)).toMatchObject({ name: 'diamond', devices: 5, links: 5, demands: 3 });
    const list = await runCli('topo', 'list', '--db', db, '--json');
    expect(JSON.parse(list.stdout).map((t: { name: string }) => t.name)).toContain('diamond');
    const exp = await runCli('topo', 'export', 'diamond', '--db', db);
    expect(JSON.parse(exp.stdout).links).toEqual(JSON.parse(JSON.stringify(diamond.links)));
  });

  it('routes on the stored topology: k paths, ECMP split, avoidance', async () => {
    const r = await runCli('route', '--db', db, '--topology', 'diamond', '--from', 'A', '--to', 'E', '-k', '3', '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.paths.map((p: { cost: number }) => p.cost)).toEqual([3, 3]);
    expect(out.ecmp.map((e: { share: number }) => e.share)).toEqual([0.5, 0.5]);
    const avoid = JSON.parse((await runCli('route', '--db', db, '--from', 'A', '--to', 'E', '--avoid', 'node:B', '--json')).stdout);
    expect(avoid.paths[0].nodes).toEqual(['A', 'C', 'D', 'E']);
    const text = await runCli('route', '--db', db, '--from', 'A', '--to', 'E');
    expect(text.stdout).toMatch(/IGP ECMP today \(2 paths\)/);
  });

  it('whatif straight from a file, with text and --json output', async () => {
    const r = await runCli('whatif', '--db', db, '--topology', file, '--fail', 'link:A:B', '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.changedPathCount).toBe(2);
    expect(out.links.find((l: { from: string; to: string }) => l.from === 'A' && l.to === 'C').loadAfter).toBe(40);
    const text = await runCli('whatif', '--db', db, '--topology', file, '--change', 'capacity:D:E=100');
    expect(text.stdout).toMatch(/MLU 100\.0% .* → 50\.0%/);
  });

  it('sweep and optimize', async () => {
    const s = JSON.parse((await runCli('sweep', '--db', db, '--topology', file, '--json')).stdout);
    expect(s.failuresEvaluated).toBe(11);
    expect(s.links.find((l: { from: string; to: string }) => l.from === 'A' && l.to === 'C')).toMatchObject({ worstUtilisation: 0.5, worstFailure: 'link L2' });
    const o = JSON.parse((await runCli('optimize', '--db', db, '--topology', file, '--seconds', '1', '--json')).stdout);
    expect(o.after.mlu).toBeLessThanOrEqual(o.before.mlu);
  });

  it('exits 2 on usage mistakes and 1 with a clear message on broken input', async () => {
    expect((await runCli('route', '--db', db, '--from', 'A')).code).toBe(2);
    expect((await runCli('whatif', '--db', db)).code).toBe(2);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{\n  "nodes": [{ "id": "a" }],\n  "links": [\n    { "id": "x", "a": "a", "b": "ghost", "capacity": -1 }\n  ]\n}\n');
    const r = await runCli('topo', 'import', bad, '--db', db);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/json: .*bad\.json:4: link "x" refers to node "ghost", which is not declared/);
    const unknown = await runCli('route', '--db', db, '--from', 'A', '--to', 'Zed');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/no node "Zed"/);
  });
});
