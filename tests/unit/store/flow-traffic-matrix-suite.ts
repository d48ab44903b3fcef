// The traffic matrix from stored flows, on any backend: a small provider network (A, B, C, D;
// B is the hub; customers on ifIndex 100 of every router) whose routers each export a record
// per stream they forward, with per-router sampling, written through the store's flow writer.
// The matrix the store computes is compared with the generator's own ground truth (each
// stream's ingress router, egress router and the ingress record's sampled volume), and every
// byte is accounted for: demands + transit + the categorised unmapped traffic = all flows.
import { expect, it } from 'vitest';
import { openFlowWriter } from '../../../src-main/store/flows/open-flow-writer.js';
import { flowTrafficMatrix } from '../../../src-main/store/query/flow-traffic-matrix.js';
import type { Store } from '../../../src-main/store/store.js';
import { saveTopology } from '../../../src-main/store/topology-tables.js';
import { parseAddress } from '../../../src-worker/flow/address.js';
import { createFlowBatch, type FlowBatch } from '../../../src-worker/flow/record.js';
import { linkDirection, type Topology } from '../../../src-worker/graph/topology.js';

export const ROUTERS = ['A', 'B', 'C', 'D'] as const;
type Router = (typeof ROUTERS)[number];
export const LOOPBACK: Record<Router, string> = { A: '10.0.0.1', B: '10.0.0.2', C: '10.0.0.3', D: '10.0.0.4' };
const SAMPLING: Record<Router, number> = { A: 1, B: 10, C: 100, D: 1 };
/** ifIndex on router X towards neighbour Y. */
const IFACE: Record<string, number> = { 'A>B': 1, 'B>A': 1, 'B>C': 2, 'C>B': 1, 'B>D': 3, 'D>B': 1 };
const CUSTOMER_IF = 100;
export const T0_US = Date.UTC(2026, 10, 20, 10, 0, 0) * 1000;

function path(src: Router, dst: Router): Router[] {
  if (src === dst) return [src];
  if (src === 'B' || dst === 'B') return [src, dst];
  return [src, 'B', dst];
}

export interface Stream {
  ingress: Router;
  egress: Router;
  /** Sampling-corrected bytes of the ingress router's record (what the matrix should count). */
  ingressBytes: number;
  protocol: number;
  receivedUs: number;
}

export interface Network {
  batch: FlowBatch;
  streams: Stream[];
  /** Bytes of the noise records, per category the mapping should put them in. */
  noise: Record<string, number>;
  totalBytes: number;
  minStartUs: number;
  maxEndUs: number;
}

/** Deterministic streams between customers of the four routers, plus records the rule cannot map. */
export function providerNetwork(streamCount = 80): Network {
  let seed = 12345;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const rows: Array<{ exporter: string; src: string; dst: string; nextHop: string | null; inIf: number | null; outIf: number; direction: number; bytes: number; sampling: number; protocol: number; startUs: number; endUs: number }> = [];
  const streams: Stream[] = [];
  for (let s = 0; s < streamCount; s++) {
    const si = Math.floor(rnd() * 4);
    const di = Math.floor(rnd() * 4);
    const src = ROUTERS[si]!;
    const dst = ROUTERS[di]!;
    const srcHost = `198.51.100.${10 * si + 1 + Math.floor(rnd() * 5)}`;
    const dstHost = `198.51.100.${10 * di + 1 + Math.floor(rnd() * 5)}`;
    const base = 1000 + Math.floor(rnd() * 2_000_000);
    const protocol = rnd() < 0.5 ? 6 : 17;
    const startUs = T0_US + Math.floor(rnd() * 600) * 1e6;
    const endUs = startUs + Math.floor(1 + rnd() * 60) * 1e6;
    const hops = path(src, dst);
    // Some exporters do not export the direction field at all (NaN): input is the default.
    const direction = s % 7 === 0 ? NaN : 0;
    hops.forEach((r, h) => {
      const last = h === hops.length - 1;
      const nextHop = last ? (s % 3 === 0 ? null : `192.0.2.${10 + di}`) : LOOPBACK[hops[h + 1]!];
      rows.push({
        exporter: LOOPBACK[r],
        src: srcHost,
        dst: dstHost,
        nextHop,
        inIf: h === 0 ? CUSTOMER_IF : IFACE[`${r}>${hops[h - 1]}`]!,
        outIf: last ? CUSTOMER_IF : IFACE[`${r}>${hops[h + 1]}`]!,
        direction,
        bytes: Math.max(1, Math.round(base / SAMPLING[r])),
        sampling: SAMPLING[r],
        protocol,
        startUs,
        endUs,
      });
    });
    streams.push({ ingress: src, egress: dst, ingressBytes: rows[rows.length - hops.length]!.bytes * SAMPLING[src], protocol, receivedUs: endUs });
  }
  const noise: Record<string, number> = {};
  const extra = (category: string, row: (typeof rows)[number]) => {
    rows.push(row);
    noise[category] = (noise[category] ?? 0) + row.bytes * row.sampling;
  };
  const t = T0_US + 100e6;
  // An exporter that is not a device of the topology.
  extra('unknown-exporter', { exporter: '10.9.9.9', src: '198.51.100.1', dst: '198.51.100.31', nextHop: null, inIf: 5, outIf: 6, direction: 0, bytes: 7777, sampling: 1, protocol: 6, startUs: t, endUs: t + 1e6 });
  // Input record without in_if: entry cannot be told from transit.
  extra('no-input-interface', { exporter: LOOPBACK.A, src: '198.51.100.2', dst: '198.51.100.32', nextHop: LOOPBACK.B, inIf: null, outIf: 1, direction: 0, bytes: 5555, sampling: 1, protocol: 6, startUs: t, endUs: t + 1e6 });
  // Measured on output only.
  extra('output-only', { exporter: LOOPBACK.C, src: '198.51.100.3', dst: '198.51.100.33', nextHop: '192.0.2.12', inIf: 1, outIf: CUSTOMER_IF, direction: 1, bytes: 33, sampling: 100, protocol: 17, startUs: t, endUs: t + 1e6 });
  // Enters at A towards a destination nobody is seen handing to the outside.
  extra('no-egress', { exporter: LOOPBACK.A, src: '198.51.100.4', dst: '203.0.113.5', nextHop: LOOPBACK.B, inIf: CUSTOMER_IF, outIf: 1, direction: 0, bytes: 4444, sampling: 1, protocol: 6, startUs: t, endUs: t + 1e6 });
  const batch = createFlowBatch(rows.length);
  rows.forEach((r, i) => {
    batch.time_start[i] = r.startUs;
    batch.time_end[i] = r.endUs;
    batch.time_received[i] = r.endUs;
    batch.exporter.set(parseAddress(r.exporter), i * 16);
    batch.src_addr.set(parseAddress(r.src), i * 16);
    batch.dst_addr.set(parseAddress(r.dst), i * 16);
    if (r.nextHop) batch.next_hop.set(parseAddress(r.nextHop), i * 16);
    batch.in_if[i] = r.inIf ?? NaN;
    batch.out_if[i] = r.outIf;
    batch.direction[i] = r.direction;
    batch.bytes[i] = r.bytes;
    batch.packets[i] = Math.max(1, Math.round(r.bytes / 500));
    batch.sampling_rate[i] = r.sampling;
    batch.protocol[i] = r.protocol;
    batch.src_port[i] = 40000 + (i % 1000);
    batch.dst_port[i] = 443;
  });
  batch.length = rows.length;
  const totalBytes = rows.reduce((s, r) => s + r.bytes * r.sampling, 0);
  return { batch, streams, noise, totalBytes, minStartUs: rows.reduce((m, r) => Math.min(m, r.startUs), Infinity), maxEndUs: rows.reduce((m, r) => Math.max(m, r.endUs), -Infinity) };
}

/** The provider network as a stored topology would describe it (no interface indices). */
export function providerTopology(): Topology {
  const dir = () => linkDirection({ capacity: 10e9, metric: 10 });
  return {
    name: 'provider',
    nodes: ROUTERS.map((r) => ({ id: r, name: r, role: 'edge', addresses: [LOOPBACK[r]] })),
    links: [
      { id: 'A-B', a: 'A', b: 'B', ab: dir(), ba: dir(), srlgs: [] },
      { id: 'B-C', a: 'B', b: 'C', ab: dir(), ba: dir(), srlgs: [] },
      { id: 'B-D', a: 'B', b: 'D', ab: dir(), ba: dir(), srlgs: [] },
    ],
  };
}

/** The independent aggregation: the generator's truth, per ingress>egress, bit/s. */
export function expectedRates(streams: readonly Stream[], seconds: number, keep: (s: Stream) => boolean = () => true): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of streams) {
    if (!keep(s) || s.ingress === s.egress) continue;
    out[`${s.ingress}>${s.egress}`] = (out[`${s.ingress}>${s.egress}`] ?? 0) + (s.ingressBytes * 8) / seconds;
  }
  return out;
}

function rates(demands: readonly { src: string; dst: string; rate: number }[]): Record<string, number> {
  return Object.fromEntries(demands.map((d) => [`${d.src}>${d.dst}`, d.rate]));
}

function expectClose(actual: Record<string, number>, expected: Record<string, number>): void {
  expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
  for (const k of Object.keys(expected)) expect(actual[k]).toBeCloseTo(expected[k]!, 6);
}

export async function writeNetwork(store: Store, net: Network): Promise<void> {
  const writer = openFlowWriter(store);
  await writer.append(net.batch);
  await writer.flush();
  await writer.close();
}

export function flowTrafficMatrixSuite(open: () => Promise<Store>): void {
  it('maps every stream to its ingress and egress router, matching the generator, with every byte accounted for', async () => {
    const store = await open();
    try {
      const net = providerNetwork();
      await writeNetwork(store, net);
      await saveTopology(store, providerTopology(), []);
      const fromUs = T0_US;
      const toUs = T0_US + 3600e6;
      const m = await flowTrafficMatrix(store, providerTopology(), { fromUs, toUs });
      expect(m.seconds).toBe(3600);
      expectClose(rates(m.demands), expectedRates(net.streams, 3600));
      // Categories: every kind of noise lands in its own bucket with its exact volume.
      const unmapped = Object.fromEntries(m.unmapped.map((u) => [u.reason, u.bytes]));
      const sameDevice = net.streams.filter((s) => s.ingress === s.egress).reduce((a, s) => a + s.ingressBytes, 0);
      expect(sameDevice).toBeGreaterThan(0);
      expect(unmapped).toEqual({ ...net.noise, 'same-device': sameDevice });
      expect(m.unmapped.find((u) => u.reason === 'unknown-exporter')!.examples[0]!.what).toBe('10.9.9.9');
      expect(m.unmapped.find((u) => u.reason === 'no-egress')!.examples[0]!.what).toBe('10.0.0.1 → 203.0.113.5');
      // Conservation: nothing vanishes.
      const unmappedBytes = m.unmapped.reduce((a, u) => a + u.bytes, 0);
      expect(m.total.bytes).toBe(net.totalBytes);
      expect(m.mapped.bytes + m.transit.bytes + unmappedBytes).toBe(net.totalBytes);
      expect(m.transit.bytes).toBeGreaterThan(0);
    } finally {
      await store.close();
    }
  });

  it('honours the time range and the filter expression, and averages over the flows’ own span by default', async () => {
    const store = await open();
    try {
      const net = providerNetwork(60);
      await writeNetwork(store, net);
      const topo = providerTopology();
      const fromUs = T0_US + 200e6;
      const toUs = T0_US + 500e6;
      const ranged = await flowTrafficMatrix(store, topo, { fromUs, toUs, filter: 'proto = tcp' });
      expect(ranged.seconds).toBe(300);
      expectClose(rates(ranged.demands), expectedRates(net.streams, 300, (s) => s.protocol === 6 && s.receivedUs >= fromUs && s.receivedUs < toUs));
      const all = await flowTrafficMatrix(store, topo);
      const span = (net.maxEndUs - net.minStartUs) / 1e6;
      expect(all.seconds).toBeCloseTo(span, 3);
      expectClose(rates(all.demands), expectedRates(net.streams, span));
      await expect(flowTrafficMatrix(store, topo, { filter: 'proto = icmp' })).rejects.toThrow(/traffic-matrix: no stored flows match "proto = icmp"/);
    } finally {
      await store.close();
    }
  });
}
