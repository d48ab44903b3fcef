// The fields the filter language knows: the flow record's names (DESIGN.md) plus engineer
// shorthands that match either direction (`addr`, `port`, `as`, `if`), and the words a value
// may be written as (`tcp`, `ipfix`, `ingress`).
import { FLOW_SOURCES } from '../../../src-worker/flow/record.js';
import type { FlowColumn } from '../flows/flow-columns.js';

export type FieldType = 'address' | 'integer';

export interface FieldDef {
  columns: FlowColumn[];
  type: FieldType;
  min?: number;
  max?: number;
  /** Words this field accepts as values, mapped to the stored number. */
  names?: Record<string, number>;
}

export const PROTOCOL_NUMBERS: Record<string, number> = {
  icmp: 1, igmp: 2, ipip: 4, tcp: 6, egp: 8, udp: 17, ipv6: 41, rsvp: 46, gre: 47, esp: 50, ah: 51,
  icmpv6: 58, 'ipv6-icmp': 58, eigrp: 88, ospf: 89, pim: 103, vrrp: 112, l2tp: 115, sctp: 132,
};

const SOURCE_NUMBERS = Object.fromEntries(FLOW_SOURCES.map((s, i) => [s, i]));
const DIRECTIONS = { ingress: 0, egress: 1 };
const U32 = 0xffffffff;
const U64 = Number.MAX_SAFE_INTEGER;

const address = (...columns: FlowColumn[]): FieldDef => ({ columns, type: 'address' });
const integer = (columns: FlowColumn[], max: number, names?: Record<string, number>): FieldDef => ({ columns, type: 'integer', min: 0, max, names });

export const FILTER_FIELDS: Record<string, FieldDef> = {
  src_addr: address('src_addr'),
  dst_addr: address('dst_addr'),
  addr: address('src_addr', 'dst_addr'),
  exporter: address('exporter'),
  next_hop: address('next_hop'),
  src_port: integer(['src_port'], 65535),
  dst_port: integer(['dst_port'], 65535),
  port: integer(['src_port', 'dst_port'], 65535),
  protocol: integer(['protocol'], 255, PROTOCOL_NUMBERS),
  bytes: integer(['bytes'], U64),
  packets: integer(['packets'], U64),
  sampling_rate: integer(['sampling_rate'], U32),
  in_if: integer(['in_if'], U32),
  out_if: integer(['out_if'], U32),
  if: integer(['in_if', 'out_if'], U32),
  direction: integer(['direction'], 1, DIRECTIONS),
  tcp_flags: integer(['tcp_flags'], 255),
  tos: integer(['tos'], 255),
  vlan: integer(['vlan'], 4095),
  src_as: integer(['src_as'], U32),
  dst_as: integer(['dst_as'], U32),
  as: integer(['src_as', 'dst_as'], U32),
  source: integer(['source'], FLOW_SOURCES.length - 1, SOURCE_NUMBERS),
};

export const FIELD_ALIASES: Record<string, string> = {
  proto: 'protocol', src: 'src_addr', dst: 'dst_addr', host: 'addr', ip: 'addr', sport: 'src_port', dport: 'dst_port',
  srcport: 'src_port', dstport: 'dst_port', srcaddr: 'src_addr', dstaddr: 'dst_addr', nexthop: 'next_hop', dscp_tos: 'tos',
};
