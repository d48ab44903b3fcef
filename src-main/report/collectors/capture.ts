// Capture review: what an imported capture contained — files, packets, time span, malformed
// packets by kind, non-IP traffic, telemetry exporters found inside — followed by the same
// traffic sections as the traffic summary, computed from the flows assembled from the capture.
import type { Report, Section } from '../model.js';
import type { TrafficData } from '../traffic-data.js';
import { describeSampling } from '../traffic-data.js';
import { provenance, type ReportContext } from './report-context.js';
import { SPREAD_NOTE, trafficSections } from './traffic.js';

/** The parts of the capture importer's summary (capture.import) this report reads. */
export interface CaptureReviewSummary {
  files: { path: string; format: string | null; compressed: boolean; fileBytes: number; packets: number; interfaces: { id: number; linkType: number; name: string | null; packets: number }[]; truncated: string | null; error: string | null }[];
  packets: number;
  bytes: number;
  ipPackets: number;
  nonIpPackets: number;
  nonIpByEtherType: Record<string, number>;
  flows: { rows: number; conversations: number; evictions: number };
  telemetry: { datagrams: number; records: number };
  errors: Record<string, number>;
  messages: string[];
  timeSpan: { firstUs: number; lastUs: number; seconds: number } | null;
  exporters: { exporter: string; protocols: string[]; datagrams: number; records: number }[];
  cancelled: boolean;
  config: { activeTimeoutS: number; idleTimeoutS: number; tcpEndTimeoutS: number; maxFlows: number; byteCount: 'ip' | 'frame' };
}

const LINK_TYPES: Record<number, string> = { 0: 'BSD loopback', 1: 'Ethernet', 9: 'PPP', 12: 'raw IP', 14: 'raw IP', 50: 'PPP/HDLC', 101: 'raw IP', 104: 'Cisco HDLC', 108: 'OpenBSD loopback', 113: 'Linux cooked (SLL)', 228: 'raw IPv4', 229: 'raw IPv6', 276: 'Linux cooked v2 (SLL2)' };

export function captureSections(summary: CaptureReviewSummary): Section[] {
  const seconds = summary.timeSpan?.seconds ?? 0;
  const errorRows = Object.entries(summary.errors).filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]);
  const sections: Section[] = [
    {
      id: 'capture-overview',
      title: 'What the capture contained',
      blocks: [
        {
          type: 'metrics',
          metrics: [
            { id: 'packets', label: 'Packets', value: summary.packets, kind: 'integer' },
            { id: 'captured-bytes', label: 'Bytes on the wire', value: summary.bytes, kind: 'bytes' },
            { id: 'duration', label: 'Duration (s)', value: seconds, kind: 'number' },
            { id: 'ip-packets', label: 'IP packets', value: summary.ipPackets, kind: 'integer' },
            { id: 'non-ip-packets', label: 'Non-IP packets', value: summary.nonIpPackets, kind: 'integer' },
            { id: 'flow-records', label: 'Flow records assembled', value: summary.flows.rows, kind: 'integer' },
            { id: 'telemetry-records', label: 'Telemetry records decoded', value: summary.telemetry.records, kind: 'integer' },
            { id: 'malformed', label: 'Malformed or problem packets', value: errorRows.reduce((n, [, c]) => n + c, 0), kind: 'integer' },
          ],
        },
        {
          type: 'table',
          table: {
            id: 'capture-files',
            title: 'Files',
            columns: [
              { key: 'file', label: 'File', kind: 'text' },
              { key: 'format', label: 'Format', kind: 'text' },
              { key: 'size', label: 'Size', kind: 'bytes' },
              { key: 'packets', label: 'Packets', kind: 'integer' },
              { key: 'link_types', label: 'Link types', kind: 'text' },
              { key: 'problem', label: 'Problem', kind: 'text' },
            ],
            rows: summary.files.map((f) => ({
              file: f.path.split('/').pop() ?? f.path,
              format: `${f.format ?? 'unknown'}${f.compressed ? ' (gzip)' : ''}`,
              size: f.fileBytes,
              packets: f.packets,
              link_types: [...new Set(f.interfaces.map((i) => LINK_TYPES[i.linkType] ?? `link type ${i.linkType}`))].join(', '),
              problem: f.error ?? f.truncated ?? '',
            })),
          },
        },
      ],
    },
  ];
  const problems: Section['blocks'] = [];
  if (errorRows.length) {
    problems.push({ type: 'table', table: { id: 'packet-problems', title: 'Problems by kind', columns: [{ key: 'kind', label: 'Kind', kind: 'text' }, { key: 'count', label: 'Count', kind: 'integer' }], rows: errorRows.map(([kind, count]) => ({ kind, count })) } });
  }
  const nonIp = Object.entries(summary.nonIpByEtherType).sort((a, b) => b[1] - a[1]);
  if (nonIp.length) {
    problems.push({ type: 'table', table: { id: 'non-ip', title: 'Non-IP packets by EtherType', columns: [{ key: 'ethertype', label: 'EtherType', kind: 'text' }, { key: 'packets', label: 'Packets', kind: 'integer' }], rows: nonIp.map(([ethertype, packets]) => ({ ethertype, packets })) } });
  }
  for (const m of summary.messages.slice(0, 10)) problems.push({ type: 'text', text: m });
  if (problems.length) sections.push({ id: 'capture-problems', title: 'Malformed packets and other traffic', blocks: problems });
  if (summary.exporters.length) {
    sections.push({
      id: 'telemetry',
      title: 'Flow telemetry inside the capture',
      blocks: [
        {
          type: 'table',
          table: {
            id: 'telemetry-exporters',
            title: 'Exporters whose NetFlow/IPFIX/sFlow packets were captured',
            columns: [{ key: 'exporter', label: 'Exporter', kind: 'text' }, { key: 'protocols', label: 'Protocols', kind: 'text' }, { key: 'datagrams', label: 'Datagrams', kind: 'integer' }, { key: 'records', label: 'Flow records', kind: 'integer' }],
            rows: summary.exporters.map((e) => ({ exporter: e.exporter, protocols: e.protocols.join(' '), datagrams: e.datagrams, records: e.records })),
          },
        },
      ],
    });
  }
  return sections;
}

export function captureReport(ctx: ReportContext, summary: CaptureReviewSummary, traffic: TrafficData): Report {
  const names = summary.files.map((f) => f.path.split('/').pop() ?? f.path);
  const c = summary.config;
  const span = summary.timeSpan;
  return {
    kind: 'capture',
    title: `Capture review — ${names.length === 1 ? names[0] : `${names.length} files`}`,
    subtitle: `${summary.packets} packets${span ? ` over ${span.seconds.toFixed(1)} s` : ''}, ${summary.flows.rows} flow records${summary.cancelled ? ' — import cancelled part-way; this covers what was read' : ''}`,
    provenance: provenance(ctx, {
      from: span ? new Date(span.firstUs / 1000).toISOString() : null,
      to: span ? new Date(span.lastUs / 1000).toISOString() : null,
      filter: null,
      dataSource: `capture file${names.length === 1 ? '' : 's'} ${summary.files.map((f) => f.path).join(', ')}`,
      sampling: summary.telemetry.records > 0 ? `packets: every packet captured; telemetry flows: ${describeSampling(traffic.exporters.filter((e) => e.source !== 'pcap'))}` : 'unsampled (every captured packet counted)',
      notes: [
        `Flows assembled from packets with idle timeout ${c.idleTimeoutS} s, active timeout ${c.activeTimeoutS} s, TCP end ${c.tcpEndTimeoutS} s, at most ${c.maxFlows} flows at once; bytes count ${c.byteCount === 'ip' ? 'IP packet lengths (as routers export)' : 'whole frames (as Wireshark shows)'}.`,
        SPREAD_NOTE,
        ...(summary.flows.evictions > 0 ? [`${summary.flows.evictions} flows were exported early because the flow cache was full.`] : []),
      ],
    }),
    sections: [...captureSections(summary), ...trafficSections(traffic)],
  };
}
