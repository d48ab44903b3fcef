// The `flow.decode` job through the real worker host and worker threads (the built worker):
// batches and interface counters stream back, templates come back as JSON and a second job that
// is given them decodes data without waiting for a template.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { threadLauncher } from '../../../src-main/jobs/thread-launcher.js';
import { defaultWorkerHostConfig, WorkerHost } from '../../../src-main/jobs/worker-host.js';
import type { FlowDecodeChunk, FlowDecodeSummary } from '../../../src-worker/flow/flow-jobs.js';
import { flowRecords, type FlowBatch } from '../../../src-worker/flow/record.js';
import { flowN, ipfixPacket, netflowV5Packet, sflowPacket } from './packets.js';

let host: WorkerHost;
beforeEach(() => {
  host = new WorkerHost({ ...defaultWorkerHostConfig(threadLauncher()), size: 1 });
  host.start();
});
afterEach(() => host.stop());

async function decode(datagrams: Array<{ payload: Uint8Array; exporter: string; port: number; receivedUs: number }>, templates?: unknown) {
  const batches: FlowBatch[] = [];
  let counters = 0;
  const summary = await host.run<FlowDecodeSummary, FlowDecodeChunk>('flow.decode', { datagrams, templates, batchRows: 64 }, {
    onChunk: (c: FlowDecodeChunk) => {
      if (c.kind === 'flows') batches.push(c.batch);
      else counters += c.counters.length;
    },
  }).done;
  return { summary, rows: batches.flatMap((b) => flowRecords(b)), counters };
}

describe('flow.decode job', () => {
  it('decodes datagrams in a worker, streaming batches and interface counters', async () => {
    const datagrams = [
      ...Array.from({ length: 5 }, (_, i) => ({ payload: netflowV5Packet(5, { first: i * 30, sequence: i * 30 }), exporter: '192.0.2.1', port: 2055, receivedUs: 1.7e15 + i })),
      { payload: sflowPacket(), exporter: '192.0.2.2', port: 6343, receivedUs: 1.7e15 },
    ];
    const { summary, rows, counters } = await decode(datagrams);
    expect(summary.rows).toBe(152);
    expect(rows).toHaveLength(152);
    expect(rows[31]!.src_addr).toBe(flowN(31).src);
    expect(counters).toBe(1);
    expect(summary.inventory.map((e) => e.exporter).sort()).toEqual(['192.0.2.1:2055', '192.0.2.2:6343']);
  });

  it('returns templates that let the next job decode data at once', async () => {
    const first = await decode([{ payload: ipfixPacket({ count: 1, templateOnly: true }), exporter: '192.0.2.1', port: 4739, receivedUs: 1.7e15 }]);
    expect(first.summary.templates).toHaveLength(1);
    const data = [{ payload: ipfixPacket({ count: 7, dataOnly: true }), exporter: '192.0.2.1', port: 4739, receivedUs: 1.7e15 }];
    const without = await decode(data);
    expect(without.rows).toHaveLength(0);
    expect(without.summary.stats.errors.unknown_template).toBe(1);
    const withTemplates = await decode(data, first.summary.templates);
    expect(withTemplates.rows.map((r) => r.src_addr)).toEqual(Array.from({ length: 7 }, (_, i) => flowN(i).src));
  });
});
