// Known datasets for the report tests, each produced by the real engines at test time:
// flows assembled from a tcpdump capture by the packet engine, REPETITA Abilene routed by the
// routing engine, NAB traffic series forecast by the ML engine's Holt-Winters.
import { readFileSync } from 'node:fs';
import type { FlowBatch } from '../../../src-worker/flow/record.js';
import { importRepetitaDemands, importRepetitaGraph } from '../../../src-worker/graph/repetita.js';
import type { Demand, Topology } from '../../../src-worker/graph/topology.js';
import { readCsvSeries } from '../../../src-worker/ml/csv-series.js';
import { readCaptureFile } from '../../../src-worker/packet/capture-file.js';
import { FlowCache } from '../../../src-worker/packet/flow-cache.js';
import { PacketStatus, ParsedPacket, parsePacket } from '../../../src-worker/packet/headers.js';
import type { CapacityLinkInput } from '../../../src-worker/report/capacity-forecast.js';
import type { ReportContext } from '../../../src-main/report/collectors/report-context.js';
import { sharedPath } from '../../support/shared-data.js';
import { CaptureImporter, type CaptureImportSummary } from '../../../src-worker/packet/capture-import.js';
import { TrafficAggregator } from '../../../src-main/report/traffic-aggregate.js';
import type { TrafficData } from '../../../src-main/report/traffic-data.js';

/** A pinned clock so two renders of the same data are byte-identical. */
export const fixedContext: ReportContext = { version: '0.0.0-test', now: () => new Date('2026-01-02T03:04:05Z') };

/** Flows the packet engine assembles from a capture (IP lengths, as routers export). */
export async function captureFlows(file: string): Promise<FlowBatch[]> {
  const batches: FlowBatch[] = [];
  const cache = new FlowCache((batch) => batches.push(batch), { batchSize: 64 });
  const parsed = new ParsedPacket();
  await readCaptureFile(file, (data, offset, caplen, origlen, ts, link) => {
    if (parsePacket(data, offset, caplen, link, parsed) === PacketStatus.ok) cache.add(parsed, ts, origlen);
  });
  cache.flush();
  return batches;
}

export const AFS_PCAP = () => sharedPath('fixtures', 'pcap-tcpdump', 'afs.pcap');

export function repetita(name: string): { topology: Topology; demands: Demand[]; graphPath: string; demandsPath: string } {
  const graphPath = sharedPath('data', 'repetita', `${name}.graph`);
  const demandsPath = sharedPath('data', 'repetita', `${name}.0000.demands`);
  const { topology } = importRepetitaGraph(readFileSync(graphPath, 'utf8'), `${name}.graph`);
  const demands = importRepetitaDemands(readFileSync(demandsPath, 'utf8'), topology.nodes.map((n) => n.id), `${name}.0000.demands`);
  return { topology, demands, graphPath, demandsPath };
}

export const NAB_SERIES = ['ec2_network_in_257a54.csv', 'ec2_network_in_5abac7.csv', 'iio_us-east-1_i-a2eb1cd9_NetworkIn.csv'];

/** NAB EC2 network-in series (bytes per 5 minutes) as link traffic in bit/s on links of the given capacity. */
export function nabLinks(capacities: number[]): CapacityLinkInput[] {
  return NAB_SERIES.map((file, i) => {
    const { series } = readCsvSeries(file, readFileSync(sharedPath('data', 'nab', file), 'utf8'), 300_000);
    const name = file.replace(/\.csv$/, '');
    return { id: name, name, capacity: capacities[i]!, series: { name, startMs: series.startMs, stepMs: series.stepMs, values: Array.from(series.values, (v) => (v * 8) / 300) } };
  });
}

/** A capture review as the capture importer produces it (in-process, no worker), with the flows aggregated. */
export async function captureReview(file: string): Promise<{ summary: CaptureImportSummary; data: TrafficData }> {
  const aggregator = new TrafficAggregator({ topN: 10 });
  const importer = new CaptureImporter({ onFlows: (batch) => aggregator.addBatch(batch), yieldBetweenChunks: false });
  const summary = await importer.run([file]);
  return { summary, data: aggregator.finish() };
}
