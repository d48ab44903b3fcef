// Traffic summary: volumes, rate over time by protocol, top talkers, applications, conversations,
// protocols and exporters for a time range and filter. The sections are shared with the capture
// review, which summarises the flows assembled from a capture the same way.
import type { Report, Section, Table } from '../model.js';
import type { TrafficData } from '../traffic-data.js';
import { describeSampling } from '../traffic-data.js';
import { isoOrNull, provenance, type ReportContext } from './report-context.js';

const volumeColumns = [
  { key: 'bytes', label: 'Bytes', kind: 'bytes' as const },
  { key: 'packets', label: 'Packets', kind: 'integer' as const },
  { key: 'flows', label: 'Flows', kind: 'integer' as const },
];

function share(bytes: number, total: number): number | null {
  return total > 0 ? bytes / total : null;
}

function ofCaption(shown: number, distinct: number, what: string): string {
  return shown < distinct ? `top ${shown} of ${distinct} ${what} by bytes` : `all ${distinct} ${what}, by bytes`;
}

/** How volumes from flows assembled in memory (traffic-aggregate.ts) are placed in time. */
export const SPREAD_NOTE = 'A flow’s volume is spread over the intervals its lifetime covers, in proportion to the overlap.';

export function trafficSections(data: TrafficData): Section[] {
  const total = data.totals.bytes;
  const spanSec = data.fromMs !== null && data.toMs !== null ? (data.toMs - data.fromMs) / 1000 : 0;
  const bucketSec = data.series.bucketMs / 1000;
  const seriesTable: Table = {
    id: 'volume-over-time',
    title: `Volume per ${bucketSec >= 60 ? `${bucketSec / 60}-minute` : `${bucketSec}-second`} interval by protocol`,
    columns: [{ key: 'time', label: 'Interval start', kind: 'time' }, ...data.series.byProtocol.map((p) => ({ key: p.name, label: `${p.name} bytes`, kind: 'bytes' as const })), { key: 'total', label: 'Total bytes', kind: 'bytes' }],
    rows: data.series.times.map((t, i) => {
      const row: Record<string, string | number | null> = { time: new Date(t).toISOString() };
      let sum = 0;
      for (const p of data.series.byProtocol) {
        row[p.name] = p.bytes[i] ?? 0;
        sum += p.bytes[i] ?? 0;
      }
      row.total = sum;
      return row;
    }),
  };
  return [
    {
      id: 'summary',
      title: 'Summary',
      blocks: [
        {
          type: 'metrics',
          metrics: [
            { id: 'bytes', label: 'Total volume', value: total, kind: 'bytes' },
            { id: 'packets', label: 'Packets', value: data.totals.packets, kind: 'integer' },
            { id: 'flows', label: 'Flows', value: data.totals.flows, kind: 'integer' },
            { id: 'average-rate', label: 'Average rate', value: spanSec > 0 ? (total * 8) / spanSec : null, kind: 'bits_per_second' },
            { id: 'sources', label: 'Source addresses', value: data.totals.sources, kind: 'integer' },
            { id: 'destinations', label: 'Destination addresses', value: data.totals.destinations, kind: 'integer' },
            { id: 'exporters', label: 'Exporters', value: data.totals.exporters, kind: 'integer' },
          ],
        },
      ],
    },
    {
      id: 'over-time',
      title: 'Traffic over time',
      blocks: [
        {
          type: 'chart',
          chart: {
            type: 'timeseries',
            id: 'rate-by-protocol',
            title: 'Rate by protocol (stacked)',
            valueKind: 'bits_per_second',
            mode: 'stacked',
            times: data.series.times,
            series: data.series.byProtocol.map((p) => ({ name: p.name, values: p.bytes.map((b) => (bucketSec > 0 ? (b * 8) / bucketSec : 0)) })),
          },
        },
      ],
    },
    {
      id: 'top-talkers',
      title: 'Top talkers',
      blocks: [
        { type: 'chart', chart: { type: 'bar', id: 'top-sources', title: 'Top sources by volume', valueKind: 'bytes', bars: data.topSources.map((s) => ({ label: s.address, value: s.bytes })) } },
        {
          type: 'table',
          table: {
            id: 'top-sources',
            title: 'Top sources',
            columns: [{ key: 'address', label: 'Source', kind: 'text' }, ...volumeColumns, { key: 'share', label: 'Share', kind: 'percent' }],
            rows: data.topSources.map((s) => ({ address: s.address, bytes: s.bytes, packets: s.packets, flows: s.flows, share: share(s.bytes, total) })),
            caption: ofCaption(data.topSources.length, data.distinct.sources, 'sources'),
          },
        },
        {
          type: 'table',
          table: {
            id: 'top-destinations',
            title: 'Top destinations',
            columns: [{ key: 'address', label: 'Destination', kind: 'text' }, ...volumeColumns, { key: 'share', label: 'Share', kind: 'percent' }],
            rows: data.topDestinations.map((s) => ({ address: s.address, bytes: s.bytes, packets: s.packets, flows: s.flows, share: share(s.bytes, total) })),
            caption: ofCaption(data.topDestinations.length, data.distinct.destinations, 'destinations'),
          },
        },
      ],
    },
    {
      id: 'applications',
      title: 'Applications and ports',
      blocks: [
        { type: 'chart', chart: { type: 'bar', id: 'top-applications', title: 'Top applications by volume', valueKind: 'bytes', bars: data.topApplications.map((a) => ({ label: a.application, value: a.bytes })) } },
        {
          type: 'table',
          table: {
            id: 'top-applications',
            title: 'Top applications (protocol and service port)',
            columns: [
              { key: 'application', label: 'Application', kind: 'text' },
              { key: 'protocol', label: 'Protocol', kind: 'integer' },
              { key: 'port', label: 'Port', kind: 'integer' },
              ...volumeColumns,
              { key: 'share', label: 'Share', kind: 'percent' },
            ],
            rows: data.topApplications.map((a) => ({ application: a.application, protocol: a.protocol, port: a.port, bytes: a.bytes, packets: a.packets, flows: a.flows, share: share(a.bytes, total) })),
            caption: `${ofCaption(data.topApplications.length, data.distinct.applications, 'applications')}; the service port is the well-known one of the pair, else the lower`,
          },
        },
        {
          type: 'table',
          table: {
            id: 'protocols',
            title: 'IP protocols',
            columns: [{ key: 'name', label: 'Protocol', kind: 'text' }, { key: 'protocol', label: 'Number', kind: 'integer' }, ...volumeColumns, { key: 'share', label: 'Share', kind: 'percent' }],
            rows: data.protocols.map((p) => ({ name: p.name, protocol: p.protocol, bytes: p.bytes, packets: p.packets, flows: p.flows, share: share(p.bytes, total) })),
          },
        },
      ],
    },
    {
      id: 'conversations',
      title: 'Conversations',
      blocks: [
        {
          type: 'table',
          table: {
            id: 'top-conversations',
            title: 'Top conversations (address pairs, both directions)',
            columns: [{ key: 'a', label: 'Address A', kind: 'text' }, { key: 'b', label: 'Address B', kind: 'text' }, ...volumeColumns, { key: 'share', label: 'Share', kind: 'percent' }],
            rows: data.topConversations.map((c) => ({ a: c.a, b: c.b, bytes: c.bytes, packets: c.packets, flows: c.flows, share: share(c.bytes, total) })),
            caption: ofCaption(data.topConversations.length, data.distinct.conversations, 'conversations'),
          },
        },
      ],
    },
    {
      id: 'exporters',
      title: 'Exporters and sampling',
      blocks: [
        {
          type: 'table',
          table: {
            id: 'exporters',
            title: 'Exporters',
            columns: [{ key: 'exporter', label: 'Exporter', kind: 'text' }, { key: 'source', label: 'Export protocol', kind: 'text' }, { key: 'sampling', label: 'Sampling rates', kind: 'text' }, ...volumeColumns],
            rows: data.exporters.map((e) => ({ exporter: e.exporter, source: e.source, sampling: e.samplingRates.map((r) => (r === 1 ? 'unsampled' : `1:${r}`)).join(' '), bytes: e.bytes, packets: e.packets, flows: e.flows })),
          },
        },
      ],
    },
    { id: 'over-time-data', title: 'Appendix: volume over time', blocks: [{ type: 'table', table: seriesTable }] },
  ];
}

export interface TrafficReportInput {
  data: TrafficData;
  filter: string | null;
  dataSource: string;
  /** The range the user asked for (null: all data); the data's own span is reported too. */
  from: string | null;
  to: string | null;
  notes?: string[];
}

export function trafficReport(ctx: ReportContext, input: TrafficReportInput): Report {
  const { data } = input;
  return {
    kind: 'traffic',
    title: 'Traffic summary',
    subtitle: data.totals.flows
      ? `${data.totals.flows} flows from ${isoOrNull(data.totals.firstFlowMs)?.replace('T', ' ').slice(0, 19)} to ${isoOrNull(data.totals.lastFlowMs)?.replace('T', ' ').slice(0, 19)} UTC`
      : 'No flows matched this range and filter',
    provenance: provenance(ctx, {
      from: input.from ?? isoOrNull(data.fromMs),
      to: input.to ?? isoOrNull(data.toMs),
      filter: input.filter,
      dataSource: input.dataSource,
      sampling: describeSampling(data.exporters),
      notes: [
        'Volumes are as exported multiplied by each flow’s sampling rate.',
        ...(input.notes ?? []),
      ],
    }),
    sections: trafficSections(data),
  };
}
