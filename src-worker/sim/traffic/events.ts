// Labelled events of a simulation: the ground truth anomaly detectors are scored against and the
// failures routing must react to. Each event covers steps [startStep, endStep). Scheduled events
// come from the seed and per-day rates; the engineer can inject more while the run is paused.
import type { Prng } from '../prng.js';

interface EventBase {
  id: string;
  startStep: number;
  /** Exclusive. */
  endStep: number;
  origin: 'scheduled' | 'injected';
  description: string;
}

/** Short surge of one site's outbound traffic (batch jobs, backups). */
export interface BurstEvent extends EventBase { kind: 'burst'; node: number; factor: number }
/** A site sends far more than usual for hours (a content release, a migration). */
export interface HotSpotEvent extends EventBase { kind: 'hot-spot'; node: number; factor: number }
/** Everyone wants one destination at once: sharp rise, slower decay. */
export interface FlashCrowdEvent extends EventBase { kind: 'flash-crowd'; node: number; peakFactor: number }
/** Volumetric attack from many sites towards one victim site. */
export interface DdosEvent extends EventBase {
  kind: 'ddos';
  victim: number;
  sources: number[];
  /** Total attack rate, bit/s. */
  rateBps: number;
  vector: 'ntp-reflection' | 'dns-reflection' | 'memcached-reflection' | 'syn-flood';
}
export interface LinkFailureEvent extends EventBase { kind: 'link-failure'; link: number }
export interface NodeFailureEvent extends EventBase { kind: 'node-failure'; node: number }

export type SimEvent = BurstEvent | HotSpotEvent | FlashCrowdEvent | DdosEvent | LinkFailureEvent | NodeFailureEvent;
export type SimEventKind = SimEvent['kind'];
export type SimEventInput = SimEvent extends infer E ? (E extends SimEvent ? Omit<E, 'id' | 'origin' | 'description'> & { description?: string } : never) : never;

/** Expected events per simulated day, by kind. */
export interface EventRates {
  burst: number;
  hotSpot: number;
  flashCrowd: number;
  ddos: number;
  linkFailure: number;
  nodeFailure: number;
}

export const DEFAULT_EVENT_RATES: EventRates = { burst: 6, hotSpot: 1, flashCrowd: 0.5, ddos: 1, linkFailure: 1, nodeFailure: 0 };
export const NO_EVENTS: EventRates = { burst: 0, hotSpot: 0, flashCrowd: 0, ddos: 0, linkFailure: 0, nodeFailure: 0 };

export interface ScheduleContext {
  steps: number;
  stepSeconds: number;
  origins: Int32Array;
  linkCount: number;
  nodeCount: number;
  nodeName: (node: number) => string;
  linkName: (link: number) => string;
  /** Base inbound rate of a node at mean load, bit/s: DDoS size is relative to it. */
  inboundBps: (node: number) => number;
  /** Total capacity of the node's links, bit/s: attacks aim to fill it. */
  accessCapacityBps: (node: number) => number;
}

export function isActive(event: SimEvent, step: number): boolean {
  return step >= event.startStep && step < event.endStep;
}

function stepsFor(seconds: number, stepSeconds: number): number {
  return Math.max(1, Math.round(seconds / stepSeconds));
}

export function describeEvent(e: SimEventInput, ctx: Pick<ScheduleContext, 'nodeName' | 'linkName'>): string {
  switch (e.kind) {
    case 'burst':
      return `traffic burst from ${ctx.nodeName(e.node)} (×${e.factor.toFixed(1)})`;
    case 'hot-spot':
      return `hot spot: ${ctx.nodeName(e.node)} sends ×${e.factor.toFixed(1)}`;
    case 'flash-crowd':
      return `flash crowd towards ${ctx.nodeName(e.node)} (peak ×${e.peakFactor.toFixed(1)})`;
    case 'ddos':
      return `DDoS (${e.vector}) on ${ctx.nodeName(e.victim)} from ${e.sources.length} sites, ${(e.rateBps / 1e9).toFixed(1)} Gbit/s`;
    case 'link-failure':
      return `link ${ctx.linkName(e.link)} down`;
    case 'node-failure':
      return `node ${ctx.nodeName(e.node)} down`;
  }
}

/** The seeded event schedule: a Poisson number of each kind, uniformly placed in the run. */
export function scheduleEvents(rng: Prng, rates: EventRates, ctx: ScheduleContext): SimEvent[] {
  const days = (ctx.steps * ctx.stepSeconds) / 86400;
  const out: SimEventInput[] = [];
  const start = () => rng.int(ctx.steps);
  const origin = () => ctx.origins[rng.int(ctx.origins.length)]!;
  for (let i = rng.poisson(rates.burst * days); i > 0; i--) {
    const s = start();
    out.push({ kind: 'burst', node: origin(), factor: rng.range(1.8, 3.5), startStep: s, endStep: s + stepsFor(rng.range(300, 900), ctx.stepSeconds) });
  }
  for (let i = rng.poisson(rates.hotSpot * days); i > 0; i--) {
    const s = start();
    out.push({ kind: 'hot-spot', node: origin(), factor: rng.range(2.5, 5), startStep: s, endStep: s + stepsFor(rng.range(7200, 21600), ctx.stepSeconds) });
  }
  for (let i = rng.poisson(rates.flashCrowd * days); i > 0; i--) {
    const s = start();
    out.push({ kind: 'flash-crowd', node: origin(), peakFactor: rng.range(5, 12), startStep: s, endStep: s + stepsFor(rng.range(2700, 7200), ctx.stepSeconds) });
  }
  for (let i = rng.poisson(rates.ddos * days); i > 0; i--) {
    const s = start();
    const victim = origin();
    const candidates = [...ctx.origins].filter((v) => v !== victim);
    const sources = rng.shuffle(candidates).slice(0, Math.max(1, Math.ceil(candidates.length * rng.range(0.2, 0.6)))).sort((a, b) => a - b);
    const vector = rng.pick(['ntp-reflection', 'dns-reflection', 'memcached-reflection', 'syn-flood'] as const);
    // Big enough to matter: several times the victim's normal inbound traffic, and often enough
    // to fill its links (then the drops are part of the labelled event).
    const rateBps = Math.max(ctx.inboundBps(victim) * rng.range(3, 8), ctx.accessCapacityBps(victim) * rng.range(0.3, 1.0));
    out.push({ kind: 'ddos', victim, sources, rateBps, vector, startStep: s, endStep: s + stepsFor(rng.range(900, 3600), ctx.stepSeconds) });
  }
  for (let i = rng.poisson(rates.linkFailure * days); i > 0 && ctx.linkCount > 0; i--) {
    const s = start();
    out.push({ kind: 'link-failure', link: rng.int(ctx.linkCount), startStep: s, endStep: s + stepsFor(rng.range(600, 14400), ctx.stepSeconds) });
  }
  for (let i = rng.poisson(rates.nodeFailure * days); i > 0; i--) {
    const s = start();
    out.push({ kind: 'node-failure', node: rng.int(ctx.nodeCount), startStep: s, endStep: s + stepsFor(rng.range(600, 7200), ctx.stepSeconds) });
  }
  out.sort((a, b) => a.startStep - b.startStep || a.kind.localeCompare(b.kind));
  return out.map((e, i) => ({ ...e, id: `e${i + 1}`, origin: 'scheduled', description: e.description ?? describeEvent(e, ctx) }) as SimEvent);
}
