// The catalogue of report kinds for the UI and `netweaver report --help`: what each shows and
// which inputs it reads.
import { REPORT_FORMATS, REPORT_KIND_TITLES, type ReportFormat, type ReportKind } from './model.js';

export interface ReportKindDescription {
  kind: ReportKind;
  title: string;
  description: string;
  inputs: { field: string; required: boolean; description: string }[];
  formats: ReportFormat[];
}

const range = [
  { field: 'from', required: false, description: 'start of the time range (ISO 8601, date, epoch, -24h)' },
  { field: 'to', required: false, description: 'end of the time range' },
  { field: 'filter', required: false, description: 'flow filter expression' },
];
const network = [
  { field: 'topology', required: true, description: 'topology file: GraphML, REPETITA .graph, containerlab YAML or NetWeaver JSON' },
  { field: 'demands', required: true, description: 'traffic matrix: REPETITA .demands, JSON or CSV src,dst,rate' },
];

export const REPORT_KIND_CATALOGUE: ReportKindDescription[] = [
  {
    kind: 'traffic',
    title: REPORT_KIND_TITLES.traffic,
    description: 'Volumes, rate over time by protocol, top talkers, applications, conversations, protocols and exporters with their sampling, for a time range and filter.',
    inputs: [...range, { field: 'top', required: false, description: 'rows per top-N table (default 10)' }, { field: 'captures', required: false, description: 'summarise capture files instead of the flow store' }],
    formats: [...REPORT_FORMATS],
  },
  {
    kind: 'topology',
    title: REPORT_KIND_TITLES.topology,
    description: 'The network drawn with links coloured by utilisation under the routed traffic matrix, and the busiest links.',
    inputs: [...network, { field: 'top', required: false, description: 'busiest links listed (default 15)' }],
    formats: [...REPORT_FORMATS],
  },
  {
    kind: 'failure',
    title: REPORT_KIND_TITLES.failure,
    description: 'Worst-case sweep of every single link, node and SRLG failure: traffic lost, maximum utilisation, each link’s worst case, and what-if diffs for the worst failures.',
    inputs: [...network, { field: 'failureKinds', required: false, description: 'which failures to sweep: link, node, srlg (default all)' }],
    formats: [...REPORT_FORMATS],
  },
  {
    kind: 'capacity',
    title: REPORT_KIND_TITLES.capacity,
    description: 'Per-link forecast of daily peak traffic and the date each link is expected to cross 80 % and 100 % of its capacity.',
    inputs: [
      { field: 'links', required: true, description: 'per link: a traffic series CSV (timestamp,value) and its capacity' },
      { field: 'seriesUnit', required: false, description: 'bps (default) or bytes per interval' },
      { field: 'stepSeconds', required: false, description: 'series interval in seconds (default 300)' },
      { field: 'horizonDays', required: false, description: 'how far ahead to forecast (default 90 days)' },
    ],
    formats: [...REPORT_FORMATS],
  },
  {
    kind: 'capture',
    title: REPORT_KIND_TITLES.capture,
    description: 'What a capture contained: files, packets, time span, malformed packets by kind, non-IP traffic, telemetry found inside, and the traffic summary of its flows.',
    inputs: [{ field: 'captures', required: true, description: 'pcap/pcapng files (gzip too)' }],
    formats: [...REPORT_FORMATS],
  },
];
