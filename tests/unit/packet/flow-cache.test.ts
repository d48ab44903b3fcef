// Flow assembly: biflows with initiator, per-direction rows, timeouts on the packet clock, TCP
// endings, ICMP type/code, fragments, VLAN and tunnel separation, the bounded cache, and a
// randomised comparison with a plain Map-based aggregation.
import { describe, expect, it } from 'vitest';
import { type FlowRecord, flowRecords } from '../../../src-worker/flow/record.js';
import { type FlowCacheConfig, FlowCache, type FlowLinks } from '../../../src-worker/packet/flow-cache.js';
import { LINKTYPE_ETHERNET, PacketStatus, ParsedPacket, parsePacket } from '../../../src-worker/packet/headers.js';
import { bytes, ethernet, icmp, ipv4, ipv6, ipv6Fragment, tcp, udp, vlanTag, vxlan } from './frames.js';

type Row = FlowRecord & { conversation: number; initiator: number };

class Harness {
  rows: Row[] = [];
  batches = 0;
  readonly parsed = new ParsedPacket();
  readonly cache: FlowCache;
  constructor(config: Partial<FlowCacheConfig> = {}) {
    this.cache = new FlowCache((batch, links: FlowLinks) => {
      this.batches++;
      flowRecords(batch).forEach((r, i) => this.rows.push({ ...r, conversation: links.conversation[i]!, initiator: links.initiator[i]! }));
    }, config);
  }
  feed(frame: Uint8Array, tsSeconds: number): void {
    const status = parsePacket(frame, 0, frame.length, LINKTYPE_ETHERNET, this.parsed);
    expect(status).toBe(PacketStatus.ok);
    this.cache.add(this.parsed, Math.round(tsSeconds * 1e6), frame.length);
  }
  done(): Row[] {
    this.cache.flush();
    return this.rows;
  }
}

const C = '10.1.0.2';
const S = '10.1.0.1';
const v4tcp = (src: string, dst: string, sp: number, dp: number, flags: number, len = 0) =>
  ethernet(0x0800, ipv4({ protocol: 6, src, dst }, tcp(sp, dp, flags, new Uint8Array(len))));
const v4udp = (src: string, dst: string, sp: number, dp: number, len = 0) =>
  ethernet(0x0800, ipv4({ protocol: 17, src, dst }, udp(sp, dp, new Uint8Array(len))));
const SYN = 0x02, ACK = 0x10, FIN = 0x01, RST = 0x04, PSH = 0x08;

function tcpSession(h: Harness, t0: number, clientPort = 50000): void {
  h.feed(v4tcp(C, S, clientPort, 80, SYN), t0);
  h.feed(v4tcp(S, C, 80, clientPort, SYN | ACK), t0 + 0.001);
  h.feed(v4tcp(C, S, clientPort, 80, ACK), t0 + 0.002);
  h.feed(v4tcp(C, S, clientPort, 80, PSH | ACK, 100), t0 + 0.003);
  h.feed(v4tcp(S, C, 80, clientPort, PSH | ACK, 1000), t0 + 0.004);
  h.feed(v4tcp(C, S, clientPort, 80, FIN | ACK), t0 + 0.005);
  h.feed(v4tcp(S, C, 80, clientPort, FIN | ACK), t0 + 0.006);
  h.feed(v4tcp(C, S, clientPort, 80, ACK), t0 + 0.007);
}

describe('flow cache', () => {
  it('a TCP conversation becomes two linked rows, initiator first', () => {
    const h = new Harness();
    tcpSession(h, 1000);
    const rows = h.done();
    expect(rows.length).toBe(2);
    const [req, resp] = rows as [Row, Row];
    expect([req.src_addr, req.src_port, req.dst_addr, req.dst_port, req.protocol]).toEqual([C, 50000, S, 80, 6]);
    expect([resp.src_addr, resp.src_port, resp.dst_addr, resp.dst_port]).toEqual([S, 80, C, 50000]);
    expect([req.packets, resp.packets]).toEqual([5, 3]);
    expect([req.bytes, resp.bytes]).toEqual([4 * 40 + 140, 2 * 40 + 1040]);
    expect([req.tcp_flags, resp.tcp_flags]).toEqual([SYN | ACK | PSH | FIN, SYN | ACK | PSH | FIN]);
    expect([req.time_start, req.time_end]).toEqual([1000e6, 1000.007e6]);
    expect([resp.time_start, resp.time_end]).toEqual([1000.001e6, 1000.006e6]);
    expect([req.initiator, resp.initiator]).toEqual([1, 0]);
    expect(req.conversation).toBe(resp.conversation);
    expect(req.source).toBe('pcap');
    expect([req.sampling_rate, req.vlan, req.in_if]).toEqual([1, null, null]);
  });

  it('frame byte counting counts link-layer bytes', () => {
    const h = new Harness({ byteCount: 'frame' });
    tcpSession(h, 0);
    const [req, resp] = h.done() as [Row, Row];
    expect([req.bytes, resp.bytes]).toEqual([4 * 54 + 154, 2 * 54 + 1054]);
  });

  it('FIN from both sides ends the flow after the grace period; the next session is a new conversation', () => {
    const h = new Harness({ tcpEndTimeoutUs: 2e6 });
    tcpSession(h, 0);
    h.feed(v4udp('192.0.2.1', '192.0.2.2', 1, 2), 5); // moves the packet clock
    expect(h.cache.stats.tcpEnded).toBe(1);
    expect(h.cache.stats.rowsExported).toBe(2);
    tcpSession(h, 10);
    const rows = h.done();
    expect(rows.filter((r) => r.protocol === 6).length).toBe(4);
    expect(new Set(rows.map((r) => r.conversation)).size).toBe(3);
  });

  it('a SYN reusing a closed 5-tuple starts a new flow at once', () => {
    const h = new Harness({ tcpEndTimeoutUs: 60e6 });
    tcpSession(h, 0);
    tcpSession(h, 0.5);
    const rows = h.done();
    expect(rows.length).toBe(4);
    expect(rows.map((r) => r.packets)).toEqual([5, 3, 5, 3]);
  });

  it('RST ends a flow', () => {
    const h = new Harness();
    h.feed(v4tcp(C, S, 1234, 443, SYN), 0);
    h.feed(v4tcp(S, C, 443, 1234, RST | ACK), 0.001);
    h.feed(v4udp('192.0.2.1', '192.0.2.2', 1, 2), 3);
    expect(h.cache.stats.tcpEnded).toBe(1);
  });

  it('the side answering with SYN-ACK is not the initiator even when it is seen first', () => {
    const h = new Harness();
    h.feed(v4tcp(S, C, 80, 50000, SYN | ACK), 0);
    h.feed(v4tcp(C, S, 50000, 80, ACK), 0.001);
    const rows = h.done();
    expect(rows[0]!.src_addr).toBe(C);
    expect(rows[0]!.initiator).toBe(1);
    expect(rows[1]!.initiator).toBe(0);
  });

  it('idle timeout splits a conversation on the packet clock', () => {
    const h = new Harness({ idleTimeoutUs: 15e6 });
    h.feed(v4udp(C, S, 5000, 53), 0);
    h.feed(v4udp(C, S, 5000, 53), 10);
    h.feed(v4udp(C, S, 5000, 53), 30);
    const rows = h.done();
    expect(rows.map((r) => r.packets)).toEqual([2, 1]);
    expect(h.cache.stats.idleExpired).toBe(1);
  });

  it('active timeout exports long flows periodically, keeping the totals', () => {
    const h = new Harness({ activeTimeoutUs: 30e6, idleTimeoutUs: 15e6 });
    for (let t = 0; t < 100; t++) h.feed(v4udp(C, S, 7000, 7001, 100), t);
    const rows = h.done();
    expect(rows.length).toBe(4);
    expect(rows.reduce((n, r) => n + r.packets, 0)).toBe(100);
    expect(rows.reduce((n, r) => n + r.bytes, 0)).toBe(100 * 128);
    expect(h.cache.stats.activeExpired).toBe(3);
    for (const r of rows) expect(r.time_end - r.time_start).toBeLessThan(30e6);
  });

  it('ICMP echo request and reply are one conversation with type/code in dst_port', () => {
    const h = new Harness();
    const ping = (src: string, dst: string, type: number) => ethernet(0x0800, ipv4({ protocol: 1, src, dst }, icmp(type, 0, new Uint8Array(60))));
    for (let i = 0; i < 3; i++) {
      h.feed(ping(C, S, 8), i);
      h.feed(ping(S, C, 0), i + 0.0005);
    }
    h.feed(ethernet(0x0800, ipv4({ protocol: 1, src: S, dst: C }, icmp(3, 3))), 4);
    const rows = h.done();
    const echo = rows.filter((r) => r.dst_port === 0x0800 || r.dst_port === 0);
    expect(echo.map((r) => [r.src_addr, r.src_port, r.dst_port, r.packets])).toEqual([[C, 0, 0x0800, 3], [S, 0, 0x0000, 3]]);
    expect(echo[0]!.conversation).toBe(echo[1]!.conversation);
    expect(rows.find((r) => r.dst_port === 0x0303)?.packets).toBe(1);
  });

  it('IPv4 and IPv6 fragments are attributed to the flow of their first fragment', () => {
    const h = new Harness();
    const payload = udp(4000, 4001, new Uint8Array(3000));
    const frag = (off: number, len: number, more: boolean) =>
      ethernet(0x0800, ipv4({ protocol: 17, src: C, dst: S, id: 99, moreFragments: more, fragmentOffset: off }, payload.subarray(off, off + len)));
    h.feed(frag(0, 1480, true), 0);
    h.feed(frag(1480, 1480, true), 0.001);
    h.feed(frag(2960, 48, false), 0.002);
    const p6 = udp(6000, 6001, new Uint8Array(2000));
    const f6 = (off: number, len: number, more: boolean) =>
      ethernet(0x86dd, ipv6({ nextHeader: 44, src: '2001:db8::1', dst: '2001:db8::2' }, ipv6Fragment(17, off, more, 7, p6.subarray(off, off + len))));
    h.feed(f6(0, 1232, true), 0.003);
    h.feed(f6(1232, 776, false), 0.004);
    // A later fragment whose first fragment never came: counted, kept with ports 0.
    h.feed(ethernet(0x0800, ipv4({ protocol: 17, src: C, dst: S, id: 1234, fragmentOffset: 1480 }, new Uint8Array(100))), 0.005);
    const rows = h.done();
    const v4 = rows.find((r) => r.dst_port === 4001)!;
    expect([v4.packets, v4.bytes]).toEqual([3, 3 * 20 + 3008]);
    const v6 = rows.find((r) => r.dst_port === 6001)!;
    expect([v6.src_addr, v6.packets, v6.bytes]).toEqual(['2001:db8::1', 2, 2 * 48 + 2008]);
    expect(h.cache.stats.fragmentsAttributed).toBe(3);
    expect(h.cache.stats.fragmentsUnattributed).toBe(1);
    expect(rows.find((r) => r.dst_port === 0 && r.protocol === 17)?.packets).toBe(1);
  });

  it('VLANs and tunnel ids separate otherwise identical flows', () => {
    const h = new Harness();
    for (const vid of [10, 20]) {
      const tag = vlanTag(vid, 0x0800);
      h.feed(ethernet(0x8100, bytes(tag.bytes, ipv4({ protocol: 17, src: C, dst: S }, udp(1, 2)))), 0);
    }
    for (const vni of [100, 200, 200]) {
      const inner = ethernet(0x0800, ipv4({ protocol: 17, src: C, dst: S }, udp(1, 2)));
      h.feed(ethernet(0x0800, ipv4({ protocol: 17, src: '203.0.113.1', dst: '203.0.113.2' }, udp(40000, 4789, vxlan(vni, inner)))), 0.1);
    }
    const rows = h.done();
    expect(rows.map((r) => [r.vlan, r.packets])).toEqual([[10, 1], [20, 1], [null, 1], [null, 2]]);
    expect(rows.every((r) => r.src_addr === C && r.dst_port === 2)).toBe(true);
  });

  it('is bounded: beyond maxFlows the least recently active flow is exported early and counted', () => {
    const h = new Harness({ maxFlows: 100, batchSize: 64 });
    for (let i = 0; i < 1000; i++) h.feed(v4udp(C, S, 10000 + i, 53), i * 0.001);
    expect(h.cache.size).toBe(100);
    expect(h.cache.stats.evictions).toBe(900);
    const rows = h.done();
    expect(rows.length).toBe(1000);
    expect(h.batches).toBe(Math.ceil(1000 / 64));
    expect(new Set(rows.map((r) => r.src_port)).size).toBe(1000);
  });

  it('matches a plain Map aggregation on random traffic, through evictions and deletions', () => {
    let seed = 7;
    const rand = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n);
    const h = new Harness({ maxFlows: 64, idleTimeoutUs: 2e6, activeTimeoutUs: 5e6 });
    const expected = new Map<string, { packets: number; bytes: number }>();
    let t = 0;
    for (let i = 0; i < 20000; i++) {
      t += rand(3000) / 1e6 * 10;
      const a = `10.0.${rand(4)}.${rand(8)}`;
      const b = `10.9.${rand(2)}.${rand(4)}`;
      const sp = 1000 + rand(6);
      const dp = [53, 80, 443][rand(3)]!;
      const len = rand(1400);
      const reverse = rand(2) === 1;
      const proto = rand(4) === 0 ? 17 : 6;
      const [src, dst, s, d] = reverse ? [b, a, dp, sp] : [a, b, sp, dp];
      const l4 = proto === 6 ? tcp(s, d, ACK, new Uint8Array(len)) : udp(s, d, new Uint8Array(len));
      h.feed(ethernet(0x0800, ipv4({ protocol: proto, src, dst }, l4)), t);
      const key = `${proto} ${src}:${s} > ${dst}:${d}`;
      const e = expected.get(key) ?? { packets: 0, bytes: 0 };
      e.packets++;
      e.bytes += 20 + l4.length;
      expected.set(key, e);
    }
    const got = new Map<string, { packets: number; bytes: number }>();
    for (const r of h.done()) {
      const key = `${r.protocol} ${r.src_addr}:${r.src_port} > ${r.dst_addr}:${r.dst_port}`;
      const e = got.get(key) ?? { packets: 0, bytes: 0 };
      e.packets += r.packets;
      e.bytes += r.bytes;
      got.set(key, e);
    }
    expect(got).toEqual(expected);
    expect(h.cache.stats.evictions + h.cache.stats.idleExpired + h.cache.stats.activeExpired).toBeGreaterThan(100);
  });
});
