// Capacity plan: per link, the forecast of its traffic and the date it is expected to cross
// 80 % and 100 % of capacity (and the earliest date, from the forecast's upper band), soonest
// first, with a chart of history and forecast for the links that need attention.
import type { CapacityLinkPlan } from '../../../src-worker/report/capacity-forecast.js';
import type { Block, CellValue, Report } from '../model.js';
import { isoOrNull, provenance, type ReportContext } from './report-context.js';

export interface CapacityReportSource {
  dataSource: string;
  horizonDays: number;
  from?: string | null;
  to?: string | null;
  filter?: string | null;
  notes?: string[];
}

function crossing(plan: CapacityLinkPlan, threshold: number) {
  return plan.crossings.find((c) => Math.abs(c.threshold - threshold) < 1e-9);
}

/** Sort key: soonest expected (or observed) crossing of 80 %, then 100 %, then forecast peak. */
function urgency(plan: CapacityLinkPlan): number {
  const c = crossing(plan, 0.8);
  if (c?.atMs !== null && c?.atMs !== undefined) return c.atMs;
  if (c?.earliestMs !== null && c?.earliestMs !== undefined) return c.earliestMs + 1e15;
  return 2e15 - plan.forecastPeak / plan.capacity;
}

function dateCell(c: ReturnType<typeof crossing>): CellValue {
  return c && c.atMs !== null ? isoOrNull(c.atMs) : null;
}

function statusText(c: ReturnType<typeof crossing>, horizonDays: number): string {
  if (!c) return '';
  if (c.status === 'observed') return 'already reached';
  if (c.status === 'forecast') return 'expected';
  return c.earliestMs !== null ? 'possible (upper band)' : `not within ${horizonDays} days`;
}

export function capacityReport(ctx: ReportContext, plans: CapacityLinkPlan[], source: CapacityReportSource, charts = 8): Report {
  const sorted = [...plans].sort((x, y) => urgency(x) - urgency(y) || (x.name < y.name ? -1 : 1));
  const within = (t: number) => plans.filter((p) => {
    const c = crossing(p, t);
    return c && (c.status === 'observed' || c.status === 'forecast');
  }).length;
  const from = plans.length ? Math.min(...plans.map((p) => p.historyFromMs)) : null;
  const to = plans.length ? Math.max(...plans.map((p) => p.historyToMs)) : null;
  const chartBlocks: Block[] = sorted.slice(0, charts).map((p) => ({
    type: 'chart',
    chart: {
      type: 'timeseries',
      id: `forecast-${p.id}`,
      title: `${p.name} — ${p.method.split(',')[0]}`,
      valueKind: 'bits_per_second',
      mode: 'lines',
      times: p.chart.times,
      series: [
        { name: 'observed (peak)', values: p.chart.observed },
        { name: 'forecast', values: p.chart.forecast, dashed: true },
        { name: 'upper band (90 %)', values: p.chart.upper, dashed: true },
      ],
      thresholds: [
        { label: '100 %', value: p.capacity },
        { label: '80 %', value: 0.8 * p.capacity },
      ],
    },
  }));
  return {
    kind: 'capacity',
    title: 'Capacity plan',
    subtitle: `${plans.length} link${plans.length === 1 ? '' : 's'} forecast ${source.horizonDays} days ahead: ${within(0.8)} reach 80 % and ${within(1)} reach 100 % of capacity`,
    provenance: provenance(ctx, {
      from: source.from ?? isoOrNull(from),
      to: source.to ?? isoOrNull(to),
      filter: source.filter ?? null,
      dataSource: source.dataSource,
      sampling: 'as measured (flow volumes multiplied by their sampling rate before they became link series)',
      notes: [
        `Forecast horizon ${source.horizonDays} days after the last measurement. Expected dates come from the forecast itself, earliest dates from its one-sided 90 % upper band.`,
        ...[...new Set(plans.map((p) => p.method))].map((m) => `Method: ${m}.`),
        ...(source.notes ?? []),
      ],
    }),
    sections: [
      {
        id: 'summary',
        title: 'Summary',
        blocks: [
          {
            type: 'metrics',
            metrics: [
              { id: 'links', label: 'Links planned', value: plans.length, kind: 'integer' },
              { id: 'links-reaching-80', label: `Reach 80 % within ${source.horizonDays} d`, value: within(0.8), kind: 'integer' },
              { id: 'links-reaching-100', label: `Reach 100 % within ${source.horizonDays} d`, value: within(1), kind: 'integer' },
            ],
          },
        ],
      },
      {
        id: 'plan',
        title: 'When each link fills up',
        blocks: [
          {
            type: 'table',
            table: {
              id: 'capacity-plan',
              title: 'Links, soonest first',
              columns: [
                { key: 'link', label: 'Link', kind: 'text' },
                { key: 'capacity', label: 'Capacity', kind: 'bits_per_second' },
                { key: 'recent_peak', label: 'Peak, last day', kind: 'bits_per_second' },
                { key: 'observed_peak', label: 'Peak seen', kind: 'bits_per_second' },
                { key: 'peak_utilisation', label: 'Peak util.', kind: 'percent' },
                { key: 'growth_30d', label: 'Growth / 30 d', kind: 'percent' },
                { key: 'cross_80', label: '80 % on', kind: 'date' },
                { key: 'cross_80_earliest', label: '80 % earliest', kind: 'date' },
                { key: 'status_80', label: '80 %', kind: 'text' },
                { key: 'cross_100', label: '100 % on', kind: 'date' },
                { key: 'cross_100_earliest', label: '100 % earliest', kind: 'date' },
                { key: 'status_100', label: '100 %', kind: 'text' },
              ],
              rows: sorted.map((p) => {
                const c80 = crossing(p, 0.8);
                const c100 = crossing(p, 1);
                return {
                  link: p.name,
                  capacity: p.capacity,
                  recent_peak: p.recentPeak,
                  observed_peak: p.observedPeak,
                  peak_utilisation: p.observedPeak / p.capacity,
                  growth_30d: Number.isFinite(p.growthPer30Days) ? p.growthPer30Days : null,
                  cross_80: dateCell(c80),
                  cross_80_earliest: isoOrNull(c80?.earliestMs ?? null),
                  status_80: statusText(c80, source.horizonDays),
                  cross_100: dateCell(c100),
                  cross_100_earliest: isoOrNull(c100?.earliestMs ?? null),
                  status_100: statusText(c100, source.horizonDays),
                };
              }),
            },
          },
        ],
      },
      { id: 'forecasts', title: 'Forecasts', blocks: chartBlocks.length ? chartBlocks : [{ type: 'text', text: 'No links to forecast.' }] },
    ],
  };
}
