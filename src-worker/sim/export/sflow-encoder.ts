// sFlow v5 datagrams (sflow.org/sflow_version_5.txt): an IPv4 agent header, then flow samples
// (enterprise 0, format 1) each holding one raw-packet-header record (format 1, Ethernet) with a
// synthesised Ethernet/IPv4/TCP-or-UDP header. sFlow samples packets, not flows, so each flow
// row becomes one sampled packet of the row's mean size whose sampling rate is
// rows-per-sample × packets-per-row: a collector's frame_length × sampling_rate then estimates
// the row's bytes × sampling_rate, the same volume the flow exporters report.
import type { FlowBatch } from '../../flow/record.js';
import { type EncodedPacket, type EncoderConfig, type FlowEncoder, ipv4At, isIPv4Row, orZero, u32 } from './encoder.js';

const DATAGRAM_HEADER = 28;
const ETHERNET = 14;
const IPV4 = 20;
const FCS = 4;

function l4Length(protocol: number): number {
  return protocol === 6 ? 20 : protocol === 17 ? 8 : 0;
}

function sampleLength(protocol: number): number {
  const header = ETHERNET + IPV4 + l4Length(protocol);
  const padded = header + ((4 - (header % 4)) % 4);
  return 8 + 32 + 8 + 16 + padded;
}

/** Mean packet size of a row as an Ethernet frame length (with FCS), kept to legal frames. */
export function sflowFrameLength(batch: FlowBatch, row: number): number {
  const packets = Math.max(1, batch.packets[row]!);
  const l3 = Math.round(batch.bytes[row]! / packets);
  return Math.min(9018, Math.max(64, l3 + ETHERNET + FCS));
}

/** The sampling rate a row's sample carries (see the banner). */
export function sflowSamplingRate(batch: FlowBatch, row: number): number {
  return u32(Math.max(1, batch.sampling_rate[row]! * Math.max(1, batch.packets[row]!)));
}

function ipChecksum(bytes: Uint8Array, offset: number, length: number): number {
  let sum = 0;
  for (let i = 0; i < length; i += 2) sum += (bytes[offset + i]! << 8) | bytes[offset + i + 1]!;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

/** One interface's cumulative counters, as an sFlow generic interface counters record carries. */
export interface IfCounterSample {
  ifIndex: number;
  speedBps: number;
  up: boolean;
  inOctets: number;
  inPackets: number;
  outOctets: number;
  outPackets: number;
  outDiscards: number;
}

const COUNTER_SAMPLE = 8 + 12 + 8 + 88;

/** Counter values wrap like the real 32/64-bit counters. */
const wrap32 = (v: number) => Math.round(v) % 4294967296;
const u64 = (view: DataView, o: number, v: number) => view.setBigUint64(o, BigInt(Math.round(v)) % 18446744073709551616n);

export class SflowEncoder implements FlowEncoder {
  readonly format = 'sflow' as const;
  private datagramSequence = 0;
  private sampleSequence = 0;
  private samplePool = 0;
  private counterSequence = 0;

  constructor(private readonly config: EncoderConfig) {}

  accepts(batch: FlowBatch, row: number): boolean {
    return isIPv4Row(batch.src_addr, row) && isIPv4Row(batch.dst_addr, row);
  }

  encode(batch: FlowBatch, rows: Uint32Array, start: number, end: number, exportTimeMs: number): EncodedPacket {
    let size = DATAGRAM_HEADER;
    let count = 0;
    while (start + count < end) {
      const next = sampleLength(batch.protocol[rows[start + count]!]!);
      if (count > 0 && size + next > this.config.maxDatagramBytes) break;
      size += next;
      count++;
    }
    const { bytes, view } = this.datagram(size, count, exportTimeMs);
    let o = DATAGRAM_HEADER;
    for (let i = 0; i < count; i++) o = this.writeSample(bytes, view, o, batch, rows[start + i]!);
    this.datagramSequence = (this.datagramSequence + 1) >>> 0;
    return { bytes, records: count };
  }

  /**
   * Counter samples (enterprise 0, format 2), one generic interface counters record (format 1)
   * each, as switches send every polling interval. Returns the datagram and how many samples.
   */
  encodeCounters(samples: readonly IfCounterSample[], start: number, exportTimeMs: number): EncodedPacket {
    const count = Math.max(1, Math.min(samples.length - start, Math.floor((this.config.maxDatagramBytes - DATAGRAM_HEADER) / COUNTER_SAMPLE)));
    const { bytes, view } = this.datagram(DATAGRAM_HEADER + count * COUNTER_SAMPLE, count, exportTimeMs);
    let o = DATAGRAM_HEADER;
    for (let i = 0; i < count; i++, o += COUNTER_SAMPLE) {
      const c = samples[start + i]!;
      this.counterSequence = (this.counterSequence + 1) >>> 0;
      view.setUint32(o, 2); // enterprise 0, format 2: counters sample
      view.setUint32(o + 4, COUNTER_SAMPLE - 8);
      view.setUint32(o + 8, this.counterSequence);
      view.setUint32(o + 12, c.ifIndex & 0xffffff);
      view.setUint32(o + 16, 1);
      view.setUint32(o + 20, 1); // generic interface counters
      view.setUint32(o + 24, 88);
      const r = o + 28;
      view.setUint32(r, c.ifIndex);
      view.setUint32(r + 4, 6); // ethernetCsmacd
      u64(view, r + 8, c.speedBps);
      view.setUint32(r + 16, 1); // full duplex
      view.setUint32(r + 20, c.up ? 3 : 1); // admin up; oper up when the link is
      u64(view, r + 24, c.inOctets);
      view.setUint32(r + 32, wrap32(c.inPackets));
      u64(view, r + 56, c.outOctets);
      view.setUint32(r + 64, wrap32(c.outPackets));
      view.setUint32(r + 76, wrap32(c.outDiscards));
    }
    this.datagramSequence = (this.datagramSequence + 1) >>> 0;
    return { bytes, records: count };
  }

  /** A datagram of `size` bytes with its header filled in (IPv4 agent, sequence, uptime, sample count). */
  private datagram(size: number, count: number, exportTimeMs: number): { bytes: Uint8Array; view: DataView } {
    const bytes = new Uint8Array(size);
    const view = new DataView(bytes.buffer);
    view.setUint32(0, 5);
    view.setUint32(4, 1);
    view.setUint32(8, this.config.agentIPv4 >>> 0);
    view.setUint32(12, this.config.exporterId >>> 0);
    view.setUint32(16, this.datagramSequence >>> 0);
    view.setUint32(20, u32(exportTimeMs - this.config.bootTimeMs));
    view.setUint32(24, count);
    return { bytes, view };
  }

  private writeSample(bytes: Uint8Array, view: DataView, o: number, batch: FlowBatch, row: number): number {
    const protocol = batch.protocol[row]!;
    const length = sampleLength(protocol);
    const rate = sflowSamplingRate(batch, row);
    const inIf = u32(orZero(batch.in_if[row]!));
    this.sampleSequence = (this.sampleSequence + 1) >>> 0;
    this.samplePool = (this.samplePool + rate) >>> 0;
    view.setUint32(o, 1); // enterprise 0, format 1: flow sample
    view.setUint32(o + 4, length - 8);
    view.setUint32(o + 8, this.sampleSequence);
    view.setUint32(o + 12, inIf & 0xffffff); // source id: type 0 (ifIndex), index
    view.setUint32(o + 16, rate);
    view.setUint32(o + 20, this.samplePool);
    view.setUint32(o + 24, 0); // drops
    view.setUint32(o + 28, inIf);
    view.setUint32(o + 32, u32(orZero(batch.out_if[row]!)));
    view.setUint32(o + 36, 1); // one flow record
    const headerLength = ETHERNET + IPV4 + l4Length(protocol);
    const frameLength = sflowFrameLength(batch, row);
    view.setUint32(o + 40, 1); // enterprise 0, format 1: raw packet header
    view.setUint32(o + 44, length - 48);
    view.setUint32(o + 48, 1); // header protocol: Ethernet
    view.setUint32(o + 52, frameLength);
    view.setUint32(o + 56, FCS); // stripped
    view.setUint32(o + 60, headerLength);
    this.writeFrameHeader(bytes, view, o + 64, batch, row, frameLength);
    return o + length;
  }

  private writeFrameHeader(bytes: Uint8Array, view: DataView, o: number, batch: FlowBatch, row: number, frameLength: number): void {
    const protocol = batch.protocol[row]!;
    const src = ipv4At(batch.src_addr, row);
    const dst = ipv4At(batch.dst_addr, row);
    // Locally administered MACs derived from the addresses, so conversations stay consistent.
    bytes.set([0x02, 0x00, dst >>> 24, (dst >>> 16) & 0xff, (dst >>> 8) & 0xff, dst & 0xff], o);
    bytes.set([0x02, 0x00, src >>> 24, (src >>> 16) & 0xff, (src >>> 8) & 0xff, src & 0xff], o + 6);
    view.setUint16(o + 12, 0x0800);
    const ip = o + ETHERNET;
    const totalLength = frameLength - ETHERNET - FCS;
    view.setUint8(ip, 0x45);
    view.setUint8(ip + 1, orZero(batch.tos[row]!) & 0xff);
    view.setUint16(ip + 2, totalLength);
    view.setUint16(ip + 4, this.sampleSequence & 0xffff);
    view.setUint16(ip + 6, 0x4000); // don't fragment
    view.setUint8(ip + 8, 64);
    view.setUint8(ip + 9, protocol);
    view.setUint32(ip + 12, src);
    view.setUint32(ip + 16, dst);
    view.setUint16(ip + 10, ipChecksum(bytes, ip, IPV4));
    const l4 = ip + IPV4;
    if (protocol === 6) {
      view.setUint16(l4, batch.src_port[row]!);
      view.setUint16(l4 + 2, batch.dst_port[row]!);
      view.setUint32(l4 + 4, this.sampleSequence);
      view.setUint8(l4 + 12, 0x50);
      view.setUint8(l4 + 13, (orZero(batch.tcp_flags[row]!) & 0xff) || 0x10);
      view.setUint16(l4 + 14, 65535);
    } else if (protocol === 17) {
      view.setUint16(l4, batch.src_port[row]!);
      view.setUint16(l4 + 2, batch.dst_port[row]!);
      view.setUint16(l4 + 4, Math.max(8, totalLength - IPV4));
    }
  }
}
