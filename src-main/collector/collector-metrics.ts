// The collector's Prometheus metrics (`/metrics` in `netweaver serve`): per-exporter counters
// and the pipeline's stored/queued/dropped rows, store errors and kernel socket drops.
import type { MetricFamily } from '../metrics/registry.js';
import type { Collector } from './collector.js';

export function collectorMetrics(collector: Collector | null): MetricFamily[] {
  if (!collector) return [{ name: 'netweaver_collector_running', help: 'Whether the flow collector is running', type: 'gauge', samples: [{ value: 0 }] }];
  const s = collector.status();
  const exporters = collector.exporterList();
  const per = (name: string, help: string, type: 'counter' | 'gauge', value: (e: (typeof exporters)[number]) => number): MetricFamily => ({
    name, help, type, samples: exporters.map((e) => ({ labels: { exporter: e.exporter }, value: value(e) })),
  });
  return [
    { name: 'netweaver_collector_running', help: 'Whether the flow collector is running', type: 'gauge', samples: [{ value: s.running ? 1 : 0 }] },
    per('netweaver_collector_exporter_packets_total', 'UDP datagrams received per exporter', 'counter', (e) => e.packets),
    per('netweaver_collector_exporter_bytes_total', 'UDP payload bytes received per exporter', 'counter', (e) => e.bytes),
    per('netweaver_collector_exporter_records_total', 'Flow records decoded per exporter', 'counter', (e) => e.records),
    per('netweaver_collector_exporter_template_misses_total', 'Data sets that arrived before their template', 'counter', (e) => e.templateMisses),
    per('netweaver_collector_exporter_lost_flows_total', 'Flows never received, estimated from sequence gaps', 'counter', (e) => e.lostFlows),
    per('netweaver_collector_exporter_lost_packets_total', 'Export packets never received, estimated from sequence gaps', 'counter', (e) => e.lostPackets),
    per('netweaver_collector_exporter_last_seen_seconds', 'When the exporter was last heard (Unix time)', 'gauge', (e) => e.lastSeenMs / 1000),
    {
      name: 'netweaver_collector_exporter_decode_errors_total', help: 'Decode errors per exporter and kind', type: 'counter',
      samples: exporters.flatMap((e) => Object.entries(e.decodeErrors).map(([kind, n]) => ({ labels: { exporter: e.exporter, kind }, value: n ?? 0 }))),
    },
    { name: 'netweaver_collector_rows_decoded_total', help: 'Flow rows decoded', type: 'counter', samples: [{ value: s.rowsDecoded }] },
    { name: 'netweaver_collector_rows_stored_total', help: 'Flow rows committed to the store', type: 'counter', samples: [{ value: s.rowsStored }] },
    { name: 'netweaver_collector_rows_queued', help: 'Flow rows waiting for the store', type: 'gauge', samples: [{ value: s.rowsQueued }] },
    {
      name: 'netweaver_collector_rows_dropped_total', help: 'Flow rows dropped, by reason', type: 'counter',
      samples: Object.entries(s.rowsDropped).map(([reason, value]) => ({ labels: { reason }, value })),
    },
    { name: 'netweaver_collector_store_errors_total', help: 'Failed writes to the store (retried with backoff)', type: 'counter', samples: [{ value: s.store.errors }] },
    { name: 'netweaver_collector_kernel_drops_total', help: 'Datagrams the kernel dropped on the collector\'s sockets (receive buffer full)', type: 'counter', samples: s.kernelDrops === null ? [] : [{ value: s.kernelDrops }] },
  ];
}
