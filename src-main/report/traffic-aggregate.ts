// Builds TrafficData from flow batches in memory: for flows that are not in the store (a capture
// being reviewed) and as the reference the store's SQL is checked against. A flow's volume is
// spread over the time buckets its lifetime covers, in proportion to the overlap, so a long
// flow does not show up as one spike at its start.
import { formatAddress } from '../../src-worker/flow/address.js';
import { FLOW_SOURCES, type FlowBatch } from '../../src-worker/flow/record.js';
import { applicationName, protocolName, servicePort } from './ip-services.js';
import { chooseBucketMs, type TrafficData, type TrafficRow } from './traffic-data.js';

export interface TrafficAggregateOptions {
  topN?: number;
  /** Protocols drawn separately in the time series; the rest is "other". */
  seriesProtocols?: number;
  maxBuckets?: number;
}

interface Acc extends TrafficRow {
  key: string;
}

function bump(map: Map<string, Acc>, key: string, bytes: number, packets: number): void {
  let acc = map.get(key);
  if (!acc) map.set(key, (acc = { key, bytes: 0, packets: 0, flows: 0 }));
  acc.bytes += bytes;
  acc.packets += packets;
  acc.flows += 1;
}

function top(map: Map<string, Acc>, n: number): Acc[] {
  // Ties broken by key so the order (and the CSV) is deterministic.
  return [...map.values()].sort((x, y) => y.bytes - x.bytes || (x.key < y.key ? -1 : 1)).slice(0, n);
}

/** Whether row's src address (16 bytes) sorts at or before its dst address, byte by byte. */
function addressBefore(src: Uint8Array, dst: Uint8Array, row: number): boolean {
  for (let i = row * 16; i < row * 16 + 16; i++) if (src[i] !== dst[i]) return src[i]! < dst[i]!;
  return true;
}

export class TrafficAggregator {
  private readonly sources = new Map<string, Acc>();
  private readonly destinations = new Map<string, Acc>();
  private readonly applications = new Map<string, Acc>();
  private readonly conversations = new Map<string, Acc>();
  private readonly protocols = new Map<string, Acc>();
  private readonly exporters = new Map<string, Acc>();
  private readonly exporterRates = new Map<string, Set<number>>();
  /** Per flow: start, end (ms), protocol, bytes — kept for bucketing once the span is known. */
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  private readonly protos: number[] = [];
  private readonly volumes: number[] = [];
  private totals: TrafficRow = { bytes: 0, packets: 0, flows: 0 };
  private firstMs = Infinity;
  private lastMs = -Infinity;

  constructor(private readonly options: TrafficAggregateOptions = {}) {}

  addBatch(b: FlowBatch): void {
    for (let row = 0; row < b.length; row++) {
      const rate = b.sampling_rate[row] || 1;
      const bytes = b.bytes[row]! * rate;
      const packets = b.packets[row]! * rate;
      const src = formatAddress(b.src_addr.subarray(row * 16, row * 16 + 16));
      const dst = formatAddress(b.dst_addr.subarray(row * 16, row * 16 + 16));
      const proto = b.protocol[row]!;
      const exporter = formatAddress(b.exporter.subarray(row * 16, row * 16 + 16));
      const source = FLOW_SOURCES[b.source[row]!] ?? 'unknown';
      const hasPorts = proto === 6 || proto === 17 || proto === 132;
      const port = hasPorts ? servicePort(b.src_port[row]!, b.dst_port[row]!) : -1;
      bump(this.sources, src, bytes, packets);
      bump(this.destinations, dst, bytes, packets);
      bump(this.applications, `${proto}|${port}`, bytes, packets);
      // A is the numerically lower address (as Wireshark and the store's conversation query order them).
      bump(this.conversations, addressBefore(b.src_addr, b.dst_addr, row) ? `${src}|${dst}` : `${dst}|${src}`, bytes, packets);
      bump(this.protocols, String(proto), bytes, packets);
      bump(this.exporters, `${exporter}|${source}`, bytes, packets);
      let rates = this.exporterRates.get(`${exporter}|${source}`);
      if (!rates) this.exporterRates.set(`${exporter}|${source}`, (rates = new Set()));
      rates.add(rate);
      this.totals.bytes += bytes;
      this.totals.packets += packets;
      this.totals.flows += 1;
      const startMs = b.time_start[row]! / 1000;
      const endMs = Math.max(b.time_start[row]!, b.time_end[row]!) / 1000;
      if (startMs < this.firstMs) this.firstMs = startMs;
      if (endMs > this.lastMs) this.lastMs = endMs;
      this.starts.push(startMs);
      this.ends.push(endMs);
      this.protos.push(proto);
      this.volumes.push(bytes);
    }
  }

  finish(range: { fromMs?: number | null; toMs?: number | null } = {}): TrafficData {
    const n = this.options.topN ?? 10;
    const first = this.starts.length ? this.firstMs : null;
    const last = this.ends.length ? this.lastMs : null;
    const fromMs = range.fromMs ?? first;
    const toMs = range.toMs ?? last;
    return {
      fromMs,
      toMs,
      totals: {
        ...this.totals,
        sources: this.sources.size,
        destinations: this.destinations.size,
        exporters: this.exporters.size,
        firstFlowMs: first,
        lastFlowMs: last,
      },
      series: this.series(fromMs, toMs),
      topSources: top(this.sources, n).map(({ key, ...r }) => ({ address: key, ...r })),
      topDestinations: top(this.destinations, n).map(({ key, ...r }) => ({ address: key, ...r })),
      topApplications: top(this.applications, n).map(({ key, ...r }) => {
        const [proto, port] = key.split('|').map(Number) as [number, number];
        return { application: applicationName(proto, port), protocol: proto, port: port >= 0 ? port : null, ...r };
      }),
      topConversations: top(this.conversations, n).map(({ key, ...r }) => {
        const [a, b] = key.split('|') as [string, string];
        return { a, b, ...r };
      }),
      protocols: top(this.protocols, Infinity).map(({ key, ...r }) => ({ protocol: Number(key), name: protocolName(Number(key)), ...r })),
      exporters: top(this.exporters, Infinity).map(({ key, ...r }) => {
        const [exporter, source] = key.split('|') as [string, string];
        return { exporter, source, samplingRates: [...(this.exporterRates.get(key) ?? [])].sort((x, y) => x - y), ...r };
      }),
      distinct: { sources: this.sources.size, destinations: this.destinations.size, applications: this.applications.size, conversations: this.conversations.size },
    };
  }

  private series(fromMs: number | null, toMs: number | null): TrafficData['series'] {
    if (fromMs === null || toMs === null || this.starts.length === 0) return { bucketMs: 0, times: [], byProtocol: [] };
    const bucketMs = chooseBucketMs(Math.max(1, toMs - fromMs), this.options.maxBuckets ?? 120);
    const b0 = Math.floor(fromMs / bucketMs);
    const count = Math.max(1, Math.floor((toMs - 1) / bucketMs) - b0 + 1);
    const shown = top(this.protocols, this.options.seriesProtocols ?? 5).map((a) => Number(a.key));
    const lane = new Map(shown.map((p, i) => [p, i]));
    const otherLane = shown.length;
    const lanes = Array.from({ length: shown.length + 1 }, () => new Array<number>(count).fill(0));
    for (let i = 0; i < this.starts.length; i++) {
      const start = Math.max(this.starts[i]!, fromMs);
      const end = Math.min(this.ends[i]!, toMs);
      if (end < start) continue;
      const values = lanes[lane.get(this.protos[i]!) ?? otherLane]!;
      // Spread over the covered buckets by overlap (the whole flow's volume, clipped flows proportionally).
      const fullSpan = this.ends[i]! - this.starts[i]!;
      const volume = this.volumes[i]!;
      const k0 = Math.floor(start / bucketMs) - b0;
      const k1 = Math.floor(end / bucketMs) - b0;
      if (fullSpan <= 0 || k0 === k1) {
        if (k0 >= 0 && k0 < count) values[k0]! += fullSpan <= 0 ? volume : (volume * (end - start || fullSpan)) / fullSpan;
        continue;
      }
      for (let k = Math.max(0, k0); k <= Math.min(count - 1, k1); k++) {
        const overlap = Math.min(end, (b0 + k + 1) * bucketMs) - Math.max(start, (b0 + k) * bucketMs);
        if (overlap > 0) values[k]! += (volume * overlap) / fullSpan;
      }
    }
    const byProtocol = shown.map((p, i) => ({ name: protocolName(p), bytes: lanes[i]! }));
    if (lanes[otherLane]!.some((v) => v > 0)) byProtocol.push({ name: 'other', bytes: lanes[otherLane]! });
    return { bucketMs, times: Array.from({ length: count }, (_, k) => (b0 + k) * bucketMs), byProtocol };
  }
}

export function aggregateTraffic(batches: Iterable<FlowBatch>, options: TrafficAggregateOptions = {}, range: { fromMs?: number | null; toMs?: number | null } = {}): TrafficData {
  const agg = new TrafficAggregator(options);
  for (const b of batches) agg.addBatch(b);
  return agg.finish(range);
}
