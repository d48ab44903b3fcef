// Link, network and transport header parsing for captured packets and sFlow sampled headers.
// One reusable `ParsedPacket` is filled per packet (no allocation on the hot path). Everything is
// bounds-checked: a malformed packet yields an error status (see PACKET_STATUS_NAMES), never an
// exception. Tunnels (VXLAN, GENEVE, GRE incl. NVGRE/ERSPAN, IP-in-IP, MPLS) are decapsulated so
// the L3/L4 fields describe the innermost packet; the enclosing tunnel is kept as context.

/** Link-layer header types (the LINKTYPE_ values of pcap/pcapng, plus the old raw DLTs). */
export const LINKTYPE_NULL = 0; // BSD loopback: 4-byte address family in the writer's byte order
export const LINKTYPE_ETHERNET = 1;
export const LINKTYPE_PPP = 9;
export const LINKTYPE_DLT_RAW1 = 12; // DLT_RAW on most BSDs/Linux before LINKTYPE_RAW existed
export const LINKTYPE_DLT_RAW2 = 14; // DLT_RAW on OpenBSD
export const LINKTYPE_PPP_HDLC = 50;
export const LINKTYPE_RAW = 101; // raw IPv4 or IPv6, version in the first nibble
export const LINKTYPE_C_HDLC = 104; // Cisco HDLC
export const LINKTYPE_LOOP = 108; // OpenBSD loopback: address family in network byte order
export const LINKTYPE_LINUX_SLL = 113;
export const LINKTYPE_IPV4 = 228;
export const LINKTYPE_IPV6 = 229;
export const LINKTYPE_LINUX_SLL2 = 276;

/** Outcome of parsing one packet. 0 = IP packet parsed; 1 = valid but not IP; ≥ 2 = malformed. */
export const PacketStatus = {
  ok: 0,
  notIp: 1,
  unsupportedLinkType: 2,
  linkTruncated: 3,
  vlanTruncated: 4,
  mplsTruncated: 5,
  mplsUnknownPayload: 6,
  pppTruncated: 7,
  ipBadVersion: 8,
  ipv4Truncated: 9,
  ipv4BadHeader: 10,
  ipv6Truncated: 11,
  ipv6ExtensionTruncated: 12,
  tcpTruncated: 13,
  tcpBadHeader: 14,
  udpTruncated: 15,
  icmpTruncated: 16,
  transportTruncated: 17,
  tunnelTruncated: 18,
  tunnelTooDeep: 19,
} as const;
export type PacketStatusCode = (typeof PacketStatus)[keyof typeof PacketStatus];

/** Short kebab-case names, indexed by status code: the keys of "errors by kind" summaries. */
export const PACKET_STATUS_NAMES: readonly string[] = [
  'ok', 'not-ip', 'unsupported-link-type', 'link-truncated', 'vlan-truncated', 'mpls-truncated',
  'mpls-unknown-payload', 'ppp-truncated', 'ip-bad-version', 'ipv4-truncated', 'ipv4-bad-header',
  'ipv6-truncated', 'ipv6-extension-truncated', 'tcp-truncated', 'tcp-bad-header', 'udp-truncated',
  'icmp-truncated', 'transport-truncated', 'tunnel-truncated', 'tunnel-too-deep',
];

const STATUS_MESSAGES: readonly string[] = [
  'IP packet parsed',
  'not an IP packet (ARP, LLDP, STP …)',
  'link-layer type not supported',
  'link-layer header truncated',
  '802.1Q/802.1ad VLAN tag truncated',
  'MPLS label stack truncated',
  'MPLS payload is neither IPv4 nor IPv6',
  'PPP/PPPoE header truncated',
  'IP version is neither 4 nor 6',
  'IPv4 header truncated',
  'IPv4 header invalid (IHL < 5 or total length shorter than the header)',
  'IPv6 header truncated',
  'IPv6 extension header truncated',
  'TCP header truncated',
  'TCP header invalid (data offset < 5)',
  'UDP header truncated',
  'ICMP header truncated',
  'transport header truncated (ports missing)',
  'tunnel header truncated',
  'too many nested encapsulations',
];

export function packetStatusName(status: number): string {
  return PACKET_STATUS_NAMES[status] ?? `status-${status}`;
}

/** "packet: IPv4 header truncated" — the sentence for logs and summaries. */
export function packetStatusMessage(status: number): string {
  return `packet: ${STATUS_MESSAGES[status] ?? `unknown status ${status}`}`;
}

export const TunnelType = { none: 0, vxlan: 1, gre: 2, ipip: 3, mpls: 4, geneve: 5, erspan: 6 } as const;
export const TUNNEL_TYPE_NAMES: readonly string[] = ['none', 'vxlan', 'gre', 'ip-in-ip', 'mpls', 'geneve', 'erspan'];

export const IPPROTO_ICMP = 1;
export const IPPROTO_TCP = 6;
export const IPPROTO_UDP = 17;
export const IPPROTO_ICMPV6 = 58;

/** Deepest nesting of tunnels followed; beyond this a packet is reported `tunnel-too-deep`. */
const MAX_TUNNEL_DEPTH = 4;
const MAX_VLAN_TAGS = 8;
const MAX_MPLS_LABELS = 16;
const MAX_IPV6_EXTENSIONS = 16;

const VXLAN_PORT = 4789;
const VXLAN_LINUX_PORT = 8472;
const GENEVE_PORT = 6081;

export interface ParseOptions {
  /** Follow tunnels into their inner packets (default true). sFlow may want the outer packet. */
  decapsulate?: boolean;
}

/**
 * The result of parsing one packet; reuse one instance for every packet. After a successful
 * parse (status ok) the L3/L4 fields describe the innermost packet. Offsets index the buffer
 * given to `parsePacket`.
 */
export class ParsedPacket {
  status: number = PacketStatus.ok;
  linkType = 0;
  /** Offset of the outermost Ethernet header (MAC addresses), -1 if none. */
  ethOffset = -1;
  /** Last EtherType seen (tells ARP, LLDP … apart when status is not-ip); -1 if none. */
  etherType = -1;
  /** First 802.1Q VLAN id seen, -1 if untagged; innerVlan is the second (QinQ). */
  vlan = -1;
  innerVlan = -1;
  /** Top MPLS label of the first label stack, -1 if none; mplsLabels = labels in that stack. */
  mplsLabel = -1;
  mplsLabels = 0;

  ipVersion = 0;
  ipOffset = 0;
  ipHeaderLength = 0;
  /** Length of the IP packet according to its header (total length, or 40 + payload length). */
  ipLength = 0;
  /** Source/destination as 16 bytes (IPv4-mapped for IPv4), one buffer so that… */
  readonly src: Uint8Array;
  readonly dst: Uint8Array;
  /** …flow caches can hash and compare both addresses as eight 32-bit words (src 0-3, dst 4-7). */
  readonly addressWords: Int32Array;
  /** Final transport protocol number after extension headers, -1 before the IP header. */
  protocol = -1;
  tos = 0;
  ttl = 0;
  /** IPv6 flow label (0 for IPv4). */
  flowLabel = 0;

  /** Any fragment (first or not). Non-first fragments carry no transport header. */
  fragment = false;
  fragmentOffset = 0; // bytes
  moreFragments = false;
  fragmentId = 0;

  /** Offset of the transport header, -1 when absent (non-first fragment, no next header). */
  l4Offset = -1;
  /** Whether srcPort/dstPort are meaningful (TCP, UDP, SCTP, DCCP, UDP-Lite). */
  hasPorts = false;
  srcPort = 0;
  dstPort = 0;
  tcpFlags = 0;
  icmpType = -1;
  icmpCode = -1;
  /** Transport payload offset and captured length (for telemetry sniffing), -1/0 if none. */
  payloadOffset = -1;
  payloadLength = 0;

  /** Innermost enclosing tunnel, if decapsulated. */
  tunnelType: number = TunnelType.none;
  /** VXLAN/GENEVE VNI, GRE key, ERSPAN session, MPLS label; -1 if none. */
  tunnelId = -1;
  tunnelDepth = 0;
  readonly tunnelSrc = new Uint8Array(16);
  readonly tunnelDst = new Uint8Array(16);

  /** The capture holds less than the IP header announced (snap length, sFlow header sampling). */
  captureTruncated = false;

  decapsulate = true;

  constructor(options: ParseOptions = {}) {
    const addresses = new ArrayBuffer(32);
    this.src = new Uint8Array(addresses, 0, 16);
    this.dst = new Uint8Array(addresses, 16, 16);
    this.addressWords = new Int32Array(addresses);
    this.decapsulate = options.decapsulate ?? true;
  }

  reset(linkType: number): void {
    this.status = PacketStatus.ok;
    this.linkType = linkType;
    this.ethOffset = -1;
    this.etherType = -1;
    this.vlan = -1;
    this.innerVlan = -1;
    this.mplsLabel = -1;
    this.mplsLabels = 0;
    this.resetNetwork();
    this.tunnelType = TunnelType.none;
    this.tunnelId = -1;
    this.tunnelDepth = 0;
    this.captureTruncated = false;
  }

  private resetNetwork(): void {
    this.ipVersion = 0;
    this.ipOffset = 0;
    this.ipHeaderLength = 0;
    this.ipLength = 0;
    this.protocol = -1;
    this.tos = 0;
    this.ttl = 0;
    this.flowLabel = 0;
    this.fragment = false;
    this.fragmentOffset = 0;
    this.moreFragments = false;
    this.fragmentId = 0;
    this.l4Offset = -1;
    this.hasPorts = false;
    this.srcPort = 0;
    this.dstPort = 0;
    this.tcpFlags = 0;
    this.icmpType = -1;
    this.icmpCode = -1;
    this.payloadOffset = -1;
    this.payloadLength = 0;
  }

  /** Entering a tunnel: the current addresses become the tunnel's, the inner packet's follow. */
  enterTunnel(type: number, id: number): boolean {
    if (this.tunnelDepth >= MAX_TUNNEL_DEPTH) {
      this.status = PacketStatus.tunnelTooDeep;
      return false;
    }
    this.tunnelDepth++;
    this.tunnelType = type;
    this.tunnelId = id;
    if (this.ipVersion !== 0) {
      this.tunnelSrc.set(this.src);
      this.tunnelDst.set(this.dst);
    }
    this.resetNetwork();
    return true;
  }
}

function u16(d: Uint8Array, o: number): number {
  return (d[o]! << 8) | d[o + 1]!;
}

function u32(d: Uint8Array, o: number): number {
  return ((d[o]! << 24) | (d[o + 1]! << 16) | (d[o + 2]! << 8) | d[o + 3]!) >>> 0;
}

/**
 * Parses the packet in data[offset, offset+length) captured on a link of `linkType` into `out`.
 * Returns out.status. Never throws on any input.
 */
export function parsePacket(data: Uint8Array, offset: number, length: number, linkType: number, out: ParsedPacket): number {
  out.reset(linkType);
  const end = Math.min(data.length, offset + Math.max(0, length));
  switch (linkType) {
    case LINKTYPE_ETHERNET:
      return parseEthernet(data, offset, end, out);
    case LINKTYPE_RAW:
    case LINKTYPE_DLT_RAW1:
    case LINKTYPE_DLT_RAW2:
      return parseIpByVersion(data, offset, end, out);
    case LINKTYPE_IPV4:
      return parseIPv4(data, offset, end, out);
    case LINKTYPE_IPV6:
      return parseIPv6(data, offset, end, out);
    case LINKTYPE_LINUX_SLL:
      if (end - offset < 16) return (out.status = PacketStatus.linkTruncated);
      return parseEtherType(u16(data, offset + 14), data, offset + 16, end, out);
    case LINKTYPE_LINUX_SLL2:
      if (end - offset < 20) return (out.status = PacketStatus.linkTruncated);
      return parseEtherType(u16(data, offset), data, offset + 20, end, out);
    case LINKTYPE_NULL:
    case LINKTYPE_LOOP:
      return parseLoopback(data, offset, end, linkType, out);
    case LINKTYPE_PPP:
    case LINKTYPE_PPP_HDLC:
      return parsePpp(data, offset, end, out);
    case LINKTYPE_C_HDLC:
      if (end - offset < 4) return (out.status = PacketStatus.linkTruncated);
      return parseEtherType(u16(data, offset + 2), data, offset + 4, end, out);
    default:
      return (out.status = PacketStatus.unsupportedLinkType);
  }
}

function parseEthernet(d: Uint8Array, off: number, end: number, out: ParsedPacket): number {
  if (end - off < 14) return (out.status = PacketStatus.linkTruncated);
  if (out.ethOffset < 0) out.ethOffset = off;
  const typeOrLength = u16(d, off + 12);
  if (typeOrLength >= 0x0600) return parseEtherType(typeOrLength, d, off + 14, end, out);
  // IEEE 802.3 length field: only LLC/SNAP can carry IP.
  if (end - off >= 22 && d[off + 14] === 0xaa && d[off + 15] === 0xaa && d[off + 16] === 0x03) {
    return parseEtherType(u16(d, off + 20), d, off + 22, end, out);
  }
  out.etherType = -1;
  return (out.status = PacketStatus.notIp);
}

/** Dispatches on an EtherType; VLAN tags and MPLS stacks loop back here. */
function parseEtherType(etherType: number, d: Uint8Array, off: number, end: number, out: ParsedPacket): number {
  let type = etherType;
  let tags = 0;
  for (;;) {
    out.etherType = type;
    switch (type) {
      case 0x0800:
        return parseIPv4(d, off, end, out);
      case 0x86dd:
        return parseIPv6(d, off, end, out);
      case 0x8100:
      case 0x88a8:
      case 0x9100:
      case 0x9200: {
        if (end - off < 4 || ++tags > MAX_VLAN_TAGS) return (out.status = PacketStatus.vlanTruncated);
        const vid = u16(d, off) & 0x0fff;
        if (out.vlan < 0) out.vlan = vid;
        else if (out.innerVlan < 0) out.innerVlan = vid;
        type = u16(d, off + 2);
        off += 4;
        continue;
      }
      case 0x8847:
      case 0x8848:
        return parseMpls(d, off, end, out);
      case 0x8864: {
        // PPPoE session: 6-byte PPPoE header, then the PPP protocol number.
        if (end - off < 8) return (out.status = PacketStatus.pppTruncated);
        return parsePppProtocol(u16(d, off + 6), d, off + 8, end, out);
      }
      default:
        return (out.status = PacketStatus.notIp);
    }
  }
}

function parseMpls(d: Uint8Array, off: number, end: number, out: ParsedPacket): number {
  const first = out.mplsLabels === 0 && out.mplsLabel < 0;
  let labels = 0;
  let top = -1;
  for (;;) {
    if (end - off < 4 || labels >= MAX_MPLS_LABELS) return (out.status = PacketStatus.mplsTruncated);
    const entry = u32(d, off);
    if (top < 0) top = entry >>> 12;
    labels++;
    off += 4;
    if (entry & 0x100) break; // bottom of stack
  }
  if (first) {
    out.mplsLabel = top;
    out.mplsLabels = labels;
  }
  if (end - off < 1) return (out.status = PacketStatus.mplsTruncated);
  const nibble = d[off]! >> 4;
  if (out.ipVersion !== 0 && out.decapsulate) {
    // MPLS inside an IP tunnel (MPLS-in-GRE/IP): the inner IP packet is the flow.
    if (!out.enterTunnel(TunnelType.mpls, top)) return out.status;
  }
  if (nibble === 4) return parseIPv4(d, off, end, out);
  if (nibble === 6) return parseIPv6(d, off, end, out);
  // Ethernet pseudowire with a zero control word (RFC 4385), the common case on provider links.
  if (nibble === 0 && end - off >= 4 + 14) return parseEthernet(d, off + 4, end, out);
  return (out.status = PacketStatus.mplsUnknownPayload);
}

function parseLoopback(d: Uint8Array, off: number, end: number, linkType: number, out: ParsedPacket): number {
  if (end - off < 4) return (out.status = PacketStatus.linkTruncated);
  let family: number;
  if (linkType === LINKTYPE_LOOP) family = u32(d, off);
  else {
    // Written in the capturing host's byte order: whichever reading gives a small number.
    const le = (d[off]! | (d[off + 1]! << 8) | (d[off + 2]! << 16) | (d[off + 3]! << 24)) >>> 0;
    family = le <= 0xffff ? le : u32(d, off);
  }
  if (family === 2) return parseIPv4(d, off + 4, end, out);
  // AF_INET6 is 10 (Linux), 23 (Windows), 24 (NetBSD/OpenBSD), 28 (FreeBSD), 30 (macOS).
  if (family === 10 || family === 23 || family === 24 || family === 28 || family === 30) return parseIPv6(d, off + 4, end, out);
  return (out.status = PacketStatus.notIp);
}

function parsePpp(d: Uint8Array, off: number, end: number, out: ParsedPacket): number {
  if (end - off < 2) return (out.status = PacketStatus.pppTruncated);
  if (d[off] === 0xff && d[off + 1] === 0x03) off += 2; // HDLC address/control
  if (end - off < 1) return (out.status = PacketStatus.pppTruncated);
  // Protocol field compression: an odd first byte is a 1-byte protocol.
  if (d[off]! & 1) return parsePppProtocol(d[off]!, d, off + 1, end, out);
  if (end - off < 2) return (out.status = PacketStatus.pppTruncated);
  return parsePppProtocol(u16(d, off), d, off + 2, end, out);
}

function parsePppProtocol(protocol: number, d: Uint8Array, off: number, end: number, out: ParsedPacket): number {
  if (protocol === 0x0021) return parseIPv4(d, off, end, out);
  if (protocol === 0x0057) return parseIPv6(d, off, end, out);
  if (protocol === 0x0281) return parseMpls(d, off, end, out);
  return (out.status = PacketStatus.notIp);
}

function parseIpByVersion(d: Uint8Array, off: number, end: number, out: ParsedPacket): number {
  if (end - off < 1) return (out.status = PacketStatus.linkTruncated);
  const version = d[off]! >> 4;
  if (version === 4) return parseIPv4(d, off, end, out);
  if (version === 6) return parseIPv6(d, off, end, out);
  return (out.status = PacketStatus.ipBadVersion);
}

function writeMappedIPv4(target: Uint8Array, d: Uint8Array, o: number): void {
  target[0] = 0; target[1] = 0; target[2] = 0; target[3] = 0; target[4] = 0; target[5] = 0;
  target[6] = 0; target[7] = 0; target[8] = 0; target[9] = 0; target[10] = 0xff; target[11] = 0xff;
  target[12] = d[o]!; target[13] = d[o + 1]!; target[14] = d[o + 2]!; target[15] = d[o + 3]!;
}

function parseIPv4(d: Uint8Array, off: number, end: number, out: ParsedPacket): number {
  if (end - off < 20) return (out.status = end - off >= 1 && d[off]! >> 4 !== 4 ? PacketStatus.ipBadVersion : PacketStatus.ipv4Truncated);
  const b0 = d[off]!;
  if (b0 >> 4 !== 4) return (out.status = PacketStatus.ipBadVersion);
  const ihl = (b0 & 0x0f) * 4;
  let total = u16(d, off + 2);
  if (ihl < 20) return (out.status = PacketStatus.ipv4BadHeader);
  // Total length 0 is what TCP segmentation offload leaves in captures: use what was captured.
  if (total === 0) total = end - off;
  if (total < ihl) return (out.status = PacketStatus.ipv4BadHeader);
  if (end - off < ihl) return (out.status = PacketStatus.ipv4Truncated);
  out.ipVersion = 4;
  out.ipOffset = off;
  out.ipHeaderLength = ihl;
  out.ipLength = total;
  out.tos = d[off + 1]!;
  out.ttl = d[off + 8]!;
  out.protocol = d[off + 9]!;
  writeMappedIPv4(out.src, d, off + 12);
  writeMappedIPv4(out.dst, d, off + 16);
  const flagsFrag = u16(d, off + 6);
  out.moreFragments = (flagsFrag & 0x2000) !== 0;
  out.fragmentOffset = (flagsFrag & 0x1fff) * 8;
  out.fragment = out.moreFragments || out.fragmentOffset !== 0;
  out.fragmentId = u16(d, off + 4);
  // Ethernet padding beyond total length is not part of the packet; a shorter capture is.
  let ipEnd = off + total;
  if (ipEnd > end) {
    out.captureTruncated = true;
    ipEnd = end;
  }
  if (out.fragmentOffset !== 0) return (out.status = PacketStatus.ok);
  return parseTransport(out.protocol, d, off + ihl, ipEnd, out);
}

function isIPv6Extension(nh: number): boolean {
  // Hop-by-hop, routing, destination options, mobility, HIP, shim6 (fragment and AH handled apart).
  return nh === 0 || nh === 43 || nh === 60 || nh === 135 || nh === 139 || nh === 140;
}

function parseIPv6(d: Uint8Array, off: number, end: number, out: ParsedPacket): number {
  if (end - off < 40) return (out.status = end - off >= 1 && d[off]! >> 4 !== 6 ? PacketStatus.ipBadVersion : PacketStatus.ipv6Truncated);
  const w0 = u32(d, off);
  if (w0 >>> 28 !== 6) return (out.status = PacketStatus.ipBadVersion);
  out.ipVersion = 6;
  out.ipOffset = off;
  out.tos = (w0 >>> 20) & 0xff;
  out.flowLabel = w0 & 0xfffff;
  out.ttl = d[off + 7]!;
  // Byte loop rather than set(subarray): no allocation per packet.
  const src = out.src;
  const dst = out.dst;
  for (let i = 0; i < 16; i++) {
    src[i] = d[off + 8 + i]!;
    dst[i] = d[off + 24 + i]!;
  }
  const payloadLength = u16(d, off + 4);
  // Payload length 0 means a jumbogram or offloaded segment: use what was captured.
  const total = payloadLength === 0 ? end - off : 40 + payloadLength;
  out.ipLength = total;
  let ipEnd = off + total;
  if (ipEnd > end) {
    out.captureTruncated = true;
    ipEnd = end;
  }
  let nh = d[off + 6]!;
  let p = off + 40;
  for (let i = 0; ; i++) {
    if (i > MAX_IPV6_EXTENSIONS) return (out.status = PacketStatus.ipv6ExtensionTruncated);
    if (isIPv6Extension(nh)) {
      if (ipEnd - p < 8) return (out.status = PacketStatus.ipv6ExtensionTruncated);
      const len = (d[p + 1]! + 1) * 8;
      if (ipEnd - p < len) return (out.status = PacketStatus.ipv6ExtensionTruncated);
      nh = d[p]!;
      p += len;
    } else if (nh === 44) {
      if (ipEnd - p < 8) return (out.status = PacketStatus.ipv6ExtensionTruncated);
      const offFlags = u16(d, p + 2);
      out.fragmentOffset = (offFlags & 0xfff8);
      out.moreFragments = (offFlags & 1) !== 0;
      out.fragment = true;
      out.fragmentId = u32(d, p + 4);
      nh = d[p]!;
      p += 8;
      if (out.fragmentOffset !== 0) {
        out.protocol = nh;
        out.ipHeaderLength = p - off;
        return (out.status = PacketStatus.ok);
      }
    } else if (nh === 51) {
      // Authentication header: length in 4-byte units minus 2.
      if (ipEnd - p < 8) return (out.status = PacketStatus.ipv6ExtensionTruncated);
      const len = (d[p + 1]! + 2) * 4;
      if (ipEnd - p < len) return (out.status = PacketStatus.ipv6ExtensionTruncated);
      nh = d[p]!;
      p += len;
    } else break;
  }
  out.protocol = nh;
  out.ipHeaderLength = p - off;
  return parseTransport(nh, d, p, ipEnd, out);
}

function parseTransport(protocol: number, d: Uint8Array, off: number, end: number, out: ParsedPacket): number {
  const avail = end - off;
  switch (protocol) {
    case IPPROTO_TCP: {
      if (avail < 20) return (out.status = PacketStatus.tcpTruncated);
      const dataOffset = (d[off + 12]! >> 4) * 4;
      if (dataOffset < 20) return (out.status = PacketStatus.tcpBadHeader);
      out.l4Offset = off;
      out.hasPorts = true;
      out.srcPort = u16(d, off);
      out.dstPort = u16(d, off + 2);
      out.tcpFlags = d[off + 13]!;
      out.payloadOffset = Math.min(end, off + dataOffset);
      out.payloadLength = end - out.payloadOffset;
      return (out.status = PacketStatus.ok);
    }
    case IPPROTO_UDP:
    case 136: { // UDP-Lite
      if (avail < 8) return (out.status = PacketStatus.udpTruncated);
      out.l4Offset = off;
      out.hasPorts = true;
      out.srcPort = u16(d, off);
      out.dstPort = u16(d, off + 2);
      out.payloadOffset = off + 8;
      out.payloadLength = avail - 8;
      if (out.decapsulate && protocol === IPPROTO_UDP && !out.fragment) return parseUdpTunnel(d, off + 8, end, out);
      return (out.status = PacketStatus.ok);
    }
    case IPPROTO_ICMP:
    case IPPROTO_ICMPV6: {
      if (avail < 4) return (out.status = PacketStatus.icmpTruncated);
      out.l4Offset = off;
      out.icmpType = d[off]!;
      out.icmpCode = d[off + 1]!;
      out.payloadOffset = off + 4;
      out.payloadLength = avail - 4;
      return (out.status = PacketStatus.ok);
    }
    case 33: // DCCP
    case 132: { // SCTP
      if (avail < 4) return (out.status = PacketStatus.transportTruncated);
      out.l4Offset = off;
      out.hasPorts = true;
      out.srcPort = u16(d, off);
      out.dstPort = u16(d, off + 2);
      return (out.status = PacketStatus.ok);
    }
    case 4: // IPv4 in IP
    case 41: // IPv6 in IP
    case 137: // MPLS in IP
      if (!out.decapsulate || out.fragment) break;
      if (protocol === 137) return parseMpls(d, off, end, out);
      if (!out.enterTunnel(TunnelType.ipip, -1)) return out.status;
      return protocol === 4 ? parseIPv4(d, off, end, out) : parseIPv6(d, off, end, out);
    case 47: // GRE
      if (!out.decapsulate || out.fragment) break;
      return parseGre(d, off, end, out);
    default:
      break;
  }
  if (avail > 0) {
    out.l4Offset = off;
    out.payloadOffset = off;
    out.payloadLength = avail;
  }
  return (out.status = PacketStatus.ok);
}

/** UDP-encapsulated tunnels, recognised by destination port and a plausible header. */
function parseUdpTunnel(d: Uint8Array, off: number, end: number, out: ParsedPacket): number {
  const port = out.dstPort;
  if ((port === VXLAN_PORT || port === VXLAN_LINUX_PORT) && end - off >= 8 + 14 && (d[off]! & 0x08) !== 0 && d[off + 7] === 0) {
    const vni = (d[off + 4]! << 16) | (d[off + 5]! << 8) | d[off + 6]!;
    if (!out.enterTunnel(TunnelType.vxlan, vni)) return out.status;
    return parseEthernet(d, off + 8, end, out);
  }
  if (port === GENEVE_PORT && end - off >= 8 && d[off]! >> 6 === 0) {
    const headerLength = 8 + (d[off]! & 0x3f) * 4;
    const protocol = u16(d, off + 2);
    if (end - off < headerLength) return (out.status = PacketStatus.tunnelTruncated);
    const vni = (d[off + 4]! << 16) | (d[off + 5]! << 8) | d[off + 6]!;
    if (protocol !== 0x6558 && protocol !== 0x0800 && protocol !== 0x86dd) return (out.status = PacketStatus.ok);
    if (!out.enterTunnel(TunnelType.geneve, vni)) return out.status;
    if (protocol === 0x6558) return parseEthernet(d, off + headerLength, end, out);
    return parseEtherType(protocol, d, off + headerLength, end, out);
  }
  return (out.status = PacketStatus.ok);
}

function parseGre(d: Uint8Array, off: number, end: number, out: ParsedPacket): number {
  if (end - off < 4) return (out.status = PacketStatus.tunnelTruncated);
  const flags = u16(d, off);
  const version = flags & 7;
  const protocol = u16(d, off + 2);
  let p = off + 4;
  let key = -1;
  if (version === 1) {
    // Enhanced GRE (PPTP): key always present (payload length + call id), optional seq/ack.
    if (end - p < 4) return (out.status = PacketStatus.tunnelTruncated);
    key = u16(d, p + 2);
    p += 4;
    if (flags & 0x1000) p += 4;
    if (flags & 0x0080) p += 4;
    if (end - p < 0) return (out.status = PacketStatus.tunnelTruncated);
    if (protocol !== 0x880b) return (out.status = PacketStatus.ok);
    if (!out.enterTunnel(TunnelType.gre, key)) return out.status;
    if (end - p === 0) return (out.status = PacketStatus.notIp); // PPTP ack without payload
    return parsePpp(d, p, end, out);
  }
  if (version !== 0) {
    out.l4Offset = off;
    return (out.status = PacketStatus.ok);
  }
  if (flags & 0x8000) p += 4; // checksum + reserved
  if (flags & 0x2000) {
    if (end - p < 4) return (out.status = PacketStatus.tunnelTruncated);
    key = u32(d, p);
    p += 4;
  }
  if (flags & 0x1000) p += 4; // sequence number
  if (end - p < 0) return (out.status = PacketStatus.tunnelTruncated);
  switch (protocol) {
    case 0x6558: // transparent Ethernet bridging (NVGRE)
      if (!out.enterTunnel(TunnelType.gre, key)) return out.status;
      return parseEthernet(d, p, end, out);
    case 0x88be: { // ERSPAN type II: 8-byte header, session id in the low 10 bits of the 2nd word
      if (end - p < 8) return (out.status = PacketStatus.tunnelTruncated);
      // Type I ERSPAN (no sequence bit) has no ERSPAN header at all.
      const hasHeader = (flags & 0x1000) !== 0;
      const session = hasHeader ? u16(d, p + 2) & 0x3ff : -1;
      if (!out.enterTunnel(TunnelType.erspan, session)) return out.status;
      return parseEthernet(d, hasHeader ? p + 8 : p, end, out);
    }
    case 0x22eb: { // ERSPAN type III: 12-byte header, optional 8-byte platform subheader
      if (end - p < 12) return (out.status = PacketStatus.tunnelTruncated);
      const session = u16(d, p + 2) & 0x3ff;
      const optional = (d[p + 11]! & 1) !== 0 ? 8 : 0;
      if (!out.enterTunnel(TunnelType.erspan, session)) return out.status;
      return parseEthernet(d, p + 12 + optional, end, out);
    }
    case 0x0800:
    case 0x86dd:
      if (!out.enterTunnel(TunnelType.gre, key)) return out.status;
      return protocol === 0x0800 ? parseIPv4(d, p, end, out) : parseIPv6(d, p, end, out);
    case 0x8847:
    case 0x8848:
      // parseMpls enters the tunnel itself (it knows the label).
      return parseMpls(d, p, end, out);
    default:
      // Keepalives and other payloads: an ordinary GRE packet of the outer flow.
      out.l4Offset = off;
      return (out.status = PacketStatus.ok);
  }
}
