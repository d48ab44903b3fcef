// The HTML renderer: one self-contained file — inline CSS, inline SVG charts, no script, no
// font, image or stylesheet from anywhere — that opens offline and prints (and turns into the
// PDF) on A4. Tables carry the raw number of each cell in data-value, so the page can be checked
// (and scraped) without parsing formatted text.
import { escapeMarkup } from './markup.js';
import type { Block, Chart, Metric, Provenance, Report, Table } from './model.js';
import { barChartSvg, timeSeriesSvg } from './svg-charts.js';
import { topologySvg } from './svg-topology.js';
import { formatTime, formatValue } from './value-format.js';

const STYLE = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font: 13px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: #1a1a1a; margin: 0; background: #fff; }
main { max-width: 780px; margin: 0 auto; padding: 24px; }
h1 { font-size: 22px; margin: 0 0 2px; }
h2 { font-size: 16px; margin: 28px 0 8px; border-bottom: 2px solid #0072B2; padding-bottom: 3px; }
h3 { font-size: 13px; margin: 16px 0 6px; }
.subtitle { color: #555; margin: 0 0 12px; }
.provenance { border: 1px solid #ccc; background: #f7f7f7; padding: 8px 12px; margin: 12px 0; }
.provenance dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 0; }
.provenance dt { color: #555; }
.provenance dd { margin: 0; word-break: break-word; }
.provenance ul { margin: 6px 0 0; padding-left: 18px; color: #333; }
nav.toc ol { margin: 4px 0; padding-left: 20px; }
nav.toc a { color: #0b4f8a; text-decoration: none; }
.metrics { display: flex; flex-wrap: wrap; gap: 8px; margin: 8px 0; }
.metric { border: 1px solid #ddd; padding: 6px 10px; min-width: 130px; }
.metric .label { color: #555; font-size: 11px; }
.metric .value { font-size: 17px; font-weight: 600; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 4px; font-size: 12px; }
th, td { border-bottom: 1px solid #e2e2e2; padding: 3px 6px; text-align: left; vertical-align: top; }
th { background: #eef3f8; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
caption { caption-side: bottom; text-align: left; color: #666; font-size: 11px; padding-top: 3px; }
.chart { max-width: 100%; height: auto; display: block; margin: 6px 0; }
figure { margin: 10px 0; }
figcaption { font-weight: 600; font-size: 12px; }
p.note { color: #444; }
footer { color: #777; font-size: 11px; margin-top: 30px; border-top: 1px solid #ddd; padding-top: 6px; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  main { max-width: none; padding: 0; }
  h2 { break-after: avoid; }
  figure, .metrics, tr { break-inside: avoid; }
  thead { display: table-header-group; }
  nav.toc a { color: inherit; }
}`;

const NUMERIC = new Set(['integer', 'number', 'bytes', 'bits_per_second', 'percent']);

function provenanceHtml(p: Provenance): string {
  const range = p.from || p.to ? `${p.from ? formatTime(p.from) : 'start of data'} — ${p.to ? formatTime(p.to) : 'end of data'}` : 'not applicable';
  const rows: [string, string, string][] = [
    ['time-range', 'Time range', range],
    ['filter', 'Filter', p.filter && p.filter.trim() ? p.filter : 'none (all flows)'],
    ['data-source', 'Data source', p.dataSource],
    ['sampling', 'Sampling', p.sampling],
    ['version', 'NetWeaver version', p.version],
    ['generated', 'Generated', formatTime(p.generatedAt)],
  ];
  const dl = rows.map(([id, k, v]) => `<dt>${k}</dt><dd data-provenance="${id}">${escapeMarkup(v)}</dd>`).join('');
  const notes = p.notes.length ? `<ul>${p.notes.map((n) => `<li>${escapeMarkup(n)}</li>`).join('')}</ul>` : '';
  return `<section class="provenance" id="provenance" aria-label="How this report was made"><dl>${dl}</dl>${notes}</section>`;
}

function metricsHtml(metrics: Metric[]): string {
  return `<div class="metrics">${metrics
    .map((m) => `<div class="metric" data-metric="${escapeMarkup(m.id)}" data-value="${escapeMarkup(String(m.value ?? ''))}"><div class="label">${escapeMarkup(m.label)}</div><div class="value">${escapeMarkup(formatValue(m.value, m.kind))}</div></div>`)
    .join('')}</div>`;
}

export function tableHtml(table: Table): string {
  const head = table.columns.map((c) => `<th scope="col" data-key="${escapeMarkup(c.key)}"${NUMERIC.has(c.kind) ? ' class="num"' : ''}>${escapeMarkup(c.label)}</th>`).join('');
  const body = table.rows
    .map(
      (row) =>
        `<tr>${table.columns
          .map((c) => {
            const v = row[c.key] ?? null;
            const raw = v === null ? '' : String(v);
            return `<td data-key="${escapeMarkup(c.key)}" data-value="${escapeMarkup(raw)}"${NUMERIC.has(c.kind) ? ' class="num"' : ''}>${escapeMarkup(formatValue(v, c.kind))}</td>`;
          })
          .join('')}</tr>`,
    )
    .join('\n');
  const empty = table.rows.length === 0 ? `<tr><td colspan="${table.columns.length}">no rows</td></tr>` : '';
  const caption = table.caption ? `<caption>${escapeMarkup(table.caption)}</caption>` : '';
  return `<h3>${escapeMarkup(table.title)}</h3><table id="table-${escapeMarkup(table.id)}" data-table="${escapeMarkup(table.id)}">${caption}<thead><tr>${head}</tr></thead><tbody>${body}${empty}</tbody></table>`;
}

export function chartSvg(chart: Chart): string {
  switch (chart.type) {
    case 'bar':
      return barChartSvg(chart);
    case 'timeseries':
      return timeSeriesSvg(chart);
    case 'topology':
      return topologySvg(chart);
  }
}

function blockHtml(block: Block): string {
  switch (block.type) {
    case 'text':
      return `<p class="note">${escapeMarkup(block.text)}</p>`;
    case 'metrics':
      return metricsHtml(block.metrics);
    case 'table':
      return tableHtml(block.table);
    case 'chart':
      return `<figure data-chart="${escapeMarkup(block.chart.id)}"><figcaption>${escapeMarkup(block.chart.title)}</figcaption>${chartSvg(block.chart)}</figure>`;
  }
}

export function renderHtml(report: Report): string {
  const toc = report.sections.map((s) => `<li><a href="#${escapeMarkup(s.id)}">${escapeMarkup(s.title)}</a></li>`).join('');
  const sections = report.sections
    .map((s) => `<section class="report-section" id="${escapeMarkup(s.id)}" data-section="${escapeMarkup(s.id)}"><h2>${escapeMarkup(s.title)}</h2>${s.blocks.map(blockHtml).join('\n')}</section>`)
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="NetWeaver ${escapeMarkup(report.provenance.version)}">
<meta name="netweaver-report-kind" content="${report.kind}">
<title>${escapeMarkup(report.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<header><h1>${escapeMarkup(report.title)}</h1>${report.subtitle ? `<p class="subtitle">${escapeMarkup(report.subtitle)}</p>` : ''}</header>
${provenanceHtml(report.provenance)}
<nav class="toc" aria-label="Contents"><strong>Contents</strong><ol>${toc}</ol></nav>
${sections}
<footer>Generated by NetWeaver ${escapeMarkup(report.provenance.version)} on ${escapeMarkup(formatTime(report.provenance.generatedAt))}. This file is self-contained and opens offline.</footer>
</main>
</body>
</html>
`;
}
