// `netweaver sim` as an engineer runs it: the built CLI in a child process, --json output, exit
// codes, exporting to a collector on loopback (a real UDP socket here counts the datagrams).
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseExportUrl } from '../../../src-main/cli/commands/sim.js';
import { udpCounter } from './udp-counter.js';
import { runCli } from '../../support/run-cli.js';
import { sharedPath, sharedPresent } from '../../support/shared-data.js';

const run = (...args: string[]) => runCli('sim', ...args);

const db = () => join(mkdtempSync(join(tmpdir(), 'nw-sim-cli-')), 'sim.duckdb');

describe('netweaver sim', () => {
  it('exports a simulated network to a collector and reports what it sent (--json)', async () => {
    const receiver = await udpCounter();
    const port = receiver.port;
    const { code, stdout, stderr } = await run('--topology', 'leaf-spine', '--nodes', '20', '--steps', '6', '--seed', '4', '--db', db(), '--no-store',
      '--export', `udp://127.0.0.1:${port}`, '--format', 'netflow9', '--rate', '100000', '--json');
    expect(stderr).not.toMatch(/error/i);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    const datagrams = await receiver.close(out.export.datagrams);
    expect(out.network).toMatchObject({ nodes: 20, connected: true });
    expect(out.nextStep - out.fromStep).toBe(6);
    expect(out.export.format).toBe('netflow9');
    expect(out.export.sendErrors).toBe(0);
    expect(out.export.flows).toBe(out.totals.flows);
    expect(datagrams).toBe(out.export.datagrams);
    expect(out.totals.offeredBits).toBeCloseTo(out.totals.deliveredBits + out.totals.droppedBits + out.totals.unroutableBits, -3);
  });

  it('same seed, same run', async () => {
    const a = JSON.parse((await run('--topology', 'ring', '--nodes', '10', '--steps', '3', '--seed', '9', '--start', '2026-01-05T00:00:00Z', '--db', db(), '--no-store', '--export', 'udp://127.0.0.1:9', '--json')).stdout);
    const b = JSON.parse((await run('--topology', 'ring', '--nodes', '10', '--steps', '3', '--seed', '9', '--start', '2026-01-05T00:00:00Z', '--db', db(), '--no-store', '--export', 'udp://127.0.0.1:9', '--json')).stdout);
    expect(a.totals).toEqual(b.totals);
    expect(a.events).toEqual(b.events);
    expect(a.start).toBe('2026-01-05T00:00:00.000Z');
  });

  it.skipIf(!sharedPresent)('runs an imported topology file with its demands', async () => {
    const { code, stdout } = await run('--topology', sharedPath('data/repetita/Abilene.graph'), '--demands', sharedPath('data/repetita/Abilene.0000.demands'),
      '--steps', '2', '--db', db(), '--no-store', '--export', 'udp://127.0.0.1:9', '--json');
    expect(code).toBe(0);
    const declared = Number(/^NODES\s+(\d+)/m.exec(readFileSync(sharedPath('data/repetita/Abilene.graph'), 'utf8'))![1]);
    expect(JSON.parse(stdout).network.nodes).toBe(declared);
  });

  it('exit 2 on usage mistakes, 1 on a missing file, with the reason', async () => {
    const badFormat = await run('--export', 'udp://127.0.0.1:2055', '--format', 'netflow8');
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr).toMatch(/--format must be one of/);
    expect((await run('--nodes', 'many')).code).toBe(2);
    expect((await run('--rate', '10')).code).toBe(2);
    const missing = await run('--topology', '/nonexistent/net.graphml', '--db', db(), '--json');
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.stdout).error.message).toMatch(/^sim: cannot read the topology file/);
  });

  it('parses collector addresses', () => {
    expect(parseExportUrl('udp://127.0.0.1:9995', 'ipfix')).toEqual({ host: '127.0.0.1', port: 9995 });
    expect(parseExportUrl('udp://[::1]', 'sflow')).toEqual({ host: '::1', port: 6343 });
    expect(parseExportUrl('collector.lab', 'netflow5')).toEqual({ host: 'collector.lab', port: 2055 });
    expect(() => parseExportUrl('udp://a:b:c', 'ipfix')).toThrow(/udp:\/\/HOST:PORT/);
  });
});
