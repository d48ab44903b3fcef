// What a traffic summary is made of, whatever produced it (the flow store's queries for a time
// range, or flows assembled from a capture file): totals, a time series by protocol and the
// top-N tables. Volumes are already multiplied by each flow's sampling rate.

export interface TrafficRow {
  bytes: number;
  packets: number;
  flows: number;
}

export interface TrafficData {
  /** Span covered, ms since the epoch (the requested range, or the data's own span). */
  fromMs: number | null;
  toMs: number | null;
  totals: TrafficRow & { sources: number; destinations: number; exporters: number; firstFlowMs: number | null; lastFlowMs: number | null };
  /** Bytes per bucket for the largest protocols (the rest summed as "other"). */
  series: { bucketMs: number; times: number[]; byProtocol: { name: string; bytes: number[] }[] };
  topSources: (TrafficRow & { address: string })[];
  topDestinations: (TrafficRow & { address: string })[];
  topApplications: (TrafficRow & { application: string; protocol: number; port: number | null })[];
  topConversations: (TrafficRow & { a: string; b: string })[];
  protocols: (TrafficRow & { protocol: number; name: string })[];
  exporters: (TrafficRow & { exporter: string; source: string; samplingRates: number[] })[];
  /** Distinct counts before the top-N cut, for captions ("top 10 of 1 234"). */
  distinct: { sources: number; destinations: number; applications: number; conversations: number };
}

/** Bucket widths a reader recognises; the first giving at most `maxBuckets` buckets is used. */
const BUCKETS_MS = [1, 5, 10, 30, 60, 300, 900, 1800, 3600, 3 * 3600, 6 * 3600, 12 * 3600, 86400, 7 * 86400].map((s) => s * 1000);

export function chooseBucketMs(spanMs: number, maxBuckets = 120): number {
  return BUCKETS_MS.find((b) => spanMs / b <= maxBuckets) ?? BUCKETS_MS[BUCKETS_MS.length - 1]!;
}

/** Words for the provenance box from the sampling rates each exporter used. */
export function describeSampling(exporters: TrafficData['exporters']): string {
  const rates = new Set(exporters.flatMap((e) => e.samplingRates));
  if (exporters.length === 0) return 'no flows in range';
  if (rates.size === 0 || (rates.size === 1 && rates.has(1))) return 'unsampled (every packet counted)';
  const sampled = exporters.filter((e) => e.samplingRates.some((r) => r > 1));
  const list = [...rates].filter((r) => r > 1).sort((a, b) => a - b).map((r) => `1:${r}`).join(', ');
  return `sampled ${list} on ${sampled.length} of ${exporters.length} exporter${exporters.length === 1 ? '' : 's'}; volumes are multiplied by each flow's sampling rate`;
}
