// Encoder invariants a collector relies on: sequence numbers per protocol, template refresh,
// datagram size limits, IPv6 rows refused, and the token bucket's pacing arithmetic.
import { describe, expect, it } from 'vitest';
import { parseAddress, writeIPv4 } from '../../../src-worker/flow/address.js';
import { createFlowBatch, type FlowBatch } from '../../../src-worker/flow/record.js';
import { createEncoder } from '../../../src-worker/sim/export/encoder-factory.js';
import { TokenBucket } from '../../../src-worker/sim/export/token-bucket.js';
import { IPFIX_FIELDS, recordLength } from '../../../src-worker/sim/export/template-fields.js';

function batch(rows: number): FlowBatch {
  const b = createFlowBatch(rows);
  for (let r = 0; r < rows; r++) {
    writeIPv4(b.src_addr, r * 16, 0x0a000001 + r);
    writeIPv4(b.dst_addr, r * 16, 0x0a010001 + r);
    b.protocol[r] = r % 2 ? 17 : 6;
    b.bytes[r] = 1000 + r;
    b.packets[r] = 2;
    b.time_start[r] = 1_767_571_200_000_000 + r * 1000;
    b.time_end[r] = b.time_start[r]! + 5_000_000;
  }
  b.length = rows;
  return b;
}

const cfg = { exporterId: 7, agentIPv4: 0xac100008, bootTimeMs: 1_767_567_600_000 };

function drain(format: 'netflow5' | 'netflow9' | 'ipfix' | 'sflow', b: FlowBatch, templateRefreshPackets = 20): Uint8Array[] {
  const enc = createEncoder(format, { ...cfg, templateRefreshPackets });
  const rows = Uint32Array.from({ length: b.length }, (_, i) => i);
  const out: Uint8Array[] = [];
  for (let start = 0; start < rows.length; ) {
    const p = enc.encode(b, rows, start, rows.length, 1_767_571_300_000);
    out.push(p.bytes);
    start += p.records;
  }
  return out;
}

const dv = (p: Uint8Array) => new DataView(p.buffer, p.byteOffset, p.byteLength);

describe('sim export encoders', () => {
  const b = batch(500);

  it('netflow5: ≤30 records, flow sequence counts flows, engine id = exporter', () => {
    const packets = drain('netflow5', b);
    let flows = 0;
    for (const p of packets) {
      const count = dv(p).getUint16(2);
      expect(count).toBeLessThanOrEqual(30);
      expect(p.length).toBe(24 + 48 * count);
      expect(dv(p).getUint32(16)).toBe(flows);
      expect(p[21]).toBe(7);
      flows += count;
    }
    expect(flows).toBe(500);
  });

  it('netflow9: packet sequence, templates on packet 0 and every refresh, ≤ 1400 bytes, 4-byte padding', () => {
    const packets = drain('netflow9', b, 3);
    packets.forEach((p, i) => {
      expect(dv(p).getUint32(12)).toBe(i);
      expect(dv(p).getUint32(16)).toBe(7);
      expect(p.length).toBeLessThanOrEqual(1400);
      expect(p.length % 4).toBe(0);
      expect(dv(p).getUint16(20) === 0).toBe(i % 3 === 0); // first flowset is the template set
    });
  });

  it('ipfix: length field, sequence counts data records, domain = exporter', () => {
    const packets = drain('ipfix', b);
    let records = 0;
    packets.forEach((p, i) => {
      expect(dv(p).getUint16(2)).toBe(p.length);
      expect(dv(p).getUint32(8)).toBe(records);
      expect(dv(p).getUint32(12)).toBe(7);
      const setId = dv(p).getUint16(16);
      expect(setId).toBe(i % 20 === 0 ? 2 : 256);
      const dataSet = setId === 2 ? 16 + dv(p).getUint16(18) : 16;
      records += (dv(p).getUint16(dataSet + 2) - 4) / recordLength(IPFIX_FIELDS);
    });
    expect(records).toBe(500);
  });

  it('sflow: agent address, datagram sequence, samples ≤ 1400 bytes', () => {
    const packets = drain('sflow', b);
    let samples = 0;
    packets.forEach((p, i) => {
      expect(dv(p).getUint32(0)).toBe(5);
      expect(dv(p).getUint32(8)).toBe(0xac100008);
      expect(dv(p).getUint32(16)).toBe(i);
      expect(p.length).toBeLessThanOrEqual(1400);
      samples += dv(p).getUint32(24);
    });
    expect(samples).toBe(500);
  });

  it('refuses IPv6 rows (the templates are IPv4)', () => {
    const v6 = batch(1);
    v6.src_addr.set(parseAddress('2001:db8::1'), 0);
    for (const f of ['netflow5', 'netflow9', 'ipfix', 'sflow'] as const) expect(createEncoder(f, cfg).accepts(v6, 0)).toBe(false);
  });

  it('token bucket: a burst is free, then waits rate-proportionally', () => {
    let now = 0;
    const bucket = new TokenBucket(1000, 100, () => now);
    expect(bucket.take(100)).toBe(0);
    expect(bucket.take(50)).toBeCloseTo(50, 6); // 50 tokens short at 1000/s = 50 ms
    now += 150; // refills 150, pays the 50 debt
    expect(bucket.take(100)).toBe(0);
    expect(new TokenBucket(0).take(1e9)).toBe(0);
  });
});
