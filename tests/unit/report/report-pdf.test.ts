// PDF and browser checks of every report kind: printed through the system Chromium, rendered
// back to images with pdftoppm (poppler) and checked for page count and for ink on every page;
// the HTML opened in Chromium with the network cut off, checked for zero requests and for the
// sections, tables and drawn charts a reader sees.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capacityReport } from '../../../src-main/report/collectors/capacity.js';
import { failureReport } from '../../../src-main/report/collectors/failure.js';
import { topologyReport } from '../../../src-main/report/collectors/topology.js';
import { trafficReport } from '../../../src-main/report/collectors/traffic.js';
import { renderHtml } from '../../../src-main/report/html.js';
import { reportTables, type Report } from '../../../src-main/report/model.js';
import { chromiumMissingMessage, renderPdf, ReportPdfError } from '../../../src-main/report/pdf.js';
import { aggregateTraffic } from '../../../src-main/report/traffic-aggregate.js';
import { planLinkCapacity } from '../../../src-worker/report/capacity-forecast.js';
import { failureSweep } from '../../../src-worker/report/failure-sweep.js';
import { networkSnapshot } from '../../../src-worker/report/network-snapshot.js';
import { artifactPath, chromiumMissingReason, chromiumPath, launchChromium } from '../../support/chromium.js';
import { sharedMissingReason, sharedPath, sharedPresent } from '../../support/shared-data.js';
import { missingToolReason, which } from '../../support/tools.js';
import { pageInk, pdfPages } from './report-check.js';
import { AFS_PCAP, captureFlows, captureReview, fixedContext, nabLinks, repetita } from './report-data.js';
import { captureReport } from '../../../src-main/report/collectors/capture.js';

const pdftoppm = which('pdftoppm');

async function knownReports(): Promise<Report[]> {
  const data = aggregateTraffic(await captureFlows(AFS_PCAP()), { topN: 10 });
  const { topology, demands } = repetita('Abilene');
  const source = { dataSource: 'REPETITA Abilene.graph', demandSource: 'Abilene.0000.demands' };
  const links = nabLinks([1, 1]);
  const peaks = links.map((l) => Math.max(...l.series.values.filter(Number.isFinite)));
  const plans = nabLinks(peaks.map((p) => p / 0.7)).map((l) => planLinkCapacity(l, { horizonDays: 60 }));
  const review = await captureReview(sharedPath('fixtures', 'pcap-tcpdump', 'pim-packet-assortment.pcap'));
  return [
    captureReport(fixedContext, review.summary, review.data),
    trafficReport(fixedContext, { data, filter: null, dataSource: 'afs.pcap', from: null, to: null }),
    topologyReport(fixedContext, networkSnapshot(topology, demands), source),
    failureReport(fixedContext, failureSweep(topology, demands), source),
    capacityReport(fixedContext, plans, { dataSource: 'NAB EC2 series', horizonDays: 60 }),
  ];
}

describe('PDF without a browser', () => {
  it('says plainly that Chromium is needed and how to get it', async () => {
    const saved = process.env.CHROMIUM_PATH;
    process.env.CHROMIUM_PATH = '/nonexistent/chromium';
    try {
      await expect(renderPdf('<p>x</p>', { title: 't' })).rejects.toThrow(ReportPdfError);
      await expect(renderPdf('<p>x</p>', { title: 't' })).rejects.toThrow(/needs a Chromium browser.*apt install chromium.*--format html/s);
      expect(chromiumMissingMessage()).toContain('CHROMIUM_PATH=/nonexistent/chromium does not exist');
    } finally {
      if (saved === undefined) delete process.env.CHROMIUM_PATH;
      else process.env.CHROMIUM_PATH = saved;
    }
  });
});

describe.skipIf(!sharedPresent || !chromiumPath || !pdftoppm)(
  `reports as PDF and in a browser ${!sharedPresent ? sharedMissingReason : !chromiumPath ? chromiumMissingReason : !pdftoppm ? missingToolReason('pdftoppm (poppler-utils)') : ''}`,
  () => {
    let reports: Report[] = [];
    const work = mkdtempSync(join(tmpdir(), 'nw-report-pdf-'));
    beforeAll(async () => {
      reports = await knownReports();
    });
    afterAll(() => rmSync(work, { recursive: true, force: true }));

    it('prints every kind to a PDF whose every page has ink', async () => {
      for (const report of reports) {
        const pdf = await renderPdf(renderHtml(report), { title: report.title });
        expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
        const file = artifactPath(`report-${report.kind}.pdf`);
        writeFileSync(file, pdf);
        const pages = pdfPages(file);
        // At least one page; long appendix tables make more, but never one per row.
        const rows = reportTables(report).reduce((n, t) => n + t.rows.length, 0);
        expect(pages).toBeGreaterThanOrEqual(1);
        expect(pages).toBeLessThanOrEqual(2 + Math.ceil(rows / 20) + report.sections.length);
        const dir = mkdtempSync(join(work, `${report.kind}-`));
        const ink = pageInk(file, dir);
        expect(ink.length).toBe(pages);
        for (const share of ink) expect(share).toBeGreaterThan(0.004);
        // The first page carries the title block and provenance: clearly more than a footer.
        expect(ink[0]!).toBeGreaterThan(0.02);
      }
    }, 180_000);

    it('opens every kind offline in Chromium with no request, its sections, tables and charts drawn', async () => {
      const browser = await launchChromium();
      try {
        for (const report of reports) {
          const context = await browser.newContext({ offline: true });
          const page = await context.newPage();
          const requests: string[] = [];
          page.on('request', (r) => {
            if (!r.url().startsWith('data:') && r.url() !== 'about:blank') requests.push(r.url());
          });
          const html = renderHtml(report);
          writeFileSync(artifactPath(`report-${report.kind}.html`), html);
          await page.setContent(html, { waitUntil: 'load' });
          expect(requests).toEqual([]);
          const seen = await page.evaluate(() => ({
            title: document.querySelector('h1')?.textContent ?? '',
            sections: [...document.querySelectorAll('section.report-section')].map((s) => s.id),
            tables: [...document.querySelectorAll('table[data-table]')].map((t) => ({ id: t.getAttribute('data-table'), rows: t.querySelectorAll('tbody tr').length })),
            charts: [...document.querySelectorAll('svg.chart')].map((svg) => {
              const box = svg.getBoundingClientRect();
              return { kind: svg.getAttribute('class') ?? '', bars: svg.querySelectorAll('g.bar').length, width: box.width, height: box.height, marks: svg.querySelectorAll('rect, line, polyline, polygon, circle').length };
            }),
          }));
          expect(seen.title).toBe(report.title);
          expect(seen.sections).toEqual(report.sections.map((s) => s.id));
          expect(seen.tables).toEqual(reportTables(report).map((t) => ({ id: t.id, rows: Math.max(1, t.rows.length) })));
          expect(seen.charts.length).toBe(report.sections.flatMap((sec) => sec.blocks).filter((b) => b.type === 'chart').length);
          for (const [k, b] of report.sections.flatMap((sec) => sec.blocks).filter((b) => b.type === 'chart').entries()) {
            if (b.type === 'chart' && b.chart.type === 'bar') expect(seen.charts[k]!.bars).toBe(b.chart.bars.length);
          }
          for (const c of seen.charts) {
            expect(c.width).toBeGreaterThan(100);
            expect(c.height).toBeGreaterThan(50);
            // A bar per row of its data; axes, grid and series for the others.
            if (c.kind.includes('bar-chart')) expect(c.marks).toBeGreaterThanOrEqual(c.bars);
            else expect(c.marks).toBeGreaterThan(2);
          }
          await context.close();
        }
      } finally {
        await browser.close();
      }
    }, 120_000);
  },
);
