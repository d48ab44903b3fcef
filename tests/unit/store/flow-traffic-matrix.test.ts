// Traffic matrix from flows in real DuckDB files: the shared suite, then the CLI end to end —
// `netweaver whatif/sweep --demands flows` on a stored topology, and on the topology `topo learn`
// derives from the same flows (devices named by exporter address, interfaces from flows).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../../src-main/store/open-store.js';
import { saveTopology } from '../../../src-main/store/topology-tables.js';
import { runCli } from '../../support/run-cli.js';
import { expectedRates, flowTrafficMatrixSuite, LOOPBACK, providerNetwork, providerTopology, T0_US, writeNetwork } from './flow-traffic-matrix-suite.js';

const dir = mkdtempSync(join(tmpdir(), 'nw-flow-matrix-'));
let n = 0;

describe('traffic matrix from stored flows (DuckDB)', () => {
  flowTrafficMatrixSuite(() => openStore({ db: join(dir, `m${n++}.duckdb`) }));
});

describe('netweaver whatif / sweep --demands flows', () => {
  it('loads links with the flow matrix, on a stored and on a learned topology', async () => {
    const db = join(dir, 'cli.duckdb');
    const net = providerNetwork();
    const store = await openStore({ db });
    await writeNetwork(store, net);
    await saveTopology(store, providerTopology(), []);
    await store.close();
    const from = new Date(T0_US / 1000).toISOString();
    const to = new Date(T0_US / 1000 + 3600e3).toISOString();
    const expected = expectedRates(net.streams, 3600);
    // Independent routing of the expected matrix on the tree A–B, B–C, B–D: a link direction X→Y
    // carries every demand whose path uses it.
    const via = (s: string, t: string) => (s === 'B' || t === 'B' ? [s, t] : [s, 'B', t]);
    const load: Record<string, number> = {};
    for (const [k, rate] of Object.entries(expected)) {
      const p = via(...(k.split('>') as [string, string]));
      for (let i = 0; i + 1 < p.length; i++) load[`${p[i]}>${p[i + 1]}`] = (load[`${p[i]}>${p[i + 1]}`] ?? 0) + rate;
    }
    const matrix = await runCli('topo', 'matrix', 'provider', '--db', db, '--from', from, '--to', to, '--json');
    expect(matrix.code, matrix.stderr).toBe(0);
    const got = JSON.parse(matrix.stdout) as { demands: { src: string; dst: string; rate: number }[] };
    expect(got.demands.length).toBe(Object.keys(expected).length);
    for (const d of got.demands) expect(d.rate).toBeCloseTo(expected[`${d.src}>${d.dst}`]!, 6);
    const shown = await runCli('topo', 'matrix', 'provider', '--db', db, '--from', from, '--to', to);
    expect(shown.stdout).toMatch(/not in the matrix: 4444 bytes .*no device was seen handing this destination to the outside \(e\.g\. 10\.0\.0\.1 → 203\.0\.113\.5\)/);
    const r = await runCli('whatif', '--db', db, '--topology', 'provider', '--demands', 'flows', '--flows-from', from, '--flows-to', to, '--change', 'metric:A:B=20', '--json');
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.trafficMatrix.demands).toBe(Object.keys(expected).length);
    expect(out.trafficMatrix.seconds).toBe(3600);
    for (const l of out.links as { from: string; to: string; loadBefore: number }[]) expect(l.loadBefore).toBeCloseTo(load[`${l.from}>${l.to}`] ?? 0, 3);
    const text = await runCli('sweep', '--db', db, '--topology', 'provider', '--demands', 'flows', '--flows-from', from, '--flows-to', to, '--flows-filter', 'proto = udp');
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/traffic matrix from stored flows .* demands/);
    expect(text.stdout).toMatch(/not in the matrix: 7777 bytes .* exporter is not a device of the topology|not in the matrix: .*output/);
    const usage = await runCli('whatif', '--db', db, '--topology', 'provider', '--flows-from', from, '--fail', 'node:B');
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/--flows-from goes with --demands flows/);
    // The learned topology names devices by exporter address; the matrix is the same.
    expect((await runCli('topo', 'learn', '--db', db, '--name', 'learned')).code).toBe(0);
    const learned = await runCli('whatif', '--db', db, '--topology', 'learned', '--demands', 'flows', '--flows-from', from, '--flows-to', to, '--scale', '1', '--json');
    expect(learned.code, learned.stderr).toBe(0);
    const byAddress = Object.fromEntries(Object.entries(LOOPBACK).map(([k, v]) => [v, k]));
    const lo = JSON.parse(learned.stdout);
    for (const l of lo.links as { from: string; to: string; loadBefore: number }[]) expect(l.loadBefore).toBeCloseTo(load[`${byAddress[l.from]}>${byAddress[l.to]}`] ?? 0, 3);
    // Every exporter is a learned device, so 10.9.9.9's record (unknown to the stored topology)
    // now maps: it enters there and leaves at D; that device has no links, so it is unrouted.
    expect(lo.trafficMatrix.mapped.bytes).toBe(out.trafficMatrix.mapped.bytes + 7777);
    expect(lo.trafficMatrix.unmapped.map((u: { reason: string }) => u.reason)).not.toContain('unknown-exporter');
    expect(lo.after.unroutedRate).toBeCloseTo((7777 * 8) / 3600, 6);
  });
});
