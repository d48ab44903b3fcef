// The workspace's areas, in navigation order, with their shortcut keys and what each holds.
// A view registers its component in views/index.tsx; an area without one shows its intro.

export interface Area {
  id: string;
  title: string;
  key: string;
  /** What the area is for, in an engineer's words (shown on its intro). */
  summary: string;
  /** What it will hold, shown until the area's view is built. */
  holds: string[];
}

export const areas: Area[] = [
  { id: 'topology', title: 'Topology', key: '1', summary: 'The network drawn with live link utilisation.', holds: ['Devices and links from imports, exporters and the simulator', 'Links coloured by utilisation band, width by capacity', 'Hover details, side panel with interfaces and top flows, search, N-hop neighbourhood'] },
  { id: 'flows', title: 'Flows', key: '2', summary: 'Who talks to whom, how much, and when.', holds: ['Time range picker and the filter language with autocomplete', 'Top-N with "Other", stacked time series, sankey', 'Conversations and endpoints tables, CSV export'] },
  { id: 'whatif', title: 'What-if', key: '3', summary: 'Paths, failures and metric changes before you make them.', holds: ['k shortest paths between two devices', 'Fail links, nodes or SRLGs and see the utilisation diff', 'Worst-case failure sweep and IGP metric optimisation'] },
  { id: 'simulate', title: 'Simulate', key: '4', summary: 'A digital twin: generated networks and traffic.', holds: ['Generators (mesh, ring, leaf-spine, fat-tree, Waxman …)', 'Run, pause, step and inject failures', 'Utilisation animating on the map'] },
  { id: 'forecast', title: 'Forecast', key: '5', summary: 'Traffic forecasts and anomalies, beside honest baselines.', holds: ['Train LSTM/Transformer models with a live loss chart', 'Forecast bands against actuals and seasonal baselines', 'Anomalies listed, each a link into the flows'] },
  { id: 'captures', title: 'Captures', key: '6', summary: 'Offline analysis of pcap and pcapng files.', holds: ['Drop or pick capture files', 'Per-file progress with cancel', 'Import summary, then its conversations and topology'] },
  { id: 'collector', title: 'Collector', key: '7', summary: 'Live NetFlow, IPFIX and sFlow reception.', holds: ['Listeners and their ports (2055, 4739, 6343)', 'Per-exporter rates, decode errors, template status', 'Drops, with their reasons'] },
  { id: 'reports', title: 'Reports', key: '8', summary: 'Results for people who will never open NetWeaver.', holds: ['Traffic, topology, failure analysis, capacity plan, capture review', 'HTML, PDF, CSV and JSON'] },
  { id: 'settings', title: 'Settings', key: '9', summary: 'Storage, listeners, sampling and appearance.', holds: ['DuckDB file or PostgreSQL/TimescaleDB URL', 'Listener ports and sampling overrides', 'Theme'] },
];
