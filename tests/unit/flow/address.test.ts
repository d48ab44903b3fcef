import { describe, expect, it } from 'vitest';
import { formatAddress, parseAddress } from '../../../src-worker/flow/address.js';
import { createFlowBatch, flowRecordAt } from '../../../src-worker/flow/record.js';

describe('address', () => {
  it.each([
    ['192.0.2.1', '192.0.2.1'],
    ['2001:db8::1', '2001:db8::1'],
    ['2001:0db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['::', '::'],
    ['::1', '::1'],
    ['fe80::1:2:3:4', 'fe80::1:2:3:4'],
    ['::ffff:10.0.0.1', '10.0.0.1'],
  ])('round-trips %s', (text, canonical) => {
    expect(formatAddress(parseAddress(text))).toBe(canonical);
  });

  it.each(['256.1.1.1', '1.2.3', '1::2::3', 'hello', '12345::'])('rejects %s with a clear error', (text) => {
    expect(() => parseAddress(text)).toThrow(/^address: /);
  });
});

describe('flow batch', () => {
  it('reads NULL for untouched nullable columns and the default sampling rate', () => {
    const batch = createFlowBatch(2);
    batch.length = 1;
    batch.exporter.set(parseAddress('192.0.2.9'), 0);
    batch.in_if[0] = 7;
    const rec = flowRecordAt(batch, 0);
    expect(rec.exporter).toBe('192.0.2.9');
    expect(rec.in_if).toBe(7);
    expect(rec.out_if).toBeNull();
    expect(rec.next_hop).toBeNull();
    expect(rec.sampling_rate).toBe(1);
  });
});
