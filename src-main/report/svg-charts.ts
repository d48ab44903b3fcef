// Inline SVG charts for reports: horizontal bars (top-N) and time series (stacked areas or
// lines with threshold rules). Hand-written so a report is one self-contained file with no
// script and no external resource; charts stay crisp in print and PDF.
import { coord, escapeMarkup } from './markup.js';
import type { BarChart, TimeSeriesChart } from './model.js';
import { formatTime, formatValue, niceTicks } from './value-format.js';

/** Colour-blind-safe palette (Okabe–Ito), repeated for more series. */
export const SERIES_COLOURS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000', '#999999'];

const FONT = 'font-family="system-ui, sans-serif"';

export function barChartSvg(chart: BarChart, width = 720): string {
  const bars = chart.bars;
  const rowHeight = 22;
  const labelWidth = 210;
  const valueWidth = 90;
  const plotWidth = width - labelWidth - valueWidth - 10;
  const height = Math.max(1, bars.length) * rowHeight + 30;
  const max = Math.max(0, ...bars.map((b) => b.value));
  const parts: string[] = [];
  parts.push(`<svg class="chart bar-chart" id="chart-${escapeMarkup(chart.id)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeMarkup(chart.title)}">`);
  parts.push(`<title>${escapeMarkup(chart.title)}</title>`);
  if (bars.length === 0) {
    parts.push(`<text x="10" y="20" ${FONT} font-size="12" fill="#555">no data in this range</text>`);
  }
  bars.forEach((bar, i) => {
    const y = 10 + i * rowHeight;
    const w = max > 0 ? (bar.value / max) * plotWidth : 0;
    const label = bar.label.length > 32 ? `${bar.label.slice(0, 31)}…` : bar.label;
    parts.push(
      `<g class="bar" data-label="${escapeMarkup(bar.label)}" data-value="${bar.value}">` +
        `<text x="${labelWidth - 6}" y="${y + 15}" text-anchor="end" ${FONT} font-size="12" fill="#222">${escapeMarkup(label)}</text>` +
        `<rect x="${labelWidth}" y="${y + 3}" width="${coord(Math.max(w, bar.value > 0 ? 1 : 0))}" height="${rowHeight - 6}" fill="${SERIES_COLOURS[0]}"/>` +
        `<text x="${coord(labelWidth + w + 6)}" y="${y + 15}" ${FONT} font-size="12" fill="#222">${escapeMarkup(formatValue(bar.value, chart.valueKind))}</text>` +
        `</g>`,
    );
  });
  parts.push('</svg>');
  return parts.join('');
}

interface Frame {
  left: number;
  top: number;
  width: number;
  height: number;
}

function timeTicks(t0: number, t1: number, count = 6): number[] {
  if (t1 <= t0) return [t0];
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push(t0 + ((t1 - t0) * i) / (count - 1));
  return out;
}

function shortTime(ms: number, spanMs: number): string {
  const full = formatTime(ms).replace(' UTC', '');
  if (spanMs > 3 * 86_400_000) return full.slice(0, 10);
  if (spanMs > 86_400_000) return full.slice(5, 16);
  return spanMs > 2 * 3_600_000 ? full.slice(11, 16) : full.slice(11, 19);
}

export function timeSeriesSvg(chart: TimeSeriesChart, width = 720, height = 280): string {
  const frame: Frame = { left: 80, top: 14, width: width - 100, height: height - 74 };
  const { times, series } = chart;
  const n = times.length;
  const stacked = chart.mode === 'stacked';
  // Stacked: cumulative sums per time; lines: the values themselves.
  const layers: number[][] = [];
  const base = new Array<number>(n).fill(0);
  for (const s of series) {
    const top = s.values.map((v, i) => (stacked ? (base[i] ?? 0) + (v ?? 0) : (v ?? NaN)));
    layers.push(top);
    if (stacked) top.forEach((v, i) => (base[i] = v));
  }
  const finite = layers.flat().filter((v) => Number.isFinite(v));
  const thresholdMax = Math.max(0, ...(chart.thresholds ?? []).map((t) => t.value));
  const ticks = niceTicks(Math.max(0, ...finite, thresholdMax));
  const yMax = ticks.at(-1) ?? 1;
  const t0 = times[0] ?? 0;
  const t1 = times.at(-1) ?? 1;
  const x = (t: number) => frame.left + (t1 > t0 ? ((t - t0) / (t1 - t0)) * frame.width : frame.width / 2);
  const y = (v: number) => frame.top + frame.height - (v / yMax) * frame.height;

  const parts: string[] = [];
  parts.push(`<svg class="chart timeseries-chart" id="chart-${escapeMarkup(chart.id)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeMarkup(chart.title)}">`);
  parts.push(`<title>${escapeMarkup(chart.title)}</title>`);
  for (const tick of ticks) {
    parts.push(`<line x1="${frame.left}" x2="${frame.left + frame.width}" y1="${coord(y(tick))}" y2="${coord(y(tick))}" stroke="#ddd"/>`);
    parts.push(`<text x="${frame.left - 6}" y="${coord(y(tick) + 4)}" text-anchor="end" ${FONT} font-size="11" fill="#444">${escapeMarkup(formatValue(tick, chart.valueKind))}</text>`);
  }
  for (const t of timeTicks(t0, t1)) {
    parts.push(`<text x="${coord(x(t))}" y="${frame.top + frame.height + 16}" text-anchor="middle" ${FONT} font-size="11" fill="#444">${escapeMarkup(shortTime(t, t1 - t0))}</text>`);
  }
  if (n === 0) parts.push(`<text x="${frame.left + 10}" y="${frame.top + 20}" ${FONT} font-size="12" fill="#555">no data in this range</text>`);
  layers.forEach((top, k) => {
    const colour = SERIES_COLOURS[k % SERIES_COLOURS.length];
    const name = escapeMarkup(series[k]?.name ?? '');
    if (stacked && n > 0) {
      const below = k === 0 ? new Array<number>(n).fill(0) : (layers[k - 1] ?? []);
      const upper = top.map((v, i) => `${coord(x(times[i] ?? 0))},${coord(y(v))}`);
      const lower = below.map((v, i) => `${coord(x(times[i] ?? 0))},${coord(y(v))}`).reverse();
      parts.push(`<polygon class="series" data-series="${name}" points="${upper.concat(lower).join(' ')}" fill="${colour}" fill-opacity="0.75" stroke="${colour}" stroke-width="0.5"/>`);
    } else {
      // Lines break at gaps (null) instead of bridging them.
      const runs: string[] = [];
      let run: string[] = [];
      top.forEach((v, i) => {
        if (Number.isFinite(v)) run.push(`${coord(x(times[i] ?? 0))},${coord(y(v))}`);
        else if (run.length) {
          runs.push(run.join(' '));
          run = [];
        }
      });
      if (run.length) runs.push(run.join(' '));
      const dash = series[k]?.dashed ? ' stroke-dasharray="5 3"' : '';
      for (const points of runs) {
        parts.push(`<polyline class="series" data-series="${name}" points="${points}" fill="none" stroke="${colour}" stroke-width="1.6"${dash}/>`);
      }
    }
  });
  for (const t of chart.thresholds ?? []) {
    parts.push(`<line class="threshold" x1="${frame.left}" x2="${frame.left + frame.width}" y1="${coord(y(t.value))}" y2="${coord(y(t.value))}" stroke="#c00" stroke-dasharray="4 3"/>`);
    parts.push(`<text x="${frame.left + frame.width - 4}" y="${coord(y(t.value) - 4)}" text-anchor="end" ${FONT} font-size="11" fill="#c00">${escapeMarkup(t.label)}</text>`);
  }
  parts.push(`<rect x="${frame.left}" y="${frame.top}" width="${frame.width}" height="${frame.height}" fill="none" stroke="#999"/>`);
  // Legend under the axis.
  let lx = frame.left;
  const ly = height - 18;
  series.forEach((s, k) => {
    const colour = SERIES_COLOURS[k % SERIES_COLOURS.length];
    const label = s.name.length > 28 ? `${s.name.slice(0, 27)}…` : s.name;
    parts.push(`<rect x="${lx}" y="${ly - 9}" width="10" height="10" fill="${colour}"/><text x="${lx + 14}" y="${ly}" ${FONT} font-size="11" fill="#222">${escapeMarkup(label)}</text>`);
    lx += 24 + label.length * 6.2;
  });
  parts.push('</svg>');
  return parts.join('');
}
