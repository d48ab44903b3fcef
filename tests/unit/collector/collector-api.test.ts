// The collector and flows areas through the service as every transport sees it (the in-process
// client serialises each message), then the CLI on the same database: start listeners, receive
// real datagrams over loopback, per-exporter stats, Prometheus metrics, queries with filters, and
// filter mistakes reported with their column.
import { createSocket } from 'node:dgram';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createInProcessClient } from '../../../src-main/api/in-process-transport.js';
import { NetWeaverHost } from '../../../src-main/host.js';
import { toPrometheusText } from '../../../src-main/metrics/prometheus-text.js';
import { netflowV5Packet, syntheticFlow, syntheticTotals } from '../../support/export-writers.js';
import { runCli } from '../../support/run-cli.js';

const cli = runCli;

describe('collector and flows API', () => {
  it('collects over loopback and answers status, exporters, metrics and queries; the CLI reads the same store', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'nw-api-')), 'api.duckdb');
    const host = new NetWeaverHost({ store: { db }, workers: 1 });
    const service = await host.start();
    const api = createInProcessClient(service, 'test');
    const statusEvents: number[] = [];
    api.on('collector.status', (s) => statusEvents.push(s.packets));
    const started = await api.call('collector.start', { netflow: [0], ipfix: [0], sflow: [0], bind: ['127.0.0.1'] });
    expect(started.running).toBe(true);
    const port = started.listeners.find((l) => l.protocol === 'netflow')!.port;
    const sender = createSocket('udp4');
    await new Promise<void>((r) => sender.bind(0, '127.0.0.1', () => r()));
    for (let i = 0; i < 10; i++) await new Promise<void>((r) => sender.send(netflowV5Packet(i * 30, i * 30, 30), port, '127.0.0.1', () => r()));
    const deadline = Date.now() + 10_000;
    while ((await api.call('collector.status', {})).rowsStored < 300 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const status = await api.call('collector.status', {});
    expect(status).toMatchObject({ packets: 10, rowsDecoded: 300, rowsStored: 300, rowsDropped: { queue_full: 0, store_error: 0, shutdown: 0 } });
    await new Promise((r) => setTimeout(r, 1100));
    expect(statusEvents.length).toBeGreaterThan(0);

    const exporterKey = `127.0.0.1:${sender.address().port}`;
    const { live } = await api.call('collector.exporters', {});
    expect(live).toHaveLength(1);
    expect(live[0]).toMatchObject({ exporter: exporterKey, packets: 10, records: 300, protocols: ['netflow5'], lostFlows: 0 });

    const metrics = toPrometheusText(service.context.metrics.collect());
    expect(metrics).toContain(`netweaver_collector_exporter_packets_total{exporter="${exporterKey}"} 10`);
    expect(metrics).toContain('netweaver_collector_rows_stored_total 300');
    expect(metrics).toContain('netweaver_collector_rows_dropped_total{reason="queue_full"} 0');

    const now = Date.now();
    const top = await api.call('flows.topN', { fromMs: now - 3600e3, toMs: now + 60e3, groupBy: ['dst_port'], top: 2, filter: 'protocol = tcp' });
    const expected = new Map<number, number>();
    for (let i = 0; i < 300; i++) { const f = syntheticFlow(i); if (f.protocol === 6) expected.set(f.dstPort, (expected.get(f.dstPort) ?? 0) + f.bytes); }
    const ranked = [...expected.entries()].sort((a, b) => b[1] - a[1]);
    expect(top.rows.filter((r) => !r.other).map((r) => [r.key.dst_port, r.bytes])).toEqual(ranked.slice(0, 2));
    expect(top.rows.at(-1)).toMatchObject({ other: true, bytes: ranked.slice(2).reduce((a, e) => a + e[1], 0) });

    await expect(api.call('flows.topN', { fromMs: now - 3600e3, toMs: now, filter: 'dst_port = 80 and' })).rejects.toMatchObject({ code: 'invalid_params', details: { column: 18 } });
    const check = await api.call('flows.checkFilter', { filter: 'protocol = tcpp' });
    expect(check).toMatchObject({ ok: false, column: 12 });
    expect((check as { error: string }).error).toMatch(/^filter: column 12: "tcpp" is not a value protocol can have/);
    expect(await api.call('flows.checkFilter', { filter: 'protocol = tcp' })).toEqual({ ok: true });
    await expect(api.call('flows.topN', { fromMs: now, toMs: now - 1 })).rejects.toMatchObject({ code: 'invalid_params' });

    const stopped = await api.call('collector.stop', {});
    expect(stopped.running).toBe(false);
    sender.close();
    api.close();
    await host.stop();

    // The CLI on the same file: --json, --csv, a filter mistake (exit 2 with a caret), exporters.
    const q = await cli('query', '--db', db, '--group-by', 'protocol', '--from', '2h', '--json');
    expect(q.code).toBe(0);
    const result = JSON.parse(q.stdout) as { total: { flows: number; bytes: number } };
    expect(result.total).toMatchObject({ flows: 300, bytes: syntheticTotals(0, 300).bytes });
    const csv = await cli('query', '--db', db, '--conversations', 'udp', '--csv', '--top', '1000');
    expect(csv.code).toBe(0);
    const lines = csv.stdout.trim().split('\n');
    expect(lines[0]).toBe('address_a,port_a,address_b,port_b,packets,bytes,packets_a_to_b,bytes_a_to_b,packets_b_to_a,bytes_b_to_a,start,duration_s');
    expect(lines.length - 1).toBe(Array.from({ length: 300 }, (_, i) => syntheticFlow(i)).filter((f) => f.protocol === 17).length);
    const bad = await cli('query', '--db', db, '--filter', 'src_addr << 10.0.0.0/40');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('filter: column 13:');
    expect(bad.stderr).toContain('            ^');
    const ex = await cli('exporters', '--db', db, '--json');
    expect(ex.code).toBe(0);
    const exporters = JSON.parse(ex.stdout) as { stored: Array<{ address: string }>; saved: Array<{ exporter: string; records: number }> };
    expect(exporters.stored.map((d) => d.address)).toEqual(['127.0.0.1']);
    expect(exporters.saved).toEqual([expect.objectContaining({ exporter: exporterKey, records: 300 })]);
  });
});
