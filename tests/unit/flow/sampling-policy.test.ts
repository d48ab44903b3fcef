// Sampling rules: the most specific rule wins, "override" replaces the device's rate, "default"
// fills in only when the device reports none; the decoders apply them live.
import { describe, expect, it } from 'vitest';
import { exporterFromText } from '../../../src-worker/flow/exporter.js';
import { FlowBatchBuilder } from '../../../src-worker/flow/flow-batch-builder.js';
import { FlowDecoder } from '../../../src-worker/flow/flow-decoder.js';
import { sampledRate, SamplingPolicy } from '../../../src-worker/flow/sampling-policy.js';

/** A NetFlow v5 packet with the given header sampling interval, engine id and records' input ifIndexes. */
function v5(interval: number, engineId: number, inIfs: number[]): Uint8Array {
  const b = new Uint8Array(24 + 48 * inIfs.length);
  const dv = new DataView(b.buffer);
  dv.setUint16(0, 5);
  dv.setUint16(2, inIfs.length);
  dv.setUint32(4, 100_000);
  dv.setUint32(8, 1_700_000_000);
  b[21] = engineId;
  dv.setUint16(22, interval);
  inIfs.forEach((inIf, i) => {
    const p = 24 + i * 48;
    dv.setUint32(p, 0x0a000001);
    dv.setUint32(p + 4, 0x0a000002);
    dv.setUint16(p + 12, inIf);
    dv.setUint32(p + 16, 10);
    dv.setUint32(p + 20, 1000);
    dv.setUint32(p + 24, 99_000);
    dv.setUint32(p + 28, 99_500);
    b[p + 38] = 6;
  });
  return b;
}

function rates(decoder: FlowDecoder, packet: Uint8Array): number[] {
  const out = new FlowBatchBuilder(64);
  decoder.decode(packet, exporterFromText('192.0.2.7', 5000), 1_700_000_000e6, out);
  const b = out.take();
  return [...b.sampling_rate.subarray(0, b.length)];
}

describe('sampling policy', () => {
  it('picks the most specific rule: domain+interface, interface, domain, exporter-wide', () => {
    const p = new SamplingPolicy();
    p.set([
      { exporter: '192.0.2.7', rate: 10, mode: 'override' },
      { exporter: '192.0.2.7', domain: 3, rate: 30, mode: 'override' },
      { exporter: '192.0.2.7', inIf: 5, rate: 50, mode: 'override' },
      { exporter: '192.0.2.7', domain: 3, inIf: 5, rate: 35, mode: 'override' },
    ]);
    expect(sampledRate(p.choose('192.0.2.7', 0), 0, 1)).toBe(10);
    expect(sampledRate(p.choose('192.0.2.7', 3), 0, 1)).toBe(30);
    expect(sampledRate(p.choose('192.0.2.7', 0), 0, 5)).toBe(50);
    expect(sampledRate(p.choose('192.0.2.7', 3), 0, 5)).toBe(35);
    expect(sampledRate(p.choose('192.0.2.8', 3), 0, 5)).toBe(1);
  });

  it('"override" replaces the device\'s rate; "default" only fills in when it reports none', () => {
    const p = new SamplingPolicy();
    p.set([{ exporter: 'a', rate: 100, mode: 'override' }, { exporter: 'b', rate: 100, mode: 'default' }]);
    expect(sampledRate(p.choose('a', 0), 512, 0)).toBe(100);
    expect(sampledRate(p.choose('a', 0), 0, 0)).toBe(100);
    expect(sampledRate(p.choose('b', 0), 512, 0)).toBe(512);
    expect(sampledRate(p.choose('b', 0), 0, 0)).toBe(100);
    expect(sampledRate(p.choose('c', 0), 0, 0)).toBe(1);
  });

  it('NetFlow v5: rules by exporter, engine id and input interface, changed live between packets', () => {
    const d = new FlowDecoder();
    const reported = v5(64, 2, [1, 5]);
    const unreported = v5(0, 2, [1, 5]);
    expect(rates(d, reported)).toEqual([64, 64]);
    expect(rates(d, unreported)).toEqual([1, 1]);
    d.setSamplingRules([{ exporter: '192.0.2.7', rate: 1000, mode: 'default' }]);
    expect(rates(d, reported)).toEqual([64, 64]);
    expect(rates(d, unreported)).toEqual([1000, 1000]);
    d.setSamplingRules([{ exporter: '192.0.2.7', rate: 1000, mode: 'override' }, { exporter: '192.0.2.7', domain: 2, inIf: 5, rate: 7, mode: 'override' }]);
    expect(rates(d, reported)).toEqual([1000, 7]);
    expect(rates(d, v5(64, 9, [1, 5]))).toEqual([1000, 1000]); // another engine id: the interface rule is for engine 2
    d.setSamplingRules([]);
    expect(rates(d, reported)).toEqual([64, 64]);
  });
});
