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
import { fitHoltWinters, holtWintersForecast, holtWintersRun } from '../../../src-worker/ml/holt-winters.js';
import { fillShortGaps } from '../../../src-worker/ml/series.js';
import { sharedMissingReason, sharedPresent } from '../../support/shared-data.js';
import { csvColumn, expectCsvMatchesTable, externalReferences } from './report-check.js';
import { AFS_PCAP, captureFlows, fixedContext, nabLinks, repetita } from './report-data.js';

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

  it('capacity plan of NAB EC2 traffic forecast by Holt-Winters', () => {
    // Capacities put each link's observed peak at 70 % so the plan has something to find.
    const probe = nabLinks([1, 1]);
    const peaks = probe.map((l) => Math.max(...l.series.values.filter(Number.isFinite)));
    const links = nabLinks(peaks.map((p) => p / 0.7));
    const plans = links.map((l) => planLinkCapacity(l, { horizonDays: 60 }));
    for (const [i, plan] of plans.entries()) {
      expect(plan.method).toMatch(/Holt-Winters/);
      // Recompute the forecast with the ML engine directly and check each crossing date against it.
      const values = fillShortGaps({ name: 'x', startMs: links[i]!.series.startMs, stepMs: 300_000, values: Float64Array.from(links[i]!.series.values) }).series.values;
      const params = fitHoltWinters(values, 288, values.length);
      const state = holtWintersRun(values, 288, params);
      for (const c of plan.crossings) {
        expect(c.status).not.toBe('observed');
        const level = c.threshold * plan.capacity;
        const first = Array.from({ length: 60 * 288 }, (_, h) => Math.max(0, holtWintersForecast(state, values.length - 1, h + 1))).findIndex((v) => v >= level);
        if (first < 0) expect(c.status).toBe('none');
        else expect(c.atMs).toBe(plan.historyToMs + (first + 1) * 300_000);
      }
    }
    const report = capacityReport(fixedContext, plans, { dataSource: 'NAB', horizonDays: 60 });
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
