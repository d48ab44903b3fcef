// Flow assembly from parsed packets, driven by packet timestamps (never the wall clock), into
// FlowBatch rows with source 'pcap'. A flow is keyed by addresses, ports, protocol, VLAN (outer and
// QinQ inner) and tunnel context (type + VNI/GRE key); both directions share one cache entry (a
// biflow) that remembers which side initiated, and export as one row per direction, linked by a
// conversation id. Ends: idle timeout, active timeout (long flows export periodically, like a
// router), TCP FIN from both sides or RST (after a short grace for the last ACKs), and a SYN that
// reuses a closed 5-tuple. The cache is bounded: when full, the least recently active flow is
// exported early and counted as an eviction. Storage is typed arrays in an open-addressing table;
// no allocation per packet except for IP fragments.
import { FLOW_SOURCES, type FlowBatch, createFlowBatch } from '../flow/record.js';
import { IPPROTO_ICMP, IPPROTO_ICMPV6, IPPROTO_TCP, type ParsedPacket } from './headers.js';

export interface FlowCacheConfig {
  /** A flow active longer than this is exported and continues as a new record. Default 1800 s (Cisco's default). */
  activeTimeoutUs: number;
  /** A flow without packets for this long ends. Default 15 s (Cisco's default inactive timeout). */
  idleTimeoutUs: number;
  /** After FIN from both sides or a RST, the flow ends once quiet this long (catches the last ACK). Default 2 s. */
  tcpEndTimeoutUs: number;
  /** How long the ports of a first fragment are remembered for the later fragments. Default 30 s. */
  fragmentTimeoutUs: number;
  /** Flows held at once; beyond that the least recently active is exported early (counted). Default 262144. */
  maxFlows: number;
  /** Rows per emitted FlowBatch. Default 8192. */
  batchSize: number;
  /**
   * What `bytes` counts: 'ip' = the IP packet's length from its header (what NetFlow/IPFIX
   * routers report, so imported and live flows compare); 'frame' = the frame length on the wire
   * (what Wireshark's conversation table shows). Default 'ip'.
   */
  byteCount: 'ip' | 'frame';
  /** The exporter column for assembled flows (16 bytes). Default all zero (::). */
  exporter: Uint8Array;
}

export const DEFAULT_FLOW_CACHE_CONFIG: FlowCacheConfig = {
  activeTimeoutUs: 1800e6,
  idleTimeoutUs: 15e6,
  tcpEndTimeoutUs: 2e6,
  fragmentTimeoutUs: 30e6,
  maxFlows: 262_144,
  batchSize: 8192,
  byteCount: 'ip',
  exporter: new Uint8Array(16),
};

/** Biflow links for the rows of one FlowBatch: rows of the same conversation share an id. */
export interface FlowLinks {
  /** Conversation id per row (unique within one import). */
  conversation: Float64Array;
  /** 1 when the row's source is the side that started the conversation, else 0. */
  initiator: Uint8Array;
}

export type FlowBatchCallback = (batch: FlowBatch, links: FlowLinks) => void;

export interface FlowCacheStats {
  packets: number;
  flowsCreated: number;
  rowsExported: number;
  conversationsExported: number;
  idleExpired: number;
  activeExpired: number;
  tcpEnded: number;
  evictions: number;
  fragmentsAttributed: number;
  fragmentsUnattributed: number;
  /** Packets with timestamps earlier than the latest seen (merged or reordered captures). */
  outOfOrder: number;
}

const PCAP_SOURCE = FLOW_SOURCES.indexOf('pcap');
const EMPTY = -1;
const TCP_FIN = 0x01;
const TCP_SYN = 0x02;
const TCP_RST = 0x04;
const TCP_ACK = 0x10;
const STATE_FIN_A = 1;
const STATE_FIN_B = 2;
const STATE_RST = 4;
/** Sweep for expired flows whenever packet time has moved this far. */
const SWEEP_INTERVAL_US = 1e6;

/** Echo reply pairs with echo request etc., so both halves of an ICMP exchange form one biflow. */
function icmpKeyType(protocol: number, type: number): number {
  if (protocol === IPPROTO_ICMP) {
    if (type === 0) return 8;
    if (type === 14 || type === 16 || type === 18) return type - 1;
  } else if (type === 129) return 128;
  return type;
}

export class FlowCache {
  readonly config: FlowCacheConfig;
  readonly stats: FlowCacheStats = {
    packets: 0, flowsCreated: 0, rowsExported: 0, conversationsExported: 0, idleExpired: 0, activeExpired: 0,
    tcpEnded: 0, evictions: 0, fragmentsAttributed: 0, fragmentsUnattributed: 0, outOfOrder: 0,
  };

  private readonly max: number;
  private readonly mask: number;
  private readonly table: Int32Array;
  // Key per entry: 8 address words (A then B), ports (A<<16|B), protocol/tunnel/VLANs, tunnel id.
  private readonly keyAddr: Int32Array;
  private readonly keyPorts: Uint32Array;
  private readonly keyMisc: Uint32Array;
  private readonly keyTunnelId: Int32Array;
  private readonly keyInnerVlan: Uint16Array;
  /** keyAddr's bytes: addresses go back to rows byte-exact whatever the platform's byte order. */
  private readonly keyAddrBytes: Uint8Array;
  private readonly hashes: Uint32Array;
  private readonly slotOf: Int32Array;
  private readonly initiator: Uint8Array;
  private readonly tcpState: Uint8Array;
  private readonly generation: Uint32Array;
  private readonly lastSeen: Float64Array;
  private readonly recordStart: Float64Array;
  // Per entry and direction (index 2e + d, d = 0 for A→B).
  private readonly dPackets: Float64Array;
  private readonly dBytes: Float64Array;
  private readonly dFirst: Float64Array;
  private readonly dLast: Float64Array;
  private readonly dFlags: Uint8Array;
  private readonly dTos: Uint8Array;
  private readonly dIcmp: Int32Array;
  // Two intrusive lists: by last activity (idle expiry, eviction) and by record start (active timeout).
  private readonly lruPrev: Int32Array;
  private readonly lruNext: Int32Array;
  private lruHead = EMPTY;
  private lruTail = EMPTY;
  private readonly actPrev: Int32Array;
  private readonly actNext: Int32Array;
  private actHead = EMPTY;
  private actTail = EMPTY;
  private freeHead = 0;
  private readonly freeNext: Int32Array;
  private count = 0;
  /** Closed TCP flows waiting out tcpEndTimeout: entry, generation, time closed. */
  private closing = new Float64Array(3 * 1024);
  private closingHead = 0;
  private closingTail = 0;
  /** First-fragment ports, keyed by addresses + protocol + IP id. */
  private readonly fragments = new Map<string, { ports: number; typeCode: number; seen: number }>();

  private now = -Infinity;
  private lastSweep = -Infinity;
  private conversationSeq = 0;
  private batch: FlowBatch;
  private links: FlowLinks;

  // Scratch key of the packet being added.
  private readonly k = new Int32Array(8);

  constructor(private readonly onBatch: FlowBatchCallback, config: Partial<FlowCacheConfig> = {}) {
    this.config = { ...DEFAULT_FLOW_CACHE_CONFIG, ...config };
    const max = Math.max(2, Math.floor(this.config.maxFlows));
    this.max = max;
    let size = 1;
    while (size < max * 2) size <<= 1;
    this.mask = size - 1;
    this.table = new Int32Array(size).fill(EMPTY);
    this.keyAddr = new Int32Array(max * 8);
    this.keyPorts = new Uint32Array(max);
    this.keyMisc = new Uint32Array(max);
    this.keyTunnelId = new Int32Array(max);
    this.keyInnerVlan = new Uint16Array(max);
    this.keyAddrBytes = new Uint8Array(this.keyAddr.buffer);
    this.hashes = new Uint32Array(max);
    this.slotOf = new Int32Array(max);
    this.initiator = new Uint8Array(max);
    this.tcpState = new Uint8Array(max);
    this.generation = new Uint32Array(max);
    this.lastSeen = new Float64Array(max);
    this.recordStart = new Float64Array(max);
    this.dPackets = new Float64Array(max * 2);
    this.dBytes = new Float64Array(max * 2);
    this.dFirst = new Float64Array(max * 2);
    this.dLast = new Float64Array(max * 2);
    this.dFlags = new Uint8Array(max * 2);
    this.dTos = new Uint8Array(max * 2);
    this.dIcmp = new Int32Array(max * 2);
    this.lruPrev = new Int32Array(max);
    this.lruNext = new Int32Array(max);
    this.actPrev = new Int32Array(max);
    this.actNext = new Int32Array(max);
    this.freeNext = new Int32Array(max);
    for (let i = 0; i < max; i++) this.freeNext[i] = i + 1 < max ? i + 1 : EMPTY;
    this.batch = createFlowBatch(this.config.batchSize);
    this.links = this.createLinks();
  }

  /** Flows currently held. */
  get size(): number {
    return this.count;
  }

  /**
   * Accounts one successfully parsed IP packet (status ok) seen at `timestampUs`;
   * `frameLength` is the original frame length (for byteCount 'frame').
   */
  add(p: ParsedPacket, timestampUs: number, frameLength: number): void {
    this.stats.packets++;
    if (timestampUs > this.now) {
      this.now = timestampUs;
      if (timestampUs - this.lastSweep >= SWEEP_INTERVAL_US) this.sweep(timestampUs);
    } else if (timestampUs < this.now) this.stats.outOfOrder++;

    const protocol = p.protocol;
    let srcPort = 0;
    let dstPort = 0;
    let typeCode = -1;
    if (p.hasPorts) {
      srcPort = p.srcPort;
      dstPort = p.dstPort;
    } else if (p.icmpType >= 0) {
      typeCode = (p.icmpType << 8) | p.icmpCode;
      dstPort = (icmpKeyType(protocol, p.icmpType) << 8) | p.icmpCode;
    }
    if (p.fragment) {
      const attributed = this.attributeFragment(p, srcPort, dstPort, typeCode);
      if (attributed >= 0) {
        srcPort = attributed >>> 16;
        dstPort = attributed & 0xffff;
        typeCode = this.fragTypeCode;
      }
    }

    // Canonical order: the smaller (address, port) endpoint is A.
    const w = p.addressWords;
    let swap = 0;
    for (let i = 0; i < 4; i++) {
      const a = w[i]! >>> 0;
      const b = w[i + 4]! >>> 0;
      if (a !== b) {
        swap = a > b ? 1 : 0;
        break;
      }
      if (i === 3) swap = srcPort > dstPort ? 1 : 0;
    }
    const k = this.k;
    if (swap) {
      k[0] = w[4]!; k[1] = w[5]!; k[2] = w[6]!; k[3] = w[7]!; k[4] = w[0]!; k[5] = w[1]!; k[6] = w[2]!; k[7] = w[3]!;
    } else {
      k[0] = w[0]!; k[1] = w[1]!; k[2] = w[2]!; k[3] = w[3]!; k[4] = w[4]!; k[5] = w[5]!; k[6] = w[6]!; k[7] = w[7]!;
    }
    // ICMP's "port" (request type, code) belongs to the exchange, not to an endpoint: never swapped.
    const ports = typeCode >= 0 ? dstPort : (swap ? ((dstPort << 16) | srcPort) : ((srcPort << 16) | dstPort)) >>> 0;
    const misc = ((protocol & 0xff) | ((p.tunnelType & 0xf) << 8) | (((p.vlan + 1) & 0x1fff) << 12)) >>> 0;
    const tunnelId = p.tunnelId;
    const innerVlan = p.innerVlan + 1;

    let h = Math.imul(k[0]! ^ 0x9e3779b9, 0x85ebca6b);
    for (let i = 1; i < 8; i++) h = Math.imul(h ^ k[i]!, 0x85ebca6b) ^ (h >>> 13);
    h = Math.imul(h ^ ports, 0xc2b2ae35) ^ (h >>> 16);
    h = Math.imul(h ^ misc, 0x85ebca6b) ^ (h >>> 13);
    h = Math.imul(h ^ tunnelId ^ (innerVlan << 20), 0xc2b2ae35);
    h = (h ^ (h >>> 16)) >>> 0;

    let e = this.find(h, ports, misc, tunnelId, innerVlan);
    const dir = swap;
    const flags = p.tcpFlags;
    const isTcp = protocol === IPPROTO_TCP && p.l4Offset >= 0;
    if (e !== EMPTY && isTcp && (flags & (TCP_SYN | TCP_ACK)) === TCP_SYN && this.tcpState[e] !== 0) {
      // A new connection reusing a 5-tuple whose previous connection ended.
      this.expire(e);
      this.stats.tcpEnded++;
      e = EMPTY;
    }
    if (e === EMPTY) {
      e = this.insert(h, ports, misc, tunnelId, innerVlan, timestampUs);
      // The side that sent the first packet initiated; a SYN-ACK first means the other side did.
      const initiatorIsSrc = !(isTcp && (flags & (TCP_SYN | TCP_ACK)) === (TCP_SYN | TCP_ACK));
      this.initiator[e] = initiatorIsSrc ? dir : dir ^ 1;
    } else {
      this.touch(e);
    }
    if (timestampUs > this.lastSeen[e]!) this.lastSeen[e] = timestampUs;

    const di = 2 * e + dir;
    const bytes = this.config.byteCount === 'ip' ? p.ipLength : frameLength;
    if (this.dPackets[di] === 0) {
      this.dFirst[di] = timestampUs;
      this.dLast[di] = timestampUs;
      this.dTos[di] = p.tos;
      this.dIcmp[di] = typeCode;
    } else {
      if (timestampUs < this.dFirst[di]!) this.dFirst[di] = timestampUs;
      if (timestampUs > this.dLast[di]!) this.dLast[di] = timestampUs;
    }
    this.dPackets[di]!++;
    this.dBytes[di]! += bytes;
    if (isTcp) {
      this.dFlags[di]! |= flags;
      if (flags & (TCP_FIN | TCP_RST)) this.noteTcpEnd(e, dir, flags);
    }
  }

  /** Exports every flow still held and the last partial batch (end of capture, or cancel). */
  flush(): void {
    while (this.lruHead !== EMPTY) this.expire(this.lruHead);
    this.closingHead = this.closingTail = 0;
    this.fragments.clear();
    this.emitBatch();
  }

  /** Expires what the packet clock says is due; normally called from add(). */
  sweep(now: number): void {
    this.lastSweep = now;
    const { idleTimeoutUs, activeTimeoutUs, tcpEndTimeoutUs, fragmentTimeoutUs } = this.config;
    while (this.lruHead !== EMPTY && this.lastSeen[this.lruHead]! + idleTimeoutUs <= now) {
      this.expire(this.lruHead);
      this.stats.idleExpired++;
    }
    while (this.actHead !== EMPTY && this.recordStart[this.actHead]! + activeTimeoutUs <= now) {
      const e = this.actHead;
      this.exportRows(e);
      this.resetCounters(e, now);
      this.listRemove(this.actPrev, this.actNext, e, true);
      this.listAppend(this.actPrev, this.actNext, e, true);
      this.stats.activeExpired++;
    }
    while (this.closingHead < this.closingTail && this.closing[this.closingHead * 3 + 2]! + tcpEndTimeoutUs <= now) {
      const e = this.closing[this.closingHead * 3]!;
      const gen = this.closing[this.closingHead * 3 + 1]!;
      this.closingHead++;
      if (this.generation[e] !== gen || this.slotOf[e] === EMPTY) continue;
      if (this.lastSeen[e]! + tcpEndTimeoutUs <= now) {
        this.expire(e);
        this.stats.tcpEnded++;
      } else this.pushClosing(e, this.lastSeen[e]!);
    }
    for (const [key, frag] of this.fragments) {
      if (frag.seen + fragmentTimeoutUs > now) break;
      this.fragments.delete(key);
    }
  }

  private fragTypeCode = -1;

  /** Returns ports (src<<16|dst) for a fragment, learning them from first fragments; -1 if unknown. */
  private attributeFragment(p: ParsedPacket, srcPort: number, dstPort: number, typeCode: number): number {
    let key = `${p.protocol}/${p.fragmentId}/`;
    for (let i = 0; i < 8; i++) key += `${p.addressWords[i]},`;
    if (p.fragmentOffset === 0 && p.l4Offset >= 0) {
      this.fragments.set(key, { ports: ((srcPort << 16) | dstPort) >>> 0, typeCode, seen: this.now });
      return -1;
    }
    const known = this.fragments.get(key);
    if (!known) {
      this.stats.fragmentsUnattributed++;
      return -1;
    }
    if (!p.moreFragments) this.fragments.delete(key);
    this.stats.fragmentsAttributed++;
    this.fragTypeCode = known.typeCode;
    return known.ports;
  }

  private noteTcpEnd(e: number, dir: number, flags: number): void {
    const before = this.tcpState[e]!;
    let state = before;
    if (flags & TCP_RST) state |= STATE_RST;
    if (flags & TCP_FIN) state |= dir === 0 ? STATE_FIN_A : STATE_FIN_B;
    this.tcpState[e] = state;
    const ended = (s: number) => (s & STATE_RST) !== 0 || (s & (STATE_FIN_A | STATE_FIN_B)) === (STATE_FIN_A | STATE_FIN_B);
    if (ended(state) && !ended(before)) this.pushClosing(e, this.now);
  }

  private pushClosing(e: number, at: number): void {
    if (this.closingTail * 3 + 3 > this.closing.length) {
      const live = this.closingTail - this.closingHead;
      if (live * 3 + 3 <= this.closing.length / 2) {
        this.closing.copyWithin(0, this.closingHead * 3, this.closingTail * 3);
      } else {
        const bigger = new Float64Array(this.closing.length * 2);
        bigger.set(this.closing.subarray(this.closingHead * 3, this.closingTail * 3));
        this.closing = bigger;
      }
      this.closingHead = 0;
      this.closingTail = live;
    }
    const o = this.closingTail * 3;
    this.closing[o] = e;
    this.closing[o + 1] = this.generation[e]!;
    this.closing[o + 2] = at;
    this.closingTail++;
  }

  private find(h: number, ports: number, misc: number, tunnelId: number, innerVlan: number): number {
    const k = this.k;
    let slot = h & this.mask;
    for (;;) {
      const e = this.table[slot]!;
      if (e === EMPTY) return EMPTY;
      if (this.hashes[e] === h && this.keyPorts[e] === ports && this.keyMisc[e] === misc && this.keyTunnelId[e] === tunnelId && this.keyInnerVlan[e] === innerVlan) {
        const o = e * 8;
        const a = this.keyAddr;
        if (a[o] === k[0] && a[o + 1] === k[1] && a[o + 2] === k[2] && a[o + 3] === k[3] &&
            a[o + 4] === k[4] && a[o + 5] === k[5] && a[o + 6] === k[6] && a[o + 7] === k[7]) return e;
      }
      slot = (slot + 1) & this.mask;
    }
  }

  private insert(h: number, ports: number, misc: number, tunnelId: number, innerVlan: number, ts: number): number {
    if (this.count >= this.max) {
      this.expire(this.lruHead);
      this.stats.evictions++;
    }
    const e = this.freeHead;
    this.freeHead = this.freeNext[e]!;
    this.count++;
    this.stats.flowsCreated++;
    this.keyAddr.set(this.k, e * 8);
    this.keyPorts[e] = ports;
    this.keyMisc[e] = misc;
    this.keyTunnelId[e] = tunnelId;
    this.keyInnerVlan[e] = innerVlan;
    this.hashes[e] = h;
    this.tcpState[e] = 0;
    this.generation[e]!++;
    this.resetCounters(e, ts);
    this.lastSeen[e] = ts;
    let slot = h & this.mask;
    while (this.table[slot] !== EMPTY) slot = (slot + 1) & this.mask;
    this.table[slot] = e;
    this.slotOf[e] = slot;
    this.listAppend(this.lruPrev, this.lruNext, e, false);
    this.listAppend(this.actPrev, this.actNext, e, true);
    return e;
  }

  private resetCounters(e: number, start: number): void {
    this.recordStart[e] = start;
    for (let d = 2 * e; d < 2 * e + 2; d++) {
      this.dPackets[d] = 0;
      this.dBytes[d] = 0;
      this.dFlags[d] = 0;
    }
  }

  /** Moves an entry to the most-recently-active end. */
  private touch(e: number): void {
    if (this.lruTail === e) return;
    this.listRemove(this.lruPrev, this.lruNext, e, false);
    this.listAppend(this.lruPrev, this.lruNext, e, false);
  }

  private listAppend(prev: Int32Array, next: Int32Array, e: number, active: boolean): void {
    const tail = active ? this.actTail : this.lruTail;
    prev[e] = tail;
    next[e] = EMPTY;
    if (tail !== EMPTY) next[tail] = e;
    else if (active) this.actHead = e;
    else this.lruHead = e;
    if (active) this.actTail = e;
    else this.lruTail = e;
  }

  private listRemove(prev: Int32Array, next: Int32Array, e: number, active: boolean): void {
    const p = prev[e]!;
    const n = next[e]!;
    if (p !== EMPTY) next[p] = n;
    else if (active) this.actHead = n;
    else this.lruHead = n;
    if (n !== EMPTY) prev[n] = p;
    else if (active) this.actTail = p;
    else this.lruTail = p;
  }

  /** Exports an entry's rows and removes it from the table (backward-shift deletion). */
  private expire(e: number): void {
    this.exportRows(e);
    this.listRemove(this.lruPrev, this.lruNext, e, false);
    this.listRemove(this.actPrev, this.actNext, e, true);
    let hole = this.slotOf[e]!;
    this.slotOf[e] = EMPTY;
    this.table[hole] = EMPTY;
    let slot = (hole + 1) & this.mask;
    for (;;) {
      const other = this.table[slot]!;
      if (other === EMPTY) break;
      const home = this.hashes[other]! & this.mask;
      // Move `other` into the hole if its home is not cyclically within (hole, slot].
      const dist = (slot - home) & this.mask;
      const holeDist = (slot - hole) & this.mask;
      if (dist >= holeDist) {
        this.table[hole] = other;
        this.slotOf[other] = hole;
        this.table[slot] = EMPTY;
        hole = slot;
      }
      slot = (slot + 1) & this.mask;
    }
    this.freeNext[e] = this.freeHead;
    this.freeHead = e;
    this.count--;
  }

  private exportRows(e: number): void {
    const pa = this.dPackets[2 * e]!;
    const pb = this.dPackets[2 * e + 1]!;
    if (pa === 0 && pb === 0) return;
    const conversation = ++this.conversationSeq;
    this.stats.conversationsExported++;
    // Initiator's direction first, so a conversation reads request then response.
    const first = this.initiator[e]!;
    for (let i = 0; i < 2; i++) {
      const dir = i === 0 ? first : first ^ 1;
      if (this.dPackets[2 * e + dir] === 0) continue;
      this.writeRow(e, dir, conversation, dir === first ? 1 : 0);
    }
  }

  private writeRow(e: number, dir: number, conversation: number, initiator: number): void {
    if (this.batch.length >= this.config.batchSize) this.emitBatch();
    const b = this.batch;
    const r = b.length++;
    const di = 2 * e + dir;
    b.time_start[r] = this.dFirst[di]!;
    b.time_end[r] = this.dLast[di]!;
    b.time_received[r] = this.now;
    b.exporter.set(this.config.exporter, r * 16);
    b.source[r] = PCAP_SOURCE;
    const a = e * 32;
    const src = dir === 0 ? a : a + 16;
    const dst = dir === 0 ? a + 16 : a;
    const key = this.keyAddrBytes;
    for (let i = 0; i < 16; i++) {
      b.src_addr[r * 16 + i] = key[src + i]!;
      b.dst_addr[r * 16 + i] = key[dst + i]!;
    }
    const ports = this.keyPorts[e]!;
    const portA = ports >>> 16;
    const portB = ports & 0xffff;
    const protocol = this.keyMisc[e]! & 0xff;
    const typeCode = this.dIcmp[di]!;
    if (typeCode >= 0 && (protocol === IPPROTO_ICMP || protocol === IPPROTO_ICMPV6)) {
      b.src_port[r] = 0;
      b.dst_port[r] = typeCode;
    } else {
      b.src_port[r] = dir === 0 ? portA : portB;
      b.dst_port[r] = dir === 0 ? portB : portA;
    }
    b.protocol[r] = protocol;
    b.bytes[r] = this.dBytes[di]!;
    b.packets[r] = this.dPackets[di]!;
    b.sampling_rate[r] = 1;
    b.tcp_flags[r] = protocol === IPPROTO_TCP ? this.dFlags[di]! : NaN;
    b.tos[r] = this.dTos[di]!;
    const vlan = ((this.keyMisc[e]! >>> 12) & 0x1fff) - 1;
    b.vlan[r] = vlan >= 0 ? vlan : NaN;
    this.links.conversation[r] = conversation;
    this.links.initiator[r] = initiator;
    this.stats.rowsExported++;
  }

  private emitBatch(): void {
    if (this.batch.length === 0) return;
    const batch = this.batch;
    const links = this.links;
    this.batch = createFlowBatch(this.config.batchSize);
    this.links = this.createLinks();
    this.onBatch(batch, links);
  }

  private createLinks(): FlowLinks {
    return { conversation: new Float64Array(this.config.batchSize), initiator: new Uint8Array(this.config.batchSize) };
  }
}
