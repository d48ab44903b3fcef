// Test support for the decoder interop suites: wraps UDP payloads in a classic pcap (Ethernet /
// IPv4 / UDP) so tshark can decode exactly the bytes our decoders see, runs tshark on it, and
// reads UDP payloads back out of pcap files (via the packet header parser).
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { parseAddress } from '../../src-worker/flow/address.js';
import { LINKTYPE_ETHERNET, ParsedPacket, parsePacket } from '../../src-worker/packet/headers.js';

export interface UdpPayload {
  payload: Uint8Array;
  srcAddr: string; // IPv4 dotted quad
  srcPort: number;
  dstPort: number;
  timeUs: number;
}

function ipv4Bytes(text: string): number[] {
  return text.split('.').map(Number);
}

/** Builds a pcap (LINKTYPE_ETHERNET) with one Ethernet/IPv4/UDP frame per payload. */
export function udpPcap(payloads: readonly UdpPayload[]): Uint8Array {
  const parts: Uint8Array[] = [];
  const global = new DataView(new ArrayBuffer(24));
  global.setUint32(0, 0xa1b2c3d4, true);
  global.setUint16(4, 2, true);
  global.setUint16(6, 4, true);
  global.setUint32(16, 262144, true);
  global.setUint32(20, LINKTYPE_ETHERNET, true);
  parts.push(new Uint8Array(global.buffer));
  for (const p of payloads) {
    const udpLen = 8 + p.payload.length;
    const ipLen = 20 + udpLen;
    const frame = new Uint8Array(14 + ipLen);
    const dv = new DataView(frame.buffer);
    frame.set([2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1], 0);
    dv.setUint16(12, 0x0800);
    frame[14] = 0x45;
    dv.setUint16(16, ipLen);
    frame[22] = 64;
    frame[23] = 17;
    frame.set(ipv4Bytes(p.srcAddr), 26);
    frame.set([192, 0, 2, 254], 30);
    let sum = 0;
    for (let i = 14; i < 34; i += 2) sum += dv.getUint16(i);
    while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
    dv.setUint16(24, ~sum & 0xffff);
    dv.setUint16(34, p.srcPort);
    dv.setUint16(36, p.dstPort);
    dv.setUint16(38, udpLen);
    frame.set(p.payload, 42);
    const rec = new DataView(new ArrayBuffer(16));
    rec.setUint32(0, Math.floor(p.timeUs / 1e6), true);
    rec.setUint32(4, p.timeUs % 1e6, true);
    rec.setUint32(8, frame.length, true);
    rec.setUint32(12, frame.length, true);
    parts.push(new Uint8Array(rec.buffer), frame);
  }
  const total = parts.reduce((n, x) => n + x.length, 0);
  const out = new Uint8Array(total);
  let o = 0;
  for (const x of parts) {
    out.set(x, o);
    o += x.length;
  }
  return out;
}

/** Runs tshark on a pcap with the given UDP port decoded as `proto`; returns its JSON packets. */
export function tsharkJson(pcapPath: string, port: number, proto: 'cflow' | 'sflow'): Array<Record<string, unknown>> {
  const text = execFileSync('tshark', ['-r', pcapPath, '-T', 'json', '--no-duplicate-keys', '-d', `udp.port==${port},${proto}`], {
    encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'ignore'],
  });
  const packets = JSON.parse(text) as Array<{ _source: { layers: Record<string, unknown> } }>;
  return packets.map((p) => p._source.layers);
}

export function writePcap(path: string, payloads: readonly UdpPayload[]): void {
  writeFileSync(path, udpPcap(payloads));
}

/** UDP payloads of every packet in a classic pcap file (Ethernet or raw IP), in order. */
export function readUdpPayloads(path: string): UdpPayload[] {
  const buf = new Uint8Array(readFileSync(path));
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const magic = dv.getUint32(0, true);
  const le = magic === 0xa1b2c3d4 || magic === 0xa1b23c4d;
  if (!le && dv.getUint32(0, false) !== 0xa1b2c3d4 && dv.getUint32(0, false) !== 0xa1b23c4d) throw new Error(`pcap: ${path} is not a classic pcap file`);
  const nano = (le ? magic : dv.getUint32(0, false)) === 0xa1b23c4d;
  const linkType = dv.getUint32(20, le);
  const out: UdpPayload[] = [];
  const parsed = new ParsedPacket({ decapsulate: false });
  let p = 24;
  while (p + 16 <= buf.length) {
    const secs = dv.getUint32(p, le);
    const frac = dv.getUint32(p + 4, le);
    const incl = dv.getUint32(p + 8, le);
    const start = p + 16;
    if (start + incl > buf.length) break;
    parsePacket(buf, start, incl, linkType, parsed);
    if (parsed.protocol === 17 && parsed.payloadOffset >= 0) {
      const src = parsed.src;
      // The UDP length field, not the capture, says where the datagram ends (as tcpdump reads it).
      const udpLength = parsed.l4Offset >= 0 ? (buf[parsed.l4Offset + 4]! << 8) | buf[parsed.l4Offset + 5]! : 0;
      const length = Math.max(0, Math.min(parsed.payloadLength, udpLength - 8));
      out.push({
        payload: buf.slice(parsed.payloadOffset, parsed.payloadOffset + length),
        srcAddr: `${src[12]}.${src[13]}.${src[14]}.${src[15]}`,
        srcPort: parsed.srcPort,
        dstPort: parsed.dstPort,
        timeUs: secs * 1e6 + (nano ? Math.floor(frac / 1000) : frac),
      });
    }
    p = start + incl;
  }
  return out;
}

/** A capture of `flows` TCP/UDP conversations over IPv4 and IPv6, a few packets each. */
/** Conversation i of trafficPcap: IPv6 every 5th, UDP every 3rd, a reply direction every 2nd. */
export function trafficShape(i: number) {
  const packets = 1 + (i % 7);
  return { v6: i % 5 === 4, udp: i % 3 === 0, packets, replies: i % 2 === 0 && packets > 1 };
}

/** Directional flows trafficPcap(flows) holds (all, and IPv4 only). */
export function trafficFlowCount(flows: number): { all: number; ipv4: number } {
  let all = 0;
  let ipv4 = 0;
  for (let i = 0; i < flows; i++) {
    const s = trafficShape(i);
    const n = s.replies ? 2 : 1;
    all += n;
    if (!s.v6) ipv4 += n;
  }
  return { all, ipv4 };
}

export function trafficPcap(flows: number): Uint8Array {
  const frames: Array<{ t: number; frame: Uint8Array }> = [];
  for (let i = 0; i < flows; i++) {
    const { v6, udp, packets, replies } = trafficShape(i);
    for (let k = 0; k < packets; k++) {
      const reply = replies && k % 2 === 1;
      const payloadLen = 20 + ((i * 13 + k * 7) % 900);
      const l4 = new Uint8Array(udp ? 8 + payloadLen : 20 + payloadLen);
      const l4v = new DataView(l4.buffer);
      l4v.setUint16(reply ? 2 : 0, 10000 + i);
      l4v.setUint16(reply ? 0 : 2, udp ? 53 : 443);
      if (udp) l4v.setUint16(4, l4.length);
      else {
        l4v.setUint32(4, k);
        l4[12] = 0x50;
        l4[13] = k === 0 ? 0x02 : 0x18;
      }
      const client = v6 ? parseAddress(`2001:db8::${(i + 1).toString(16)}`) : parseAddress(`10.9.${i >> 8}.${i & 255}`).subarray(12);
      const server = v6 ? parseAddress('2001:db8:ffff::1') : parseAddress('192.0.2.80').subarray(12);
      const src = reply ? server : client;
      const dst = reply ? client : server;
      const ipLen = (v6 ? 40 : 20) + l4.length;
      const ip = new Uint8Array(ipLen);
      const ipv = new DataView(ip.buffer);
      if (v6) {
        ip[0] = 0x60;
        ipv.setUint16(4, l4.length);
        ip[6] = udp ? 17 : 6;
        ip[7] = 64;
        ip.set(src, 8);
        ip.set(dst, 24);
        ip.set(l4, 40);
      } else {
        ip[0] = 0x45;
        ipv.setUint16(2, ipLen);
        ip[8] = 64;
        ip[9] = udp ? 17 : 6;
        ip.set(src, 12);
        ip.set(dst, 16);
        let sum = 0;
        for (let j = 0; j < 20; j += 2) sum += ipv.getUint16(j);
        while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
        ipv.setUint16(10, ~sum & 0xffff);
        ip.set(l4, 20);
      }
      const frame = new Uint8Array(14 + ipLen);
      frame.set([2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2]);
      new DataView(frame.buffer).setUint16(12, v6 ? 0x86dd : 0x0800);
      frame.set(ip, 14);
      frames.push({ t: 1_700_000_000_000_000 + i * 1000 + k * 250_000, frame });
    }
  }
  frames.sort((a, b) => a.t - b.t);
  const size = 24 + frames.reduce((n, f) => n + 16 + f.frame.length, 0);
  const out = new Uint8Array(size);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, 0xa1b2c3d4, true);
  dv.setUint16(4, 2, true);
  dv.setUint16(6, 4, true);
  dv.setUint32(16, 65535, true);
  dv.setUint32(20, 1, true);
  let o = 24;
  for (const f of frames) {
    dv.setUint32(o, Math.floor(f.t / 1e6), true);
    dv.setUint32(o + 4, f.t % 1e6, true);
    dv.setUint32(o + 8, f.frame.length, true);
    dv.setUint32(o + 12, f.frame.length, true);
    out.set(f.frame, o + 16);
    o += 16 + f.frame.length;
  }
  return out;
}

