// Every report kind built from a known dataset by the real engines, rendered to HTML, CSV and
// JSON, and checked: sections and numbers in the HTML (and no external reference), each CSV
// table read back equal to the data it came from, the JSON equal to the model.
import { describe, expect, it } from 'vitest';
import { capacityReport } from '../../../src-main/report/collectors/capacity.js';
import { failureReport } from '../../../src-main/report/collectors/failure.js';
import { topologyReport } from '../../../src-main/report/collectors/topology.js';
import { trafficReport } from '../../../src-main/report/collectors/traffic.js';
import { parseCsv, renderCsvTables } from '../../../src-main/report/csv.js';
import { renderHtml } from '../../../src-main/report/html.js';
import { renderJson } from '../../../src-main/report/json.js';
import { reportTables, type Report } from '../../../src-main/report/model.js';
import { aggregateTraffic } from '../../../src-main/report/traffic-aggregate.js';
import { flowRecords } from '../../../src-worker/flow/record.js';
import { planLinkCapacity } from '../../../src-worker/report/capacity-forecast.js';
import { failureSweep } from '../../../src-worker/report/failure-sweep.js';
import { networkSnapshot } from '../../../src-worker/report/network-snapshot.js';
import { compileTopology } from '../../../src-worker/graph/compact-graph.js';
import { compileDemands } from '../../../src-worker/routing/demand-set.js';
import { allSingleFailures } from '../../../src-worker/routing/failures.js';
import { RoutingState } from '../../../src-worker/routing/routing-state.js';
import { planSweepChunks, sweepFailures } from '../../../src-worker/routing/sweep.js';
import { execFileSync } from 'node:child_process';
import { sharedMissingReason, sharedPresent } from '../../support/shared-data.js';
import { debianPython, pythonHasModule } from '../../support/tools.js';
import { csvColumn, expectCsvMatchesTable, externalReferences } from './report-check.js';
import { AFS_PCAP, captureFlows, captureReview, fixedContext, nabLinks, repetita } from './report-data.js';
import { captureReport } from '../../../src-main/report/collectors/capture.js';

const numpy = pythonHasModule('numpy');

function checkCommon(report: Report, sectionIds: string[]): string {
  const html = renderHtml(report);
  expect(externalReferences(html)).toEqual([]);
  for (const id of ['provenance', ...sectionIds]) expect(html).toContain(`id="${id}"`);
  for (const p of ['time-range', 'filter', 'data-source', 'sampling', 'version', 'generated']) expect(html).toMatch(new RegExp(`data-provenance="${p}">[^<]+<`));
  expect(html).toContain('0.0.0-test');
  expect(html).toContain('2026-01-02 03:04:05 UTC');
  // Every table is in the HTML with one row per data row, and in the CSV equal to the model.
  const csvs = new Map(renderCsvTables(report).map((t) => [t.id, t.csv]));
  for (const table of reportTables(report)) {
    const body = new RegExp(`<table id="table-${table.id}"[^]*?<tbody>([^]*?)</tbody>`).exec(html)?.[1] ?? '';
    expect((body.match(/<tr>/g) ?? []).length).toBe(Math.max(1, table.rows.length));
    expectCsvMatchesTable(csvs.get(table.id)!, table);
  }
  const json = JSON.parse(renderJson(report));
  expect(json.format).toBe('netweaver-report/1');
  expect(json.kind).toBe(report.kind);
  expect(json.sections.map((s: { id: string }) => s.id)).toEqual(report.sections.map((s) => s.id));
  return html;
}

/** The data-value of a metric tile in the HTML. */
function metricValue(html: string, id: string): string {
  return new RegExp(`data-metric="${id}" data-value="([^"]*)"`).exec(html)?.[1] ?? 'missing';
}

describe.skipIf(!sharedPresent)(`report kinds from known datasets ${sharedPresent ? '' : sharedMissingReason}`, () => {
  it('traffic summary of flows assembled from afs.pcap', async () => {
    const batches = await captureFlows(AFS_PCAP());
    const records = batches.flatMap(flowRecords);
    expect(records.length).toBeGreaterThan(5);
    const data = aggregateTraffic(batches, { topN: 5 });
    const report = trafficReport(fixedContext, { data, filter: null, dataSource: 'afs.pcap', from: null, to: null });
    const html = checkCommon(report, ['summary', 'over-time', 'top-talkers', 'applications', 'conversations', 'exporters', 'over-time-data']);
    // Numbers against a plain recount of the flow records.
    const totalBytes = records.reduce((n, r) => n + r.bytes * r.sampling_rate, 0);
    expect(Number(metricValue(html, 'bytes'))).toBe(totalBytes);
    expect(Number(metricValue(html, 'flows'))).toBe(records.length);
    const bySource = new Map<string, number>();
    for (const r of records) bySource.set(r.src_addr, (bySource.get(r.src_addr) ?? 0) + r.bytes);
    const expected = [...bySource.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 5);
    const csv = parseCsv(renderCsvTables(report).find((t) => t.id === 'top-sources')!.csv);
    expect(csvColumn(csv, 'address')).toEqual(expected.map((e) => e[0]));
    expect(csvColumn(csv, 'bytes').map(Number)).toEqual(expected.map((e) => e[1]));
    // The time series conserves volume: its buckets add up to the total.
    const seriesCsv = parseCsv(renderCsvTables(report).find((t) => t.id === 'volume-over-time')!.csv);
    const seriesTotal = csvColumn(seriesCsv, 'total').reduce((n, v) => n + Number(v), 0);
    expect(seriesTotal).toBeCloseTo(totalBytes, 3);
    expect(html).toContain('unsampled');
  });

  it('capture review of afs.pcap as the capture importer summarises it', async () => {
    const { summary, data } = await captureReview(AFS_PCAP());
    const report = captureReport(fixedContext, summary, data);
    const html = checkCommon(report, ['capture-overview', 'summary', 'top-talkers', 'conversations']);
    expect(Number(metricValue(html, 'packets'))).toBe(summary.packets);
    expect(Number(metricValue(html, 'flow-records'))).toBe(summary.flows.rows);
    // The traffic part is the flows the importer produced: one record per flow row.
    expect(Number(metricValue(html, 'flows'))).toBe(summary.flows.rows);
    expect(html).toContain('afs.pcap');
    expect(report.provenance.from).toBe(new Date(summary.timeSpan!.firstUs / 1000).toISOString());
  });

  it('topology snapshot of REPETITA Abilene routed by the routing engine', () => {
    const { topology, demands } = repetita('Abilene');
    const snapshot = networkSnapshot(topology, demands);
    const report = topologyReport(fixedContext, snapshot, { dataSource: 'Abilene.graph', demandSource: 'Abilene.0000.demands' });
    const html = checkCommon(report, ['summary', 'map', 'busiest-links', 'all-links']);
    expect((html.match(/<circle class="node"/g) ?? []).length).toBe(topology.nodes.length);
    expect((html.match(/<line class="link"/g) ?? []).length).toBe(topology.links.length);
    // Every demand is routed (Abilene is connected) and the load added over links equals Σ rate × hops ≥ Σ rate.
    const offered = demands.reduce((n, d) => n + d.rate, 0);
    expect(Number(metricValue(html, 'demand'))).toBeCloseTo(offered, 3);
    expect(Number(metricValue(html, 'unrouted'))).toBe(0);
    const links = parseCsv(renderCsvTables(report).find((t) => t.id === 'links')!.csv);
    const util = csvColumn(links, 'utilisation').map(Number);
    expect(Number(metricValue(html, 'mlu'))).toBeCloseTo(Math.max(...util), 12);
    const busiest = csvColumn(parseCsv(renderCsvTables(report).find((t) => t.id === 'busiest-links')!.csv), 'utilisation').map(Number);
    expect(busiest).toEqual([...util].sort((a, b) => b - a).slice(0, busiest.length));
    // Load on a link direction never exceeds the traffic offered, and loads are consistent with capacity.
    for (const l of snapshot.links) expect(l.loadAb).toBeLessThanOrEqual(offered + 1e-6);
  });

  it('failure analysis of Abilene: a node failure loses exactly the demands that start or end there', () => {
    const { topology, demands } = repetita('Abilene');
    const sweep = failureSweep(topology, demands);
    expect(sweep.scenarios.length).toBe(topology.links.length + topology.nodes.length);
    for (const node of topology.nodes) {
      const lost = demands.filter((d) => d.src === node.id || d.dst === node.id).reduce((n, d) => n + d.rate, 0);
      const s = sweep.scenarios.find((x) => x.kind === 'node' && x.id === node.id)!;
      expect(s.unroutedRate).toBeCloseTo(lost, 3);
    }
    // Abilene survives every single link failure without losing traffic.
    for (const s of sweep.scenarios.filter((x) => x.kind === 'link')) expect(s.unroutedRate).toBe(0);
    const report = failureReport(fixedContext, sweep, { dataSource: 'Abilene.graph', demandSource: 'Abilene.0000.demands' });
    const html = checkCommon(report, ['summary', 'worst-scenarios', 'link-worst-case', 'what-if-1', 'all-scenarios']);
    expect(Number(metricValue(html, 'scenarios'))).toBe(sweep.scenarios.length);
    const worstCase = parseCsv(renderCsvTables(report).find((t) => t.id === 'link-worst-case')!.csv);
    const base = csvColumn(worstCase, 'baseline').map(Number);
    const worst = csvColumn(worstCase, 'worst').map(Number);
    worst.forEach((w, i) => expect(w).toBeGreaterThanOrEqual(base[i]! - 1e-12));
    // The what-if map draws the failed element's links dashed.
    expect(html).toMatch(/stroke-dasharray="5 4"/);
  });

  it('failure analysis from parallel sweep chunks is the same as the sweep in one job', () => {
    const { topology, demands } = repetita('Abilene');
    const whole = failureSweep(topology, demands);
    const g = compileTopology(topology);
    const failures = allSingleFailures(g, ['link', 'node', 'srlg']);
    const state = RoutingState.create(g, compileDemands(g, demands, 'test'));
    const chunks = planSweepChunks(failures.length, 3).map((r) => sweepFailures(state, failures, r));
    expect(chunks.length).toBe(3);
    // Chunks arrive in any order from the pool.
    const merged = failureSweep(topology, demands, { chunks: [chunks[2]!, chunks[0]!, chunks[1]!] });
    expect(merged).toEqual(whole);
  });

  it.skipIf(!numpy)(`capacity plan of NAB EC2 traffic: daily peaks, trend and crossing dates checked against numpy${numpy ? '' : ' (needs Debian python3-numpy)'}`, () => {
    // Capacities put each link's observed peak at 70 % so the plan has something to find.
    const probe = nabLinks([1, 1, 1]);
    const peaks = probe.map((l) => Math.max(...l.series.values.filter(Number.isFinite)));
    const links = nabLinks(peaks.map((p) => p / 0.7));
    const plans = links.map((l) => planLinkCapacity(l, { horizonDays: 365 }));
    // One of the three series grows: the plan finds its crossings; none was reached in the history.
    expect(plans.filter((p) => p.crossings.every((c) => c.status === 'forecast')).length).toBeGreaterThanOrEqual(1);
    // Capacity at the observed peak / 0.9: 80 % was already reached, on the day the data first shows it.
    const tight = planLinkCapacity(nabLinks([peaks[0]! / 0.9, 1, 1])[0]!, { horizonDays: 30 });
    const c80 = tight.crossings.find((c) => c.threshold === 0.8)!;
    const firstIndex = links[0]!.series.values.findIndex((v) => v >= 0.8 * (peaks[0]! / 0.9));
    expect(c80.status).toBe('observed');
    expect(c80.atMs).toBe(links[0]!.series.startMs + firstIndex * 300_000);
    for (const [i, plan] of plans.entries()) {
      expect(plan.crossings.every((c) => c.status !== 'observed')).toBe(true);
      // Oracle: numpy recomputes the daily peaks (UTC days at least half measured) and, for the
      // trend method, the least-squares line; the first day the line reaches each threshold must
      // be the day the plan reports.
      const link = links[i]!;
      const script = `
import json, sys, numpy as np
d = json.load(sys.stdin)
t = np.array(d['start'] + np.arange(len(d['values'])) * d['step'], dtype=np.float64)
v = np.array([np.nan if x is None else x for x in d['values']])
day = np.floor(t / 86400000).astype(np.int64)
ok = ~np.isnan(v)
days = {}
for k, x in zip(day[ok], v[ok]):
    p, c = days.get(k, (-np.inf, 0)); days[k] = (max(p, x), c + 1)
per = round(86400000 / d['step'])
kept = sorted(k for k, (p, c) in days.items() if c >= per / 2)
grid = list(range(kept[0], kept[-1] + 1))
y = np.array([days[k][0] if k in kept else np.nan for k in grid])
x = np.arange(len(y)); m = ~np.isnan(y)
slope, icpt = np.polyfit(x[m], y[m], 1)
out = {'days': [int(k) * 86400000 for k in grid], 'peaks': [None if np.isnan(p) else float(p) for p in y], 'crossings': {}}
for th in (0.8, 1.0):
    lvl = th * d['capacity']
    hs = [h for h in range(1, 366) if max(0.0, icpt + slope * (len(y) - 1 + h)) >= lvl]
    out['crossings'][str(th)] = None if not hs else (grid[-1] + hs[0]) * 86400000
print(json.dumps(out))`;
      const values = link.series.values.map((v) => (Number.isFinite(v) ? v : null));
      const oracle = JSON.parse(execFileSync(debianPython, ['-c', script], { input: JSON.stringify({ start: link.series.startMs, step: 300_000, values, capacity: plan.capacity }), encoding: 'utf8' }));
      expect(plan.daily.dayMs).toEqual(oracle.days);
      plan.daily.peak.forEach((p, k) => (p === null ? expect(oracle.peaks[k]).toBeNull() : expect(p).toBeCloseTo(oracle.peaks[k], 6)));
      if (plan.method.startsWith('least-squares')) {
        for (const c of plan.crossings) expect(c.atMs).toBe(oracle.crossings[String(c.threshold === 1 ? '1.0' : c.threshold)]);
      }
    }
    const report = capacityReport(fixedContext, plans, { dataSource: 'NAB', horizonDays: 365 });
    const html = checkCommon(report, ['summary', 'plan', 'forecasts']);
    expect((html.match(/<svg class="chart timeseries-chart"/g) ?? []).length).toBe(plans.length);
    const table = parseCsv(renderCsvTables(report).find((t) => t.id === 'capacity-plan')!.csv);
    for (const plan of plans) {
      const row = table.find((r) => r[0] === plan.name)!;
      const c80 = plan.crossings.find((c) => c.threshold === 0.8)!;
      expect(row[table[0]!.indexOf('cross_80')]).toBe(c80.atMs === null ? '' : new Date(c80.atMs).toISOString());
      expect(Number(row[table[0]!.indexOf('peak_utilisation')])).toBeCloseTo(0.7, 9);
    }
  });
});
