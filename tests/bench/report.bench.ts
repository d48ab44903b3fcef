// Report generation speed: (1) capture review of a 30k-packet capture (afs.pcap appended to
// itself 50 times with mergecap) — import, flow aggregation and HTML — against tshark computing
// the conversation and endpoint tables of the same file; (2) traffic summary over 300k flows in
// a DuckDB store; (3) failure analysis of REPETITA Cogentco (197 nodes) — sweep, HTML and PDF.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { captureReport } from '../../src-main/report/collectors/capture.js';
import { failureReport } from '../../src-main/report/collectors/failure.js';
import { trafficReport } from '../../src-main/report/collectors/traffic.js';
import { renderHtml } from '../../src-main/report/html.js';
import { renderPdf, findChromium } from '../../src-main/report/pdf.js';
import { FlowStoreTraffic } from '../../src-main/report/store-traffic.js';
import { TrafficAggregator } from '../../src-main/report/traffic-aggregate.js';
import { openFlowWriter } from '../../src-main/store/flows/open-flow-writer.js';
import { openStore } from '../../src-main/store/open-store.js';
import { CaptureImporter } from '../../src-worker/packet/capture-import.js';
import { failureSweep } from '../../src-worker/report/failure-sweep.js';
import { sharedPath, sharedPresent } from '../support/shared-data.js';
import { which } from '../support/tools.js';
import { makeFlows } from '../unit/store/flow-fixtures.js';
import { fixedContext, repetita } from '../unit/report/report-data.js';

function ms(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

async function captureBench(dir: string): Promise<void> {
  const big = join(dir, 'afs-x50.pcap');
  execFileSync('mergecap', ['-a', '-F', 'pcap', '-w', big, ...new Array(50).fill(sharedPath('fixtures', 'pcap-tcpdump', 'afs.pcap'))]);
  const t0 = process.hrtime.bigint();
  const agg = new TrafficAggregator({ topN: 10 });
  const summary = await new CaptureImporter({ onFlows: (b) => agg.addBatch(b), yieldBetweenChunks: false }).run([big]);
  const html = renderHtml(captureReport(fixedContext, summary, agg.finish()));
  const ours = ms(t0);
  console.log(`capture review: ${summary.packets} packets → ${html.length} bytes of HTML in ${ours.toFixed(0)} ms (${((summary.packets / ours) * 1000).toFixed(0)} packets/s)`);
  if (which('tshark')) {
    const t1 = process.hrtime.bigint();
    execFileSync('tshark', ['-r', big, '-q', '-z', 'conv,ip', '-z', 'endpoints,ip'], { maxBuffer: 1 << 26 });
    const peer = ms(t1);
    console.log(`peer tshark -z conv,ip -z endpoints,ip: ${peer.toFixed(0)} ms; NetWeaver / tshark time ratio ${(ours / peer).toFixed(2)}`);
  } else console.log('peer tshark not installed');
}

async function storeBench(dir: string): Promise<void> {
  const db = join(dir, 'flows.duckdb');
  const store = await openStore({ db });
  const writer = openFlowWriter(store);
  for (let i = 0; i < 3; i++) await writer.append(makeFlows(100_000, i + 1));
  await writer.flush();
  await writer.close();
  const t0 = process.hrtime.bigint();
  const data = await new FlowStoreTraffic(store).trafficData({ fromMs: null, toMs: null, top: 10 });
  const queries = ms(t0);
  const html = renderHtml(trafficReport(fixedContext, { data, filter: null, dataSource: db, from: null, to: null }));
  console.log(`traffic summary: ${data.totals.flows} flows queried in ${queries.toFixed(0)} ms, HTML ${html.length} bytes in ${(ms(t0) - queries).toFixed(0)} ms`);
  await store.close();
}

async function failureBench(): Promise<void> {
  const { topology, demands } = repetita('Cogentco');
  const t0 = process.hrtime.bigint();
  const sweep = failureSweep(topology, demands);
  const sweepMs = ms(t0);
  const report = failureReport(fixedContext, sweep, { dataSource: 'Cogentco', demandSource: 'Cogentco.0000.demands' });
  const t1 = process.hrtime.bigint();
  const html = renderHtml(report);
  const htmlMs = ms(t1);
  console.log(`failure analysis Cogentco: ${sweep.scenarios.length} scenarios swept in ${sweepMs.toFixed(0)} ms, HTML in ${htmlMs.toFixed(0)} ms`);
  if (findChromium()) {
    const t2 = process.hrtime.bigint();
    const pdf = await renderPdf(html, { title: report.title });
    console.log(`PDF through Chromium: ${pdf.length} bytes in ${ms(t2).toFixed(0)} ms`);
  }
}

export async function run(): Promise<void> {
  if (!sharedPresent) {
    console.log('report bench needs ../shared (set NETWEAVER_SHARED)');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'nw-report-bench-'));
  if (which('mergecap')) await captureBench(dir);
  else console.log('capture review bench needs mergecap (wireshark-common)');
  await storeBench(dir);
  await failureBench();
}
