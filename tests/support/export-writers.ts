// Minimal NetFlow v5 and IPFIX packet writers for tests and the ingest benchmark: synthetic
// flows with known counters, so "what was sent" is known without decoding anything.
export interface SyntheticFlow {
  src: number; // IPv4 as u32
  dst: number;
  srcPort: number;
  dstPort: number;
  protocol: number;
  packets: number;
  bytes: number;
}

export function syntheticFlow(i: number): SyntheticFlow {
  return {
    src: (10 << 24) | (i & 0xffff),
    dst: (192 << 24) | (168 << 16) | ((i >>> 4) & 0xffff),
    srcPort: 1024 + (i % 50000),
    dstPort: [80, 443, 53, 22][i % 4]!,
    protocol: i % 4 === 2 ? 17 : 6,
    packets: 1 + (i % 7),
    bytes: 64 * (1 + (i % 7)) + (i % 13),
  };
}

/** A NetFlow v5 datagram with `count` (≤ 30) flows starting at flow index `first`. */
export function netflowV5Packet(sequence: number, first: number, count: number, nowMs = Date.now()): Uint8Array {
  const buf = new Uint8Array(24 + count * 48);
  const dv = new DataView(buf.buffer);
  const uptime = 3_600_000;
  dv.setUint16(0, 5);
  dv.setUint16(2, count);
  dv.setUint32(4, uptime);
  dv.setUint32(8, Math.floor(nowMs / 1000));
  dv.setUint32(12, (nowMs % 1000) * 1e6);
  dv.setUint32(16, sequence >>> 0);
  for (let k = 0; k < count; k++) {
    const f = syntheticFlow(first + k);
    const r = 24 + k * 48;
    dv.setUint32(r, f.src >>> 0);
    dv.setUint32(r + 4, f.dst >>> 0);
    dv.setUint16(r + 12, 1);
    dv.setUint16(r + 14, 2);
    dv.setUint32(r + 16, f.packets);
    dv.setUint32(r + 20, f.bytes);
    dv.setUint32(r + 24, uptime - 2000);
    dv.setUint32(r + 28, uptime - 1000);
    dv.setUint16(r + 32, f.srcPort);
    dv.setUint16(r + 34, f.dstPort);
    buf[r + 38] = f.protocol;
  }
  return buf;
}

/** IPFIX template 256: src/dst IPv4, ports, protocol, octets, packets, flow start/end (ms). */
const IPFIX_FIELDS: Array<[number, number]> = [[8, 4], [12, 4], [7, 2], [11, 2], [4, 1], [1, 8], [2, 8], [152, 8], [153, 8]];
const IPFIX_RECORD = IPFIX_FIELDS.reduce((a, [, l]) => a + l, 0);

/** An IPFIX message of one set of `setLen` bytes, its 16-byte message header written. */
function ipfixMessage(setLen: number, sequence: number, domain: number, nowMs: number): { buf: Uint8Array; dv: DataView } {
  const buf = new Uint8Array(16 + setLen);
  const dv = new DataView(buf.buffer);
  dv.setUint16(0, 10);
  dv.setUint16(2, buf.length);
  dv.setUint32(4, Math.floor(nowMs / 1000));
  dv.setUint32(8, sequence >>> 0);
  dv.setUint32(12, domain);
  return { buf, dv };
}

export function ipfixTemplatePacket(sequence: number, domain = 1, nowMs = Date.now()): Uint8Array {
  const setLen = 4 + 4 + IPFIX_FIELDS.length * 4;
  const { buf, dv } = ipfixMessage(setLen, sequence, domain, nowMs);
  dv.setUint16(16, 2);
  dv.setUint16(18, setLen);
  dv.setUint16(20, 256);
  dv.setUint16(22, IPFIX_FIELDS.length);
  IPFIX_FIELDS.forEach(([id, len], i) => { dv.setUint16(24 + i * 4, id); dv.setUint16(26 + i * 4, len); });
  return buf;
}

/** IPFIX data for template 256 with `count` flows; `sequence` counts data records sent before. */
export function ipfixDataPacket(sequence: number, first: number, count: number, domain = 1, nowMs = Date.now()): Uint8Array {
  const setLen = 4 + count * IPFIX_RECORD;
  const { buf, dv } = ipfixMessage(setLen, sequence, domain, nowMs);
  dv.setUint16(16, 256);
  dv.setUint16(18, setLen);
  for (let k = 0; k < count; k++) {
    const f = syntheticFlow(first + k);
    let o = 20 + k * IPFIX_RECORD;
    dv.setUint32(o, f.src >>> 0); o += 4;
    dv.setUint32(o, f.dst >>> 0); o += 4;
    dv.setUint16(o, f.srcPort); o += 2;
    dv.setUint16(o, f.dstPort); o += 2;
    buf[o] = f.protocol; o += 1;
    dv.setBigUint64(o, BigInt(f.bytes)); o += 8;
    dv.setBigUint64(o, BigInt(f.packets)); o += 8;
    dv.setBigUint64(o, BigInt(nowMs - 2000)); o += 8;
    dv.setBigUint64(o, BigInt(nowMs - 1000));
  }
  return buf;
}

export function syntheticTotals(first: number, count: number): { flows: number; packets: number; bytes: number } {
  let packets = 0, bytes = 0;
  for (let i = first; i < first + count; i++) { const f = syntheticFlow(i); packets += f.packets; bytes += f.bytes; }
  return { flows: count, packets, bytes };
}
