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

describe('netweaver topo learn', () => {
  it('learns devices and links from flows stored by the flow writer', async () => {
    const { openStore } = await import('../../../src-main/store/open-store.js');
    const { openFlowWriter } = await import('../../../src-main/store/flows/open-flow-writer.js');
    const { createFlowBatch } = await import('../../../src-worker/flow/record.js');
    const { parseAddress } = await import('../../../src-worker/flow/address.js');
    const path = join(dir, 'flows.duckdb');
    const store = await openStore({ db: path });
    const rows: [string, number, string][] = [
      ['10.0.0.1', 2, '10.0.0.2'],
      ['10.0.0.2', 5, '10.0.0.1'],
      ['10.0.0.2', 6, '10.0.0.3'],
      ['10.0.0.3', 1, '192.0.2.99'],
    ];
    const b = createFlowBatch(rows.length);
    const now = Date.now() * 1000;
    rows.forEach(([exporter, outIf, nextHop], i) => {
      b.time_start[i] = now - 1e6;
      b.time_end[i] = now;
      b.time_received[i] = now;
      b.exporter.set(parseAddress(exporter), i * 16);
      b.src_addr.set(parseAddress('198.51.100.1'), i * 16);
      b.dst_addr.set(parseAddress('198.51.100.2'), i * 16);
      b.next_hop.set(parseAddress(nextHop), i * 16);
      b.out_if[i] = outIf;
      b.in_if[i] = 1;
      b.bytes[i] = 1000 * (i + 1);
      b.packets[i] = 10;
    });
    b.length = rows.length;
    const writer = openFlowWriter(store);
    await writer.append(b);
    await writer.flush();
    await writer.close();
    await store.close();
    const r = await runCli('topo', 'learn', '--db', path, '--name', 'lab', '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ name: 'lab', devices: 3, links: 2, externalNextHops: { '10.0.0.3': 4000 } });
    const shown = JSON.parse((await runCli('topo', 'show', 'lab', '--db', path, '--json')).stdout);
    expect(shown.topology.links.map((l: { a: string; b: string; ba: unknown }) => [l.a, l.b, l.ba !== null])).toEqual([
      ['10.0.0.1', '10.0.0.2', true],
      ['10.0.0.2', '10.0.0.3', false],
    ]);
  });
});
