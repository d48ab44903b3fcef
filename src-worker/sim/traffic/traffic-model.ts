// One step of traffic: the gravity matrix scaled to bit/s, times each site's seasonality (as
// sender and as receiver, in its local time), log-normal noise, and the active events — bursts
// and hot spots raise a sender, flash crowds raise a receiver, DDoS adds attack demands, and
// failures are handed to routing. Pair rates are rank-one modulated (sender × receiver factors)
// so a 1,000-site, million-pair matrix costs one multiply per pair per step.
import type { SimNetwork } from '../network.js';
import type { Prng } from '../prng.js';
import type { SimEvent } from './events.js';
import { isActive } from './events.js';
import { pairIndex, type GravityMatrix } from './gravity.js';
import { DEFAULT_SEASONALITY, seasonalFactor, type SeasonalityOptions } from './seasonality.js';

export interface TrafficOptions {
  seasonality: SeasonalityOptions;
  /** Per-site, per-step log-normal noise (sigma of the log). */
  noiseSigma: number;
}

export const DEFAULT_TRAFFIC: TrafficOptions = { seasonality: DEFAULT_SEASONALITY, noiseSigma: 0.08 };

export interface StepTraffic {
  /** bit/s per demand pair, attack included. */
  rates: Float64Array;
  /** bit/s of attack per pair (null when no DDoS is active). */
  attack: Float64Array | null;
  /** Attack vector per pair with attack traffic (DDoS event id order). */
  attackEvents: Array<{ event: string; vector: string; victim: number; pairs: Int32Array }>;
  totalBps: number;
  attackBps: number;
  failedLinks: number[];
  failedNodes: number[];
  activeEvents: string[];
}

/** The flash-crowd multiplier through its life: a fast linear rise, then exponential decay. */
export function flashCrowdFactor(event: { startStep: number; endStep: number; peakFactor: number }, step: number): number {
  const length = event.endStep - event.startStep;
  const x = (step - event.startStep + 0.5) / length;
  const rise = 0.2;
  if (x <= rise) return 1 + (event.peakFactor - 1) * (x / rise);
  return 1 + (event.peakFactor - 1) * Math.exp(-4 * ((x - rise) / (1 - rise)));
}

export function stepTraffic(
  matrix: GravityMatrix,
  scaleBps: number,
  network: SimNetwork,
  events: readonly SimEvent[],
  step: number,
  timeMs: number,
  options: TrafficOptions,
  rng: Prng,
  rates: Float64Array = new Float64Array(matrix.share.length),
): StepTraffic {
  const n = network.nodes.length;
  const sender = new Float64Array(n);
  const receiver = new Float64Array(n);
  const sigma = options.noiseSigma;
  for (const v of matrix.origins) {
    const season = Math.sqrt(seasonalFactor(timeMs, network.nodes[v]!.lon, options.seasonality));
    sender[v] = season * Math.exp(sigma * rng.normal() - (sigma * sigma) / 2);
    receiver[v] = season * Math.exp(sigma * rng.normal() - (sigma * sigma) / 2);
  }
  const active = events.filter((e) => isActive(e, step));
  const failedLinks: number[] = [];
  const failedNodes: number[] = [];
  const ddos: Extract<SimEvent, { kind: 'ddos' }>[] = [];
  for (const e of active) {
    if (e.kind === 'burst' || e.kind === 'hot-spot') sender[e.node]! *= e.factor;
    else if (e.kind === 'flash-crowd') receiver[e.node]! *= flashCrowdFactor(e, step);
    else if (e.kind === 'link-failure') failedLinks.push(e.link);
    else if (e.kind === 'node-failure') failedNodes.push(e.node);
    else if (e.kind === 'ddos') ddos.push(e);
  }
  const { src, dst, share } = matrix;
  let total = 0;
  for (let p = 0; p < share.length; p++) {
    const r = scaleBps * share[p]! * sender[src[p]!]! * receiver[dst[p]!]!;
    rates[p] = r;
    total += r;
  }
  let attack: Float64Array | null = null;
  let attackBps = 0;
  const attackEvents: StepTraffic['attackEvents'] = [];
  for (const e of ddos) {
    attack ??= new Float64Array(share.length);
    const pairs = e.sources.map((s) => pairIndex(matrix, s, e.victim)).filter((p) => p >= 0);
    // Attack sources are uneven: some reflectors answer far more than others.
    const weights = pairs.map(() => rng.exponential(1));
    const sum = weights.reduce((a, b) => a + b, 0);
    pairs.forEach((p, i) => {
      const r = (e.rateBps * weights[i]!) / sum;
      attack![p]! += r;
      rates[p]! += r;
      attackBps += r;
      total += r;
    });
    attackEvents.push({ event: e.id, vector: e.vector, victim: e.victim, pairs: Int32Array.from(pairs) });
  }
  return { rates, attack, attackEvents, totalBps: total, attackBps, failedLinks, failedNodes, activeEvents: active.map((e) => e.id) };
}
