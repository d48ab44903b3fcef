// The time-stepped simulation: a stateful object the job (or a test, or the UI through the job)
// drives one step at a time. Each step computes the traffic (traffic/), routes it with the
// routing engine's ECMP (first pass: offered load per arc, reacting to the failures active in
// that step), applies queueing and loss (queueing.ts), routes again with loss
// (loss-propagation.ts) so offered = delivered + dropped exactly, updates SNMP-like interface
// counters and synthesises the step's flow records.
//
// Routes come from a RouteCache (routing engine SPF + ECMP DAG per destination, recomputed only
// when the failure set changes); traffic is pushed down them by loss-propagation.ts in one pass,
// plus a second only in steps where some link is over capacity.
//
// Every step draws its randomness from fork(seed, step), so step k is the same whether the run
// went straight through or was paused, cancelled and resumed at k — the basis of pause/resume
// and of failure injection ("from step k on, link X is down") without replaying history.
import { compileTopology, type CompactGraph } from '../graph/compact-graph.js';
import type { Demand, Topology } from '../graph/topology.js';
import { demandSetFromArrays, type DemandSet } from '../routing/demand-set.js';
import type { RoutingOptions } from '../routing/ecmp.js';
import { failureMasks } from '../routing/failures.js';
import type { FlowBatch } from '../flow/record.js';
import { DEFAULT_FLOW_SYNTH, synthesizeFlows, type FlowSynthOptions } from './flow-synth.js';
import { newArcLossState, propagateWithLoss, type ArcLossState } from './loss-propagation.js';
import { RouteCache, type EcmpRoute } from './route-cache.js';
import type { SimNetwork } from './network.js';
import { Prng } from './prng.js';
import { congestionLoss, DEFAULT_QUEUE, queueDelayMs, type QueueOptions } from './queueing.js';
import { networkToTopology } from './topology-adapter.js';
import { DEFAULT_EVENT_RATES, describeEvent, scheduleEvents, type EventRates, type SimEvent, type SimEventInput } from './traffic/events.js';
import { gravityMatrix, type GravityMatrix } from './traffic/gravity.js';
import { matrixFromDemands } from './traffic/imported-matrix.js';
import { DEFAULT_TRAFFIC, stepTraffic, type TrafficOptions } from './traffic/traffic-model.js';

export interface SimulationConfig {
  network: SimNetwork;
  seed: number;
  steps: number;
  stepSeconds: number;
  /** UTC ms of step 0; default Monday 2026-01-05 00:00 UTC. */
  startTimeMs?: number;
  /**
   * Mean utilisation of the busiest link at unit seasonality; traffic is scaled to it. Default
   * 0.4 — except with imported `demands`, which are then used at their own rates.
   */
  busiestLinkUtilisation?: number;
  /** An imported traffic matrix (node names as in the network) instead of the gravity model. */
  demands?: Demand[];
  traffic?: Partial<TrafficOptions>;
  events?: Partial<EventRates>;
  queue?: Partial<QueueOptions>;
  flows?: Partial<FlowSynthOptions> & { enabled?: boolean };
}

export const DEFAULT_START_MS = Date.UTC(2026, 0, 5);

/** Per-arc figures of one step, arrays indexed by the compiled graph's arcs. */
export interface ArcStepStats {
  offeredBps: Float64Array;
  carriedBps: Float64Array;
  /** Transmitted onto the wire: carried minus congestion drops. */
  transmittedBps: Float64Array;
  droppedBps: Float64Array;
  utilisation: Float64Array;
  queueDelayMs: Float64Array;
  lossFraction: Float64Array;
  down: Uint8Array;
}

export interface SimStepResult {
  step: number;
  /** Step start, µs since the epoch. */
  timeUs: number;
  stepSeconds: number;
  offeredBps: number;
  deliveredBps: number;
  droppedCongestionBps: number;
  droppedBackgroundBps: number;
  unroutableBps: number;
  attackBps: number;
  /** Maximum utilisation (offered/capacity) over links that are up, and that arc. */
  mlu: number;
  mluArc: number;
  /** Traffic-weighted mean one-way latency of delivered traffic, ms (propagation + queueing). */
  meanLatencyMs: number;
  activeEvents: string[];
  failedLinks: number[];
  failedNodes: number[];
  arcs: ArcStepStats;
  flows: FlowBatch | null;
  samplingRate: number;
}

/** Cumulative SNMP-style counters per arc (ifOut* on the tail router's interface). */
export interface InterfaceCounters {
  outOctets: Float64Array;
  outPackets: Float64Array;
  outDiscards: Float64Array;
  /** ifIn* of the far end: what arrived after loss on the wire. */
  inOctets: Float64Array;
}

interface Prepared {
  topology: Topology;
  g: CompactGraph;
  matrix: GravityMatrix;
  demands: DemandSet;
  scaleBps: number;
  schedule: SimEvent[];
  counters: InterfaceCounters;
}

export class Simulation {
  private prepared?: Prepared;
  private readonly injected: SimEvent[] = [];
  private routeCache?: RouteCache;
  private next = 0;
  readonly options: {
    traffic: TrafficOptions;
    events: EventRates;
    queue: QueueOptions;
    flows: FlowSynthOptions & { enabled: boolean };
    startTimeMs: number;
    busiestLinkUtilisation: number;
    calibrate: boolean;
  };

  constructor(readonly config: SimulationConfig) {
    if (!Number.isInteger(config.steps) || config.steps < 1) throw new Error(`sim: steps must be a positive integer, got ${config.steps}`);
    if (!(config.stepSeconds > 0)) throw new Error(`sim: step length must be positive seconds, got ${config.stepSeconds}`);
    this.options = {
      traffic: { ...DEFAULT_TRAFFIC, ...config.traffic },
      events: { ...DEFAULT_EVENT_RATES, ...config.events },
      queue: { ...DEFAULT_QUEUE, ...(config.network.fabric ? { bufferMs: 1 } : {}), ...config.queue },
      flows: { ...DEFAULT_FLOW_SYNTH, enabled: true, ...config.flows },
      startTimeMs: config.startTimeMs ?? DEFAULT_START_MS,
      busiestLinkUtilisation: config.busiestLinkUtilisation ?? 0.4,
      calibrate: config.busiestLinkUtilisation !== undefined || !config.demands,
    };
  }

  /** The routing engine's view of the simulated network (ids, addresses, interfaces). */
  get topology(): Topology {
    return this.prepare().topology;
  }

  get graph(): CompactGraph {
    return this.prepare().g;
  }

  /** The next step `step()` will compute. */
  get cursor(): number {
    return this.next;
  }

  get done(): boolean {
    return this.next >= this.config.steps;
  }

  /** Every labelled event (scheduled and injected), in start order. */
  get events(): SimEvent[] {
    return [...this.prepare().schedule, ...this.injected].sort((a, b) => a.startStep - b.startStep || a.id.localeCompare(b.id));
  }

  get counters(): InterfaceCounters {
    return this.prepare().counters;
  }

  /** Traffic scale: total bit/s of the matrix at unit seasonality. */
  get scaleBps(): number {
    return this.prepare().scaleBps;
  }

  /**
   * The mean traffic matrix (seasonality, noise and events aside) as routing-engine demands, in
   * bit/s, or null when it has more than `limit` pairs (a million-pair matrix is for the
   * simulator's arrays, not for a what-if table).
   */
  baseDemands(limit: number): Demand[] | null {
    const { matrix, scaleBps, topology } = this.prepare();
    if (matrix.share.length > limit) return null;
    const ids = topology.nodes.map((n) => n.id);
    return Array.from(matrix.share, (share, p) => ({ src: ids[matrix.src[p]!]!, dst: ids[matrix.dst[p]!]!, rate: share * scaleBps }));
  }

  timeOfStepMs(step: number): number {
    return this.options.startTimeMs + step * this.config.stepSeconds * 1000;
  }

  /** Moves the cursor (resume a run at step k; interface counters restart from zero). */
  seek(step: number): void {
    if (!Number.isInteger(step) || step < 0 || step > this.config.steps) throw new Error(`sim: cannot seek to step ${step} of ${this.config.steps}`);
    this.next = step;
  }

  /**
   * Adds an event from the engineer (a failure to rehearse, an attack to detect). It is labelled
   * like scheduled ones; starting before the cursor is allowed (for re-runs) but warned by the UI.
   */
  inject(input: SimEventInput): SimEvent {
    this.prepare();
    validateEventInput(input, this.config.network, this.config.steps);
    const names = {
      nodeName: (v: number) => this.config.network.nodes[v]?.name ?? `#${v}`,
      linkName: (l: number) => linkName(this.config.network, l),
    };
    const event = { ...input, id: `i${this.injected.length + 1}`, origin: 'injected', description: input.description ?? describeEvent(input, names) } as SimEvent;
    this.injected.push(event);
    return event;
  }

  /** Ends an event early (repairs a failure, stops an attack) from step `atStep` on. */
  endEvent(id: string, atStep = this.next): SimEvent {
    const event = this.events.find((e) => e.id === id);
    if (!event) throw new Error(`sim: no event "${id}"`);
    event.endStep = Math.max(event.startStep, Math.min(event.endStep, atStep));
    return event;
  }

  /** Computes the step at the cursor and advances. */
  step(): SimStepResult {
    if (this.done) throw new Error(`sim: the run has ${this.config.steps} steps; all are done`);
    const result = this.compute(this.next);
    this.next++;
    return result;
  }

  private prepare(): Prepared {
    if (this.prepared) return this.prepared;
    const { network, seed } = this.config;
    const rng = new Prng(seed).fork('simulation');
    const topology = networkToTopology(network);
    const g = compileTopology(topology);
    const matrix = this.config.demands ? matrixFromDemands(network, this.config.demands) : gravityMatrix(network, rng.fork('gravity'));
    const rates = new Float64Array(matrix.share.length);
    const demands = demandSetFromArrays(g.nodeCount, matrix.src, matrix.dst, rates);
    // Calibrate: route the unit matrix once and scale so the busiest link sits at the target.
    rates.set(matrix.share);
    this.routeCache = new RouteCache(g);
    const offered = this.routeAll(g, demands, this.routeCache.routes('', {}), {}, null).state.carried;
    let worst = 0;
    for (let a = 0; a < g.arcCount; a++) if (g.capacity[a]! > 0) worst = Math.max(worst, offered[a]! / g.capacity[a]!);
    const scaleBps = !this.options.calibrate && matrix.totalRate ? matrix.totalRate : worst > 0 ? this.options.busiestLinkUtilisation / worst : 1e9;
    const inbound = new Float64Array(g.nodeCount);
    for (let p = 0; p < matrix.share.length; p++) inbound[matrix.dst[p]!]! += matrix.share[p]! * scaleBps;
    const schedule = scheduleEvents(rng.fork('events'), this.options.events, {
      steps: this.config.steps,
      stepSeconds: this.config.stepSeconds,
      origins: matrix.origins,
      linkCount: network.links.length,
      nodeCount: network.nodes.length,
      nodeName: (v) => network.nodes[v]!.name,
      linkName: (l) => linkName(network, l),
      inboundBps: (v) => inbound[v]!,
      accessCapacityBps: (v) => {
        let sum = 0;
        for (let a = g.inOffsets[v]!; a < g.inOffsets[v + 1]!; a++) sum += g.capacity[g.inArcs[a]!]!;
        return sum;
      },
    });
    const counters: InterfaceCounters = {
      outOctets: new Float64Array(g.arcCount),
      outPackets: new Float64Array(g.arcCount),
      outDiscards: new Float64Array(g.arcCount),
      inOctets: new Float64Array(g.arcCount),
    };
    this.prepared = { topology, g, matrix, demands, scaleBps, schedule, counters };
    return this.prepared;
  }

  private compute(step: number): SimStepResult {
    const p = this.prepare();
    const { g, matrix, demands } = p;
    const stepRng = new Prng(this.config.seed).fork(`step:${step}`);
    const timeMs = this.timeOfStepMs(step);
    const traffic = stepTraffic(matrix, p.scaleBps, this.config.network, this.events, step, timeMs, this.options.traffic, stepRng.fork('traffic'), demands.rate as Float64Array);
    const failures = [
      ...traffic.failedLinks.map((l) => ({ kind: 'link' as const, id: p.topology.links[l]!.id })),
      ...traffic.failedNodes.map((v) => ({ kind: 'node' as const, id: p.topology.nodes[v]!.id })),
    ];
    const masks = failures.length ? failureMasks(g, failures) : null;
    const routing: RoutingOptions = masks ? { arcDown: masks.arcDown, nodeDown: masks.nodeDown } : {};
    const key = failures.length ? `${[...traffic.failedLinks].sort((a, b) => a - b).join(',')}|${[...traffic.failedNodes].sort((a, b) => a - b).join(',')}` : '';
    const routes = this.routeCache!.routes(key, routing);

    // Pass A: route with background loss only; what reaches each arc is its offered load.
    let pass = this.routeAll(g, demands, routes, routing, null);
    const offered = pass.state.carried;
    const arcs = this.arcStats(g, offered, routing.arcDown);
    // Pass B, only when some arc is over capacity: route again dropping the excess there.
    if (arcs.lossFraction.some((_, a) => offered[a]! > g.capacity[a]! && g.capacity[a]! > 0)) {
      const congestion = new Float64Array(g.arcCount);
      for (let a = 0; a < g.arcCount; a++) congestion[a] = congestionLoss(offered[a]!, g.capacity[a]!);
      pass = this.routeAll(g, demands, routes, routing, congestion);
    }
    const state = pass.state;
    arcs.carriedBps = state.carried;
    let droppedCongestion = 0;
    let droppedBackground = 0;
    let latencyWeighted = 0;
    for (let a = 0; a < g.arcCount; a++) {
      droppedCongestion += state.droppedCongestion[a]!;
      droppedBackground += state.droppedBackground[a]!;
      arcs.transmittedBps[a] = state.carried[a]! - state.droppedCongestion[a]!;
      arcs.droppedBps[a] = state.droppedCongestion[a]! + state.droppedBackground[a]!;
      latencyWeighted += arcs.transmittedBps[a]! * (g.latency[a]! + arcs.queueDelayMs[a]!);
    }
    this.updateCounters(p.counters, arcs, state);
    const flows = this.options.flows.enabled
      ? synthesizeFlows({
          g,
          src: matrix.src,
          dst: matrix.dst,
          traffic,
          stepStartUs: timeMs * 1000,
          stepSeconds: this.config.stepSeconds,
          routing,
          routeTowards: routes,
          rng: stepRng.fork('flows'),
          options: this.options.flows,
        })
      : null;
    let mlu = 0;
    let mluArc = -1;
    for (let a = 0; a < g.arcCount; a++) if (!arcs.down[a] && arcs.utilisation[a]! > mlu) (mlu = arcs.utilisation[a]!), (mluArc = a);
    return {
      step,
      timeUs: timeMs * 1000,
      stepSeconds: this.config.stepSeconds,
      offeredBps: traffic.totalBps,
      deliveredBps: pass.delivered,
      droppedCongestionBps: droppedCongestion,
      droppedBackgroundBps: droppedBackground,
      unroutableBps: pass.unroutable,
      attackBps: traffic.attackBps,
      mlu,
      mluArc,
      meanLatencyMs: pass.delivered > 0 ? latencyWeighted / pass.delivered : 0,
      activeEvents: traffic.activeEvents,
      failedLinks: traffic.failedLinks,
      failedNodes: traffic.failedNodes,
      arcs,
      flows: flows?.batch ?? null,
      samplingRate: flows?.samplingRate ?? 1,
    };
  }

  /** Every destination's demands through propagateWithLoss. */
  private routeAll(g: CompactGraph, demands: DemandSet, routes: (t: number) => EcmpRoute | null, routing: RoutingOptions, congestion: Float64Array | null) {
    const state = newArcLossState(g, congestion);
    const nodeIn = new Float64Array(g.nodeCount);
    let delivered = 0;
    let unroutable = 0;
    for (let slot = 0; slot < demands.destinations.length; slot++) {
      const r = propagateWithLoss(g, routes(demands.destinations[slot]!), demands, slot, routing, state, nodeIn);
      delivered += r.delivered;
      unroutable += r.unroutable;
    }
    return { state, delivered, unroutable };
  }

  private arcStats(g: CompactGraph, offered: Float64Array, arcDown: Uint8Array | undefined): ArcStepStats {
    const m = g.arcCount;
    const stats: ArcStepStats = {
      offeredBps: offered,
      carriedBps: new Float64Array(m),
      transmittedBps: new Float64Array(m),
      droppedBps: new Float64Array(m),
      utilisation: new Float64Array(m),
      queueDelayMs: new Float64Array(m),
      lossFraction: new Float64Array(m),
      down: arcDown ? arcDown.slice() : new Uint8Array(m),
    };
    for (let a = 0; a < m; a++) {
      const c = g.capacity[a]!;
      stats.utilisation[a] = c > 0 ? offered[a]! / c : 0;
      stats.queueDelayMs[a] = queueDelayMs(offered[a]!, c, this.options.queue);
      const congestion = congestionLoss(offered[a]!, c);
      stats.lossFraction[a] = offered[a]! > 0 ? 1 - (1 - congestion) * (1 - g.loss[a]!) : 0;
    }
    return stats;
  }

  private updateCounters(counters: InterfaceCounters, arcs: ArcStepStats, state: ArcLossState): void {
    const seconds = this.config.stepSeconds;
    const packetBits = this.options.queue.meanPacketBytes * 8;
    for (let a = 0; a < arcs.transmittedBps.length; a++) {
      const sentBits = arcs.transmittedBps[a]! * seconds;
      counters.outOctets[a]! += sentBits / 8;
      counters.outPackets[a]! += sentBits / packetBits;
      counters.outDiscards[a]! += (state.droppedCongestion[a]! * seconds) / packetBits;
      counters.inOctets[a]! += ((arcs.transmittedBps[a]! - state.droppedBackground[a]!) * seconds) / 8;
    }
  }
}

export function linkName(network: SimNetwork, link: number): string {
  const l = network.links[link];
  return l ? `${network.nodes[l.a]!.name}–${network.nodes[l.b]!.name}` : `#${link}`;
}

function validateEventInput(e: SimEventInput, network: SimNetwork, steps: number): void {
  const n = network.nodes.length;
  const bad = (what: string) => {
    throw new Error(`sim: cannot inject ${e.kind}: ${what}`);
  };
  if (!Number.isInteger(e.startStep) || !Number.isInteger(e.endStep) || e.startStep < 0 || e.endStep <= e.startStep) bad(`steps ${e.startStep}..${e.endStep} are not a valid range`);
  if (e.startStep >= steps) bad(`it starts at step ${e.startStep}, after the run's last step ${steps - 1}`);
  const node = (v: number) => Number.isInteger(v) && v >= 0 && v < n;
  switch (e.kind) {
    case 'link-failure':
      if (!(Number.isInteger(e.link) && e.link >= 0 && e.link < network.links.length)) bad(`there is no link #${e.link}`);
      break;
    case 'node-failure':
    case 'burst':
    case 'hot-spot':
    case 'flash-crowd':
      if (!node(e.node)) bad(`there is no node #${e.node}`);
      break;
    case 'ddos':
      if (!node(e.victim) || !e.sources.every(node) || e.sources.length === 0) bad('victim and sources must be nodes of the network');
      if (!(e.rateBps > 0)) bad('the attack rate must be positive');
      break;
  }
}
