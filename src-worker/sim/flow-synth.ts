// Flow records for one simulation step, as the ingress routers' NetFlow would report them.
// Records are a systematic sample of the step's demand pairs, proportional to their rates
// (one pass over the prefix sum, no per-pair work beyond an add), flow-sampled 1:N so at most
// `recordsPerStep` rows come out; each record's bytes are heavy-tailed (Pareto weights) and
// scaled so Σ bytes × sampling_rate equals the step's offered volume. DDoS pairs yield attack
// records (reflection or SYN flood signatures) in proportion to their attack share.
import type { CompactGraph } from '../graph/compact-graph.js';
import { writeIPv4 } from '../flow/address.js';
import { createFlowBatch, FLOW_SOURCES, type FlowBatch } from '../flow/record.js';
import type { RoutingOptions } from '../routing/ecmp.js';
import { CUSTOMER_IFINDEX, customerAsn, customerHostIPv4, loopbackIPv4 } from './addressing.js';
import type { Prng } from './prng.js';
import type { EcmpRoute } from './route-cache.js';
import type { StepTraffic } from './traffic/traffic-model.js';

export interface FlowSynthOptions {
  /** Upper bound on records per step; the sampling rate rises to keep under it. */
  recordsPerStep: number;
  /** Mean size of a real (unsampled) flow, bytes. */
  meanFlowBytes: number;
  /** Pareto shape of flow sizes (smaller = heavier tail). */
  paretoAlpha: number;
}

export const DEFAULT_FLOW_SYNTH: FlowSynthOptions = { recordsPerStep: 2000, meanFlowBytes: 250_000, paretoAlpha: 1.4 };

export interface FlowSynthInput {
  g: CompactGraph;
  src: Int32Array;
  dst: Int32Array;
  traffic: StepTraffic;
  stepStartUs: number;
  stepSeconds: number;
  routing: RoutingOptions;
  routeTowards: (t: number) => EcmpRoute | null;
  rng: Prng;
  options: FlowSynthOptions;
}

export interface SynthesizedFlows {
  batch: FlowBatch;
  samplingRate: number;
  /** Offered bytes of the step at up routers (what the records total after × sampling rate). */
  volumeBytes: number;
  attackRecords: number;
}

const SIM_SOURCE = FLOW_SOURCES.indexOf('sim');
const TCP_SERVICES = [443, 443, 443, 443, 80, 80, 22, 25, 993, 3306, 5432, 8080, 179];
const UDP_SERVICES = [53, 53, 443, 443, 123, 3478, 5060, 4500];
const ATTACK: Record<string, { protocol: number; srcPort: number; packetBytes: number }> = {
  'ntp-reflection': { protocol: 17, srcPort: 123, packetBytes: 468 },
  'dns-reflection': { protocol: 17, srcPort: 53, packetBytes: 1400 },
  'memcached-reflection': { protocol: 17, srcPort: 11211, packetBytes: 1400 },
  'syn-flood': { protocol: 6, srcPort: 0, packetBytes: 60 },
};

/** Systematic sample of `count` pair indices proportional to rate (skipping pairs from down routers). */
function samplePairs(rates: Float64Array, src: Int32Array, nodeDown: Uint8Array | undefined, total: number, count: number, rng: Prng): Int32Array {
  const out = new Int32Array(count);
  const stride = total / count;
  let next = rng.float() * stride;
  let cumulative = 0;
  let k = 0;
  for (let p = 0; p < rates.length && k < count; p++) {
    if (nodeDown && nodeDown[src[p]!]) continue;
    cumulative += rates[p]!;
    while (k < count && next < cumulative) {
      out[k++] = p;
      next += stride;
    }
  }
  // Floating-point shortfall at the very end: repeat the last pair.
  while (k < count) out[k++] = out[Math.max(0, k - 2)]!;
  return out;
}

function attackVectorOf(traffic: StepTraffic, pair: number): string {
  for (const e of traffic.attackEvents) if (e.pairs.includes(pair)) return e.vector;
  return 'ntp-reflection';
}

export function synthesizeFlows(input: FlowSynthInput): SynthesizedFlows {
  const { traffic, src, dst, rng, options, g, routing } = input;
  const nodeDown = routing.nodeDown;
  let upBps = traffic.totalBps;
  if (nodeDown) {
    upBps = 0;
    for (let p = 0; p < traffic.rates.length; p++) if (!nodeDown[src[p]!]) upBps += traffic.rates[p]!;
  }
  const volumeBytes = (upBps * input.stepSeconds) / 8;
  const expectedFlows = volumeBytes / options.meanFlowBytes;
  const samplingRate = Math.max(1, Math.ceil(expectedFlows / options.recordsPerStep));
  const count = volumeBytes > 0 ? Math.max(1, Math.min(options.recordsPerStep, Math.round(expectedFlows / samplingRate))) : 0;
  const batch = createFlowBatch(count);
  if (count === 0) return { batch, samplingRate, volumeBytes, attackRecords: 0 };
  const pairs = samplePairs(traffic.rates, src, nodeDown, upBps, count, rng);
  const weights = new Float64Array(count);
  let weightSum = 0;
  for (let k = 0; k < count; k++) {
    weights[k] = rng.pareto(1, options.paretoAlpha);
    weightSum += weights[k]!;
  }
  const perRecord = volumeBytes / samplingRate / count;
  const stepUs = input.stepSeconds * 1e6;
  let attackRecords = 0;
  for (let k = 0; k < count; k++) {
    const p = pairs[k]!;
    const s = src[p]!;
    const t = dst[p]!;
    const bytes = Math.max(1, Math.round((perRecord * weights[k]! * count) / weightSum));
    const isAttack = traffic.attack !== null && rng.float() * traffic.rates[p]! < traffic.attack[p]!;
    writeIPv4(batch.exporter, k * 16, loopbackIPv4(s));
    batch.source[k] = SIM_SOURCE;
    batch.sampling_rate[k] = samplingRate;
    batch.bytes[k] = bytes;
    batch.in_if[k] = CUSTOMER_IFINDEX;
    batch.direction[k] = 0;
    batch.src_as[k] = customerAsn(s);
    batch.dst_as[k] = customerAsn(t);
    let packetBytes: number;
    if (isAttack) {
      attackRecords++;
      const a = ATTACK[attackVectorOf(traffic, p)]!;
      packetBytes = a.packetBytes;
      batch.protocol[k] = a.protocol;
      // Reflected traffic comes from real hosts at the reflector sites; SYN floods are spoofed.
      const spoofed = a.protocol === 6 ? (0xc6120000 | rng.int(1 << 17)) >>> 0 : customerHostIPv4(s, rng.int(254));
      writeIPv4(batch.src_addr, k * 16, spoofed);
      writeIPv4(batch.dst_addr, k * 16, customerHostIPv4(t, 7));
      batch.src_port[k] = a.protocol === 6 ? 1024 + rng.int(64000) : a.srcPort;
      batch.dst_port[k] = a.protocol === 6 ? 443 : 1024 + rng.int(64000);
      batch.tcp_flags[k] = a.protocol === 6 ? 0x02 : NaN;
      batch.tos[k] = 0;
      batch.time_start[k] = input.stepStartUs + rng.float() * stepUs * 0.1;
      batch.time_end[k] = input.stepStartUs + stepUs * (0.9 + 0.1 * rng.float());
    } else {
      const u = rng.float();
      const protocol = u < 0.85 ? 6 : u < 0.98 ? 17 : 1;
      batch.protocol[k] = protocol;
      const service = protocol === 6 ? rng.pick(TCP_SERVICES) : protocol === 17 ? rng.pick(UDP_SERVICES) : 0;
      const ephemeral = protocol === 1 ? 0 : 32768 + rng.int(28232);
      const serverIsSource = rng.float() < 0.5;
      batch.src_port[k] = serverIsSource ? service : ephemeral;
      batch.dst_port[k] = serverIsSource ? ephemeral : service;
      writeIPv4(batch.src_addr, k * 16, customerHostIPv4(s, rng.int(254)));
      writeIPv4(batch.dst_addr, k * 16, customerHostIPv4(t, rng.int(254)));
      batch.tcp_flags[k] = protocol === 6 ? 0x1b : NaN;
      const q = rng.float();
      batch.tos[k] = q < 0.9 ? 0 : q < 0.95 ? 46 << 2 : 26 << 2;
      packetBytes = protocol === 1 ? 84 : rng.float() < 0.6 ? 1400 : 576;
      const startOffset = rng.float() * stepUs;
      batch.time_start[k] = input.stepStartUs + startOffset;
      batch.time_end[k] = Math.min(input.stepStartUs + stepUs, batch.time_start[k]! + rng.exponential(15e6));
    }
    batch.packets[k] = Math.max(1, Math.ceil(bytes / packetBytes));
    batch.time_received[k] = input.stepStartUs + stepUs;
    const route = input.routeTowards(t);
    const first = route ? route.dag.offsets[s]! : 0;
    const nh = route ? route.dag.offsets[s + 1]! - first : 0;
    if (nh > 0) {
      const arc = route!.dag.arcs[first + rng.int(nh)]!;
      batch.out_if[k] = arc - g.offsets[s]! + 1;
      writeIPv4(batch.next_hop, k * 16, loopbackIPv4(g.head[arc]!));
    } else {
      batch.out_if[k] = 0; // no route: the ingress router drops it (out_if 0, as NetFlow shows)
    }
  }
  batch.length = count;
  return { batch, samplingRate, volumeBytes, attackRecords };
}
