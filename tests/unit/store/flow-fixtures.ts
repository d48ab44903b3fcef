// A deterministic mix of flows for the store suites: IPv4 and IPv6, several exporters, ports,
// protocols, sampling rates and NULLs, spread over an hour. Expected answers are computed from
// these records in plain JS, never copied from a store.
import { parseAddress } from '../../../src-worker/flow/address.js';
import { createFlowBatch, FLOW_SOURCES, flowRecords, type FlowBatch, type FlowRecord } from '../../../src-worker/flow/record.js';

export const T0_US = Date.UTC(2026, 10, 20, 10, 0, 0) * 1000;

const EXPORTERS = ['192.0.2.1', '192.0.2.2', '2001:db8:ffff::1'];
const SRC = ['10.0.0.1', '10.1.2.3', '10.200.0.9', '172.16.5.5', '192.168.1.10', '2001:db8:1::10', '2001:db8:2::20'];
const DST = ['10.0.0.1', '8.8.8.8', '1.1.1.1', '10.1.2.3', '2001:4860::8888', '2001:db8:1::10'];
const PORTS = [80, 443, 53, 22, 8080, 123, 50000];
const PROTOCOLS = [6, 17, 6, 6, 1];

export function makeFlows(n: number, seed = 1): FlowBatch {
  const b = createFlowBatch(n);
  let x = seed;
  const rnd = (m: number) => ((x = (x * 1103515245 + 12345) >>> 0) % m);
  for (let i = 0; i < n; i++) {
    const t = T0_US + Math.floor((i / n) * 3600e6);
    b.time_start[i] = t - rnd(5_000_000);
    b.time_end[i] = t;
    b.time_received[i] = t + 1000;
    b.exporter.set(parseAddress(EXPORTERS[rnd(EXPORTERS.length)]!), i * 16);
    b.source[i] = FLOW_SOURCES.indexOf(rnd(2) ? 'ipfix' : 'netflow9');
    b.src_addr.set(parseAddress(SRC[rnd(SRC.length)]!), i * 16);
    b.dst_addr.set(parseAddress(DST[rnd(DST.length)]!), i * 16);
    b.src_port[i] = PORTS[rnd(PORTS.length)]!;
    b.dst_port[i] = PORTS[rnd(PORTS.length)]!;
    b.protocol[i] = PROTOCOLS[rnd(PROTOCOLS.length)]!;
    b.bytes[i] = 40 + rnd(150_000);
    b.packets[i] = 1 + rnd(100);
    b.sampling_rate[i] = rnd(4) === 0 ? 100 : 1;
    if (rnd(3)) b.in_if[i] = rnd(8);
    if (rnd(3)) b.out_if[i] = rnd(8);
    if (rnd(2)) b.direction[i] = rnd(2);
    if (b.protocol[i] === 6) b.tcp_flags[i] = rnd(64);
    b.tos[i] = rnd(4) * 8;
    if (rnd(4) === 0) b.vlan[i] = 10 + rnd(3);
    if (rnd(2)) { b.src_as[i] = 64500 + rnd(5); b.dst_as[i] = 15169; }
    if (rnd(2)) b.next_hop.set(parseAddress('192.0.2.254'), i * 16);
  }
  b.length = n;
  return b;
}

export function records(b: FlowBatch): FlowRecord[] {
  return flowRecords(b);
}

/** 10.0.0.0/8 etc. for IPv4 text addresses (tests only use byte-aligned prefixes). */
export function inV4Prefix(addr: string, prefix: string): boolean {
  if (addr.includes(':')) return false;
  const [net, len] = prefix.split('/');
  const bytes = Number(len) / 8;
  return addr.split('.').slice(0, bytes).join('.') === net!.split('.').slice(0, bytes).join('.');
}

export function sumBy<T>(rows: T[], key: (r: T) => string, value: (r: T) => number): Map<string, number> {
  const m = new Map<string, number>();
  for (const r of rows) m.set(key(r), (m.get(key(r)) ?? 0) + value(r));
  return m;
}

/** Rows [from, to) of a batch as a batch of their own (copies). */
export function sliceBatch(b: FlowBatch, from: number, to: number): FlowBatch {
  const out = createFlowBatch(to - from);
  for (const [name, column] of Object.entries(b)) {
    if (!ArrayBuffer.isView(column)) continue;
    const width = (column as Uint8Array).length / b.time_start.length;
    (out as unknown as Record<string, Uint8Array>)[name]!.set((column as Uint8Array).subarray(from * width, to * width));
  }
  out.length = to - from;
  return out;
}
