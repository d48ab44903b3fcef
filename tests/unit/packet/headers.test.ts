// Header parsing: every supported link type, VLAN/QinQ, MPLS, IPv4 options and fragments, IPv6
// extension headers and fragments, TCP/UDP/ICMP, tunnels; and that no input, however mangled,
// makes the parser throw.
import { describe, expect, it } from 'vitest';
import { formatAddress } from '../../../src-worker/flow/address.js';
import {
  LINKTYPE_C_HDLC, LINKTYPE_ETHERNET, LINKTYPE_IPV4, LINKTYPE_IPV6, LINKTYPE_LINUX_SLL, LINKTYPE_LINUX_SLL2, LINKTYPE_LOOP,
  LINKTYPE_NULL, LINKTYPE_PPP, LINKTYPE_RAW, PACKET_STATUS_NAMES, PacketStatus, ParsedPacket, TunnelType, packetStatusMessage,
  packetStatusName, parsePacket,
} from '../../../src-worker/packet/headers.js';
import {
  bsdNull, bytes, ethernet, gre, icmp, ipv4, ipv6, ipv6Extension, ipv6Fragment, linuxSll, linuxSll2, mplsStack, tcp, text,
  udp, vlanTag, vxlan,
} from './frames.js';

const p = new ParsedPacket();
function parse(frame: Uint8Array, linkType = LINKTYPE_ETHERNET, packet = p): ParsedPacket {
  parsePacket(frame, 0, frame.length, linkType, packet);
  return packet;
}

const tcpV4 = () => ipv4({ protocol: 6, src: '10.0.0.1', dst: '10.0.0.2', tos: 0xb8, ttl: 61 }, tcp(40000, 443, 0x12, text('hello')));
const udpV6 = () => ipv6({ nextHeader: 17, src: '2001:db8::1', dst: '2001:db8::2', trafficClass: 0x20, flowLabel: 0x12345 }, udp(5353, 53, text('q')));

describe('link layers', () => {
  it('Ethernet + IPv4 + TCP', () => {
    const r = parse(ethernet(0x0800, tcpV4()));
    expect(r.status).toBe(PacketStatus.ok);
    expect(r.ethOffset).toBe(0);
    expect(r.ipVersion).toBe(4);
    expect(formatAddress(r.src)).toBe('10.0.0.1');
    expect(formatAddress(r.dst)).toBe('10.0.0.2');
    expect(r.protocol).toBe(6);
    expect([r.srcPort, r.dstPort, r.tcpFlags, r.tos, r.ttl]).toEqual([40000, 443, 0x12, 0xb8, 61]);
    expect(r.ipLength).toBe(20 + 20 + 5);
    expect(r.payloadOffset).toBe(14 + 40);
    expect(r.payloadLength).toBe(5);
    expect(r.vlan).toBe(-1);
    expect(r.fragment).toBe(false);
    expect(r.tunnelType).toBe(TunnelType.none);
  });

  it('ignores Ethernet padding but notices a short capture', () => {
    const frame = ethernet(0x0800, ipv4({ protocol: 17, src: '1.1.1.1', dst: '2.2.2.2' }, udp(1, 2)));
    const padded = bytes(frame, new Array(60 - frame.length).fill(0));
    const r = parse(padded);
    expect(r.ipLength).toBe(28);
    expect(r.payloadLength).toBe(0);
    expect(r.captureTruncated).toBe(false);
    const big = ethernet(0x0800, ipv4({ protocol: 17, src: '1.1.1.1', dst: '2.2.2.2' }, udp(1, 2, new Uint8Array(1000))));
    const snapped = parse(big.subarray(0, 96));
    expect(snapped.status).toBe(PacketStatus.ok);
    expect(snapped.captureTruncated).toBe(true);
    expect(snapped.ipLength).toBe(1028);
    expect(snapped.payloadLength).toBe(96 - 14 - 28);
  });

  it('802.1Q and QinQ (802.1ad) tags', () => {
    const inner = vlanTag(200, 0x0800);
    const outer = vlanTag(100, 0x8100, 0x88a8);
    const frame = ethernet(outer.tpid, bytes(outer.bytes, inner.bytes, tcpV4()));
    const r = parse(frame);
    expect(r.status).toBe(PacketStatus.ok);
    expect([r.vlan, r.innerVlan]).toEqual([100, 200]);
    expect(r.dstPort).toBe(443);
  });

  it('MPLS label stack over Ethernet, then IPv4 and IPv6', () => {
    const r = parse(ethernet(0x8847, mplsStack([16001, 24005], tcpV4())));
    expect(r.status).toBe(PacketStatus.ok);
    expect([r.mplsLabel, r.mplsLabels]).toEqual([16001, 2]);
    expect(formatAddress(r.src)).toBe('10.0.0.1');
    expect(r.tunnelType).toBe(TunnelType.none); // a transport label, not a tunnel context
    const r6 = parse(ethernet(0x8847, mplsStack([3], udpV6())));
    expect(r6.ipVersion).toBe(6);
    expect(r6.dstPort).toBe(53);
  });

  it('MPLS Ethernet pseudowire with a control word', () => {
    const inner = ethernet(0x0800, tcpV4());
    const r = parse(ethernet(0x8847, mplsStack([299776], bytes([0, 0, 0, 0], inner))));
    expect(r.status).toBe(PacketStatus.ok);
    expect(r.dstPort).toBe(443);
  });

  it('Linux cooked SLL and SLL2', () => {
    expect(parse(linuxSll(0x0800, tcpV4()), LINKTYPE_LINUX_SLL).dstPort).toBe(443);
    const r = parse(linuxSll2(0x86dd, udpV6()), LINKTYPE_LINUX_SLL2);
    expect(r.status).toBe(PacketStatus.ok);
    expect(formatAddress(r.dst)).toBe('2001:db8::2');
    expect(r.tos).toBe(0x20);
    expect(r.flowLabel).toBe(0x12345);
    expect(parse(linuxSll(0x0806, new Uint8Array(28)), LINKTYPE_LINUX_SLL).status).toBe(PacketStatus.notIp);
  });

  it('raw IPv4/IPv6 link types', () => {
    expect(parse(tcpV4(), LINKTYPE_RAW).dstPort).toBe(443);
    expect(parse(udpV6(), LINKTYPE_RAW).ipVersion).toBe(6);
    expect(parse(tcpV4(), LINKTYPE_IPV4).ipVersion).toBe(4);
    expect(parse(udpV6(), LINKTYPE_IPV6).ipVersion).toBe(6);
    expect(parse(udpV6(), LINKTYPE_IPV4).status).toBe(PacketStatus.ipBadVersion);
  });

  it('BSD null/loopback in either byte order, and OpenBSD loop', () => {
    expect(parse(bsdNull(2, tcpV4(), true), LINKTYPE_NULL).ipVersion).toBe(4);
    expect(parse(bsdNull(2, tcpV4(), false), LINKTYPE_NULL).ipVersion).toBe(4);
    for (const af of [10, 24, 28, 30]) expect(parse(bsdNull(af, udpV6(), true), LINKTYPE_NULL).ipVersion).toBe(6);
    expect(parse(bsdNull(30, udpV6(), false), LINKTYPE_LOOP).ipVersion).toBe(6);
    expect(parse(bsdNull(99, udpV6(), true), LINKTYPE_NULL).status).toBe(PacketStatus.notIp);
  });

  it('PPP, Cisco HDLC, PPPoE', () => {
    expect(parse(bytes([0xff, 0x03, 0x00, 0x21], tcpV4()), LINKTYPE_PPP).dstPort).toBe(443);
    expect(parse(bytes([0x21], tcpV4()), LINKTYPE_PPP).dstPort).toBe(443);
    expect(parse(bytes([0x0f, 0x00, 0x08, 0x00], tcpV4()), LINKTYPE_C_HDLC).dstPort).toBe(443);
    const pppoe = bytes([0x11, 0x00, 0x00, 0x01, 0x00, 0x2a, 0x00, 0x57], udpV6());
    expect(parse(ethernet(0x8864, pppoe)).dstPort).toBe(53);
  });

  it('802.3 LLC/SNAP carrying IP, and non-IP frames', () => {
    const snap = bytes([0xaa, 0xaa, 0x03, 0, 0, 0, 0x08, 0x00], tcpV4());
    const frame = bytes([...new Array(12).fill(2)], [(snap.length >> 8) & 0xff, snap.length & 0xff], snap);
    expect(parse(frame).dstPort).toBe(443);
    const arp = parse(ethernet(0x0806, new Uint8Array(28)));
    expect(arp.status).toBe(PacketStatus.notIp);
    expect(arp.etherType).toBe(0x0806);
    const stp = bytes(new Array(12).fill(1), [0, 38], [0x42, 0x42, 0x03], new Array(35).fill(0));
    expect(parse(stp).status).toBe(PacketStatus.notIp);
  });

  it('unsupported link type is its own category', () => {
    expect(parse(tcpV4(), 147).status).toBe(PacketStatus.unsupportedLinkType);
  });
});

describe('IPv4', () => {
  it('options are skipped', () => {
    const r = parse(ipv4({ protocol: 17, src: '1.2.3.4', dst: '5.6.7.8', options: [0x94, 4, 0, 0] }, udp(1000, 2000)), LINKTYPE_RAW);
    expect(r.ipHeaderLength).toBe(24);
    expect([r.srcPort, r.dstPort]).toEqual([1000, 2000]);
  });

  it('first fragment has ports, later fragments do not', () => {
    const payload = udp(5000, 6000, new Uint8Array(100));
    const first = parse(ipv4({ protocol: 17, src: '1.2.3.4', dst: '5.6.7.8', id: 77, moreFragments: true }, payload.subarray(0, 48)), LINKTYPE_RAW);
    expect(first.status).toBe(PacketStatus.ok);
    expect([first.fragment, first.moreFragments, first.fragmentOffset, first.fragmentId]).toEqual([true, true, 0, 77]);
    expect([first.hasPorts, first.srcPort, first.dstPort]).toEqual([true, 5000, 6000]);
    const later = parse(ipv4({ protocol: 17, src: '1.2.3.4', dst: '5.6.7.8', id: 77, fragmentOffset: 48 }, payload.subarray(48)), LINKTYPE_RAW);
    expect(later.status).toBe(PacketStatus.ok);
    expect([later.fragment, later.moreFragments, later.fragmentOffset, later.fragmentId]).toEqual([true, false, 48, 77]);
    expect(later.hasPorts).toBe(false);
    expect(later.l4Offset).toBe(-1);
    expect(later.protocol).toBe(17);
  });

  it('ICMP type and code', () => {
    const r = parse(ipv4({ protocol: 1, src: '1.2.3.4', dst: '5.6.7.8' }, icmp(3, 13)), LINKTYPE_RAW);
    expect([r.icmpType, r.icmpCode, r.hasPorts]).toEqual([3, 13, false]);
  });

  it('malformed headers get categories', () => {
    expect(parse(ipv4({ protocol: 6, src: '1.1.1.1', dst: '2.2.2.2' }, tcp(1, 2, 0)).subarray(0, 19), LINKTYPE_RAW).status).toBe(PacketStatus.ipv4Truncated);
    const badIhl = ipv4({ protocol: 6, src: '1.1.1.1', dst: '2.2.2.2' }, tcp(1, 2, 0));
    badIhl[0] = 0x44;
    expect(parse(badIhl, LINKTYPE_RAW).status).toBe(PacketStatus.ipv4BadHeader);
    const shortTotal = ipv4({ protocol: 6, src: '1.1.1.1', dst: '2.2.2.2', totalLength: 12 }, tcp(1, 2, 0));
    expect(parse(shortTotal, LINKTYPE_RAW).status).toBe(PacketStatus.ipv4BadHeader);
    expect(parse(ipv4({ protocol: 6, src: '1.1.1.1', dst: '2.2.2.2' }, tcp(1, 2, 0).subarray(0, 10)), LINKTYPE_RAW).status).toBe(PacketStatus.tcpTruncated);
    const badOffset = tcp(1, 2, 0);
    badOffset[12] = 0x30;
    expect(parse(ipv4({ protocol: 6, src: '1.1.1.1', dst: '2.2.2.2' }, badOffset), LINKTYPE_RAW).status).toBe(PacketStatus.tcpBadHeader);
    expect(parse(ipv4({ protocol: 17, src: '1.1.1.1', dst: '2.2.2.2' }, new Uint8Array(5)), LINKTYPE_RAW).status).toBe(PacketStatus.udpTruncated);
    expect(parse(ipv4({ protocol: 1, src: '1.1.1.1', dst: '2.2.2.2' }, new Uint8Array(2)), LINKTYPE_RAW).status).toBe(PacketStatus.icmpTruncated);
    expect(parse(new Uint8Array([0x50, 0, 0, 0]), LINKTYPE_RAW).status).toBe(PacketStatus.ipBadVersion);
  });

  it('total length 0 (segmentation offload) uses the captured length', () => {
    const r = parse(ipv4({ protocol: 6, src: '1.1.1.1', dst: '2.2.2.2', totalLength: 0 }, tcp(1, 2, 0x10, new Uint8Array(3000))), LINKTYPE_RAW);
    expect(r.status).toBe(PacketStatus.ok);
    expect(r.ipLength).toBe(20 + 20 + 3000);
  });
});

describe('IPv6', () => {
  it('walks hop-by-hop, routing and destination options to TCP', () => {
    const chain = ipv6Extension(43, ipv6Extension(60, ipv6Extension(6, tcp(1234, 80, 0x02)), 2));
    const r = parse(ipv6({ nextHeader: 0, src: 'fe80::1', dst: 'ff02::16' }, chain), LINKTYPE_RAW);
    expect(r.status).toBe(PacketStatus.ok);
    expect(r.protocol).toBe(6);
    expect(r.ipHeaderLength).toBe(40 + 8 + 16 + 8);
    expect([r.srcPort, r.dstPort, r.tcpFlags]).toEqual([1234, 80, 0x02]);
  });

  it('fragment header: first fragment has ports, later ones are attributed by id', () => {
    const payload = udp(7000, 53, new Uint8Array(64));
    const first = parse(ipv6({ nextHeader: 44, src: '2001:db8::a', dst: '2001:db8::b' }, ipv6Fragment(17, 0, true, 0xdeadbeef, payload.subarray(0, 32))), LINKTYPE_RAW);
    expect(first.status).toBe(PacketStatus.ok);
    expect([first.fragment, first.moreFragments, first.fragmentId, first.srcPort, first.dstPort]).toEqual([true, true, 0xdeadbeef, 7000, 53]);
    const later = parse(ipv6({ nextHeader: 0, src: '2001:db8::a', dst: '2001:db8::b' }, ipv6Extension(44, ipv6Fragment(17, 32, false, 0xdeadbeef, payload.subarray(32)))), LINKTYPE_RAW);
    expect(later.status).toBe(PacketStatus.ok);
    expect([later.fragment, later.fragmentOffset, later.fragmentId, later.protocol, later.hasPorts]).toEqual([true, 32, 0xdeadbeef, 17, false]);
  });

  it('ICMPv6 type/code and AH', () => {
    const r = parse(ipv6({ nextHeader: 58, src: '::1', dst: '::1' }, icmp(135, 0)), LINKTYPE_RAW);
    expect([r.protocol, r.icmpType, r.icmpCode]).toEqual([58, 135, 0]);
    const ah = bytes([17, 4, 0, 0], new Array(20).fill(0), udp(500, 500));
    const a = parse(ipv6({ nextHeader: 51, src: '::1', dst: '::2' }, ah), LINKTYPE_RAW);
    expect([a.protocol, a.dstPort]).toEqual([17, 500]);
  });

  it('truncated extension header is its own category', () => {
    const chain = ipv6Extension(6, tcp(1, 2, 0), 4);
    const pkt = ipv6({ nextHeader: 0, src: '::1', dst: '::2' }, chain);
    expect(parse(pkt.subarray(0, 40 + 16), LINKTYPE_RAW).status).toBe(PacketStatus.ipv6ExtensionTruncated);
    expect(parse(pkt.subarray(0, 30), LINKTYPE_RAW).status).toBe(PacketStatus.ipv6Truncated);
  });
});

describe('tunnels', () => {
  const inner = () => ipv4({ protocol: 6, src: '192.168.1.10', dst: '192.168.1.20' }, tcp(33000, 22, 0x18));
  const outerV4 = (protocol: number, payload: Uint8Array) => ipv4({ protocol, src: '203.0.113.1', dst: '203.0.113.2' }, payload);

  it('VXLAN gives the inner flow with the VNI and outer endpoints', () => {
    const frame = ethernet(0x0800, outerV4(17, udp(51000, 4789, vxlan(5001, ethernet(0x0800, inner())))));
    const r = parse(frame);
    expect(r.status).toBe(PacketStatus.ok);
    expect([r.tunnelType, r.tunnelId, r.tunnelDepth]).toEqual([TunnelType.vxlan, 5001, 1]);
    expect(formatAddress(r.tunnelSrc)).toBe('203.0.113.1');
    expect(formatAddress(r.src)).toBe('192.168.1.10');
    expect([r.srcPort, r.dstPort, r.protocol]).toEqual([33000, 22, 6]);
    const outer = new ParsedPacket({ decapsulate: false });
    parse(frame, LINKTYPE_ETHERNET, outer);
    expect([outer.dstPort, outer.tunnelType]).toEqual([4789, TunnelType.none]);
    expect(formatAddress(outer.src)).toBe('203.0.113.1');
  });

  it('GRE with key, IPv4 and transparent Ethernet', () => {
    const r = parse(outerV4(47, gre(0x0800, inner(), 42)), LINKTYPE_RAW);
    expect([r.tunnelType, r.tunnelId, r.dstPort]).toEqual([TunnelType.gre, 42, 22]);
    const nv = parse(outerV4(47, gre(0x6558, ethernet(0x0800, inner()), 0x100)), LINKTYPE_RAW);
    expect([nv.tunnelType, nv.dstPort]).toEqual([TunnelType.gre, 22]);
    const keepalive = parse(outerV4(47, gre(0x0000, new Uint8Array(8))), LINKTYPE_RAW);
    expect([keepalive.status, keepalive.protocol, keepalive.tunnelType]).toEqual([PacketStatus.ok, 47, TunnelType.none]);
  });

  it('IP-in-IP (4) and IPv6-in-IPv4 (41)', () => {
    const r = parse(outerV4(4, inner()), LINKTYPE_RAW);
    expect([r.tunnelType, r.dstPort]).toEqual([TunnelType.ipip, 22]);
    const r6 = parse(outerV4(41, ipv6({ nextHeader: 17, src: '2001:db8::1', dst: '2001:db8::2' }, udp(1, 2))), LINKTYPE_RAW);
    expect([r6.tunnelType, r6.ipVersion, r6.dstPort]).toEqual([TunnelType.ipip, 6, 2]);
  });

  it('MPLS in GRE', () => {
    const r = parse(outerV4(47, gre(0x8847, mplsStack([1000], inner()))), LINKTYPE_RAW);
    expect([r.tunnelType, r.tunnelId, r.dstPort]).toEqual([TunnelType.mpls, 1000, 22]);
  });

  it('nesting beyond the limit is reported, not followed forever', () => {
    let pkt = inner();
    for (let i = 0; i < 8; i++) pkt = outerV4(4, pkt);
    expect(parse(pkt, LINKTYPE_RAW).status).toBe(PacketStatus.tunnelTooDeep);
  });

  it('a UDP packet to port 4789 that is not VXLAN stays plain UDP', () => {
    const r = parse(outerV4(17, udp(1, 4789, text('not vxlan at all, just text'))), LINKTYPE_RAW);
    expect([r.status, r.tunnelType, r.dstPort]).toEqual([PacketStatus.ok, TunnelType.none, 4789]);
  });
});

describe('robustness', () => {
  const samples: [Uint8Array, number][] = [
    [ethernet(0x0800, tcpV4()), LINKTYPE_ETHERNET],
    [ethernet(0x8100, bytes(vlanTag(5, 0x86dd).bytes, udpV6())), LINKTYPE_ETHERNET],
    [ethernet(0x8847, mplsStack([1, 2, 3], tcpV4())), LINKTYPE_ETHERNET],
    [ethernet(0x0800, ipv4({ protocol: 17, src: '1.1.1.1', dst: '2.2.2.2' }, udp(1, 4789, vxlan(1, ethernet(0x0800, tcpV4()))))), LINKTYPE_ETHERNET],
    [ipv4({ protocol: 47, src: '1.1.1.1', dst: '2.2.2.2' }, gre(0x86dd, udpV6(), 9)), LINKTYPE_RAW],
    [ipv6({ nextHeader: 0, src: '::1', dst: '::2' }, ipv6Extension(44, ipv6Fragment(6, 0, true, 5, tcp(1, 2, 2)))), LINKTYPE_RAW],
    [linuxSll2(0x0800, tcpV4()), LINKTYPE_LINUX_SLL2],
    [bsdNull(2, tcpV4()), LINKTYPE_NULL],
  ];

  it('every prefix of every sample parses without throwing, into a named status', () => {
    for (const [frame, link] of samples) {
      for (let n = 0; n <= frame.length; n++) {
        const status = parsePacket(frame, 0, n, link, p);
        expect(PACKET_STATUS_NAMES[status]).toBeDefined();
      }
    }
  });

  it('random bit flips never throw', () => {
    let seed = 12345;
    const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    for (const [frame, link] of samples) {
      for (let i = 0; i < 2000; i++) {
        const copy = frame.slice();
        const flips = 1 + Math.floor(rand() * 4);
        for (let f = 0; f < flips; f++) copy[Math.floor(rand() * copy.length)] = Math.floor(rand() * 256);
        expect(() => parsePacket(copy, 0, copy.length, link, p)).not.toThrow();
      }
    }
  });

  it('respects offset and length inside a bigger buffer', () => {
    const frame = ethernet(0x0800, tcpV4());
    const buf = bytes(new Array(100).fill(0xee), frame, new Array(100).fill(0xee));
    const r = parse(new Uint8Array(0));
    expect(r.status).toBe(PacketStatus.linkTruncated);
    parsePacket(buf, 100, frame.length, LINKTYPE_ETHERNET, p);
    expect([p.status, p.ethOffset, p.dstPort, p.payloadOffset]).toEqual([PacketStatus.ok, 100, 443, 100 + 54]);
    expect(parsePacket(buf, 100, 10, LINKTYPE_ETHERNET, p)).toBe(PacketStatus.linkTruncated);
    expect(parsePacket(buf, 290, 100, LINKTYPE_ETHERNET, p)).toBe(PacketStatus.linkTruncated);
  });

  it('status names and messages cover every code', () => {
    for (const code of Object.values(PacketStatus)) {
      expect(packetStatusName(code)).toMatch(/^[a-z0-9-]+$/);
      expect(packetStatusMessage(code)).toMatch(/^packet: /);
    }
    expect(PACKET_STATUS_NAMES.length).toBe(Object.keys(PacketStatus).length);
  });
});
