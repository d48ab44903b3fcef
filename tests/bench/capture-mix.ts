// Writes a large, realistic raw capture for the import benchmark: thousands of concurrent TCP
// sessions (handshake, request, larger response, FIN/ACK teardown) over IPv4 and IPv6, DNS
// query/response pairs, QUIC-like UDP bulk, ICMP echo, a share of 802.1Q-tagged frames, packets
// interleaved across sessions as on a busy uplink. Captured with a 128-byte snap length (the
// usual choice for flow analysis), original lengths kept. Deterministic for a given seed.
import { closeSync, openSync, writeSync } from 'node:fs';

const SNAP = 128;
const BLOCK = 8 << 20;

class Rng {
  constructor(private s: number) {}
  next(): number {
    this.s = (Math.imul(this.s ^ (this.s >>> 15), 0x2c1b3c6d) + 0x9e3779b9) | 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 12), 0x297a2d39);
    return ((t ^ (t >>> 15)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
}

const enum Kind { Tcp4, Tcp6, Dns, Quic, Ping }

interface Session {
  kind: Kind;
  client: number; // host index
  server: number;
  cport: number;
  sport: number;
  step: number;
  steps: number;
  vlan: number; // -1 untagged
}

export interface MixStats {
  packets: number;
  bytes: number;
  sessions: number;
}

/** Writes `packets` packets to `path` as a little-endian µs pcap (Ethernet). */
export function writeMixedCapture(path: string, packets: number, seed = 1): MixStats {
  const rng = new Rng(seed);
  const fd = openSync(path, 'w');
  const buf = new Uint8Array(BLOCK + 4096);
  const dv = new DataView(buf.buffer);
  let o = 0;
  // Global header.
  dv.setUint32(0, 0xa1b2c3d4, true); dv.setUint16(4, 2, true); dv.setUint16(6, 4, true);
  dv.setUint32(8, 0, true); dv.setUint32(12, 0, true); dv.setUint32(16, SNAP, true); dv.setUint32(20, 1, true);
  o = 24;
  let bytesOut = 0;
  const active: Session[] = [];
  const TARGET_ACTIVE = 4000;
  let sessions = 0;
  let tsUs = 1_700_000_000_000_000;
  const frame = new Uint8Array(1600);
  const fv = new DataView(frame.buffer);

  const newSession = (): Session => {
    sessions++;
    const r = rng.next();
    const kind = r < 0.5 ? Kind.Tcp4 : r < 0.62 ? Kind.Tcp6 : r < 0.82 ? Kind.Dns : r < 0.94 ? Kind.Quic : Kind.Ping;
    const steps = kind === Kind.Dns ? 2 : kind === Kind.Ping ? 2 * (1 + rng.int(4)) : kind === Kind.Quic ? 10 + rng.int(60) : 8 + rng.int(40);
    return {
      kind, client: rng.int(20000), server: rng.int(500), cport: 1024 + rng.int(64000),
      sport: kind === Kind.Dns ? 53 : kind === Kind.Quic ? 443 : [80, 443, 443, 22, 8080][rng.int(5)]!, step: 0, steps,
      vlan: rng.next() < 0.2 ? 100 + rng.int(4) : -1,
    };
  };

  for (let i = 0; i < packets; i++) {
    while (active.length < TARGET_ACTIVE) active.push(newSession());
    const idx = rng.int(active.length);
    const s = active[idx]!;
    const len = buildPacket(s, frame, fv, rng);
    s.step++;
    if (s.step >= s.steps) {
      active[idx] = active[active.length - 1]!;
      active.pop();
    }
    tsUs += 1 + rng.int(9);
    const cap = Math.min(SNAP, len);
    dv.setUint32(o, Math.floor(tsUs / 1e6), true);
    dv.setUint32(o + 4, tsUs % 1e6, true);
    dv.setUint32(o + 8, cap, true);
    dv.setUint32(o + 12, len, true);
    buf.set(frame.subarray(0, cap), o + 16);
    o += 16 + cap;
    bytesOut += len;
    if (o >= BLOCK) {
      writeSync(fd, buf, 0, o);
      o = 0;
    }
  }
  if (o > 0) writeSync(fd, buf, 0, o);
  closeSync(fd);
  return { packets, bytes: bytesOut, sessions };
}

/** Builds the session's next packet into `f`; returns the frame length on the wire. */
function buildPacket(s: Session, f: Uint8Array, v: DataView, rng: Rng): number {
  const fromClient = s.kind === Kind.Dns || s.kind === Kind.Ping ? s.step % 2 === 0 : s.step === 0 || s.step === 2 || (s.step > 2 && rng.next() < 0.35);
  // Ethernet (+ optional 802.1Q).
  for (let i = 0; i < 12; i++) f[i] = i < 6 ? (fromClient ? 0x20 : 0x10) + i : (fromClient ? 0x10 : 0x20) + i;
  let o = 12;
  if (s.vlan >= 0) {
    v.setUint16(o, 0x8100); v.setUint16(o + 2, s.vlan); o += 4;
  }
  const v6 = s.kind === Kind.Tcp6;
  v.setUint16(o, v6 ? 0x86dd : 0x0800); o += 2;
  const proto = s.kind === Kind.Tcp4 || s.kind === Kind.Tcp6 ? 6 : s.kind === Kind.Ping ? 1 : 17;
  let payload: number;
  let flags = 0x10;
  if (proto === 6) {
    const last = s.steps - 1;
    if (s.step === 0) { flags = 0x02; payload = 0; }
    else if (s.step === 1) { flags = 0x12; payload = 0; }
    else if (s.step === 2) { flags = 0x10; payload = 0; }
    else if (s.step === last - 2) { flags = 0x11; payload = 0; }
    else if (s.step === last - 1) { flags = 0x11; payload = 0; }
    else if (s.step === last) { flags = 0x10; payload = 0; }
    else { flags = 0x18; payload = fromClient ? 50 + rng.int(500) : rng.next() < 0.7 ? 1448 : rng.int(1448); }
  } else if (proto === 17) payload = s.kind === Kind.Dns ? (fromClient ? 30 + rng.int(20) : 80 + rng.int(200)) : 1200 + rng.int(52);
  else payload = 56;
  const l4 = proto === 6 ? 20 : 8;
  const cHost = s.client;
  const sHost = s.server;
  if (v6) {
    v.setUint32(o, 0x60000000); v.setUint16(o + 4, l4 + payload); f[o + 6] = proto; f[o + 7] = 64;
    const [a, b] = fromClient ? [cHost, sHost + 100000] : [sHost + 100000, cHost];
    writeV6(v, o + 8, a); writeV6(v, o + 24, b);
    o += 40;
  } else {
    f[o] = 0x45; f[o + 1] = 0; v.setUint16(o + 2, 20 + l4 + payload); v.setUint16(o + 4, 0); v.setUint16(o + 6, 0x4000);
    f[o + 8] = 64; f[o + 9] = proto; v.setUint16(o + 10, 0);
    const c = 0x0a000000 | cHost;
    const sv = 0xc0a80000 | sHost;
    v.setUint32(o + 12, fromClient ? c : sv); v.setUint32(o + 16, fromClient ? sv : c);
    o += 20;
  }
  if (proto === 6) {
    v.setUint16(o, fromClient ? s.cport : s.sport); v.setUint16(o + 2, fromClient ? s.sport : s.cport);
    v.setUint32(o + 4, s.step * 1000); v.setUint32(o + 8, 1); f[o + 12] = 0x50; f[o + 13] = flags; v.setUint16(o + 14, 65535);
    v.setUint32(o + 16, 0);
  } else if (proto === 17) {
    v.setUint16(o, fromClient ? s.cport : s.sport); v.setUint16(o + 2, fromClient ? s.sport : s.cport); v.setUint16(o + 4, 8 + payload); v.setUint16(o + 6, 0);
  } else {
    f[o] = fromClient ? 8 : 0; f[o + 1] = 0; v.setUint16(o + 2, 0); v.setUint16(o + 4, s.cport); v.setUint16(o + 6, s.step >> 1);
  }
  o += l4;
  const total = o + payload;
  // Fill the part of the payload that is captured with something other than zeros.
  for (let i = o; i < Math.min(total, SNAP); i++) f[i] = (i * 31) & 0xff;
  for (let i = total; i < 60; i++) f[i] = 0; // Ethernet padding
  return Math.max(60, total);
}

function writeV6(v: DataView, o: number, host: number): void {
  v.setUint32(o, 0x20010db8); v.setUint32(o + 4, host >= 100000 ? 0xff : 0x01); v.setUint32(o + 8, 0); v.setUint32(o + 12, host);
}
