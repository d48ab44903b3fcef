// A regular time series (fixed step, NaN = no data) and the resampling that makes one from
// irregular samples. Gaps are explicit: short ones are interpolated and counted, long ones stay
// NaN so that no model window or baseline ever silently trains or scores on invented data.

export interface TimeSeries {
  /** What the series is ("link r1:3 in", "csv ec2_network_in_257a54.csv"). */
  name: string;
  /** Start of the first bucket, ms since the Unix epoch (UTC). */
  startMs: number;
  stepMs: number;
  /** One value per bucket; NaN where there is no data (a gap). */
  values: Float64Array;
}

export interface GapReport {
  buckets: number;
  observed: number;
  interpolated: number;
  /** Buckets still missing after interpolation (gaps longer than the interpolation limit). */
  missing: number;
  /** Gaps as [first bucket, length] pairs, before interpolation. */
  gaps: Array<[number, number]>;
}

export type Aggregation = 'mean' | 'sum' | 'max';

export const DEFAULT_STEP_MS = 5 * 60_000;

/** Buckets irregular (time, value) samples onto a step grid aligned to multiples of `stepMs`. */
export function resample(
  name: string,
  timesMs: ArrayLike<number>,
  values: ArrayLike<number>,
  stepMs = DEFAULT_STEP_MS,
  aggregation: Aggregation = 'mean',
): TimeSeries {
  if (!(stepMs > 0)) throw new Error(`series: step must be positive, got ${stepMs}`);
  let minT = Infinity;
  let maxT = -Infinity;
  for (let i = 0; i < timesMs.length; i++) {
    const t = timesMs[i]!;
    if (!Number.isFinite(t) || !Number.isFinite(values[i]!)) continue;
    if (t < minT) minT = t;
    if (t > maxT) maxT = t;
  }
  if (minT === Infinity) return { name, startMs: 0, stepMs, values: new Float64Array(0) };
  const startMs = Math.floor(minT / stepMs) * stepMs;
  const n = Math.floor((maxT - startMs) / stepMs) + 1;
  const sum = new Float64Array(n);
  const count = new Uint32Array(n);
  const out = new Float64Array(n).fill(NaN);
  for (let i = 0; i < timesMs.length; i++) {
    const t = timesMs[i]!;
    const v = values[i]!;
    if (!Number.isFinite(t) || !Number.isFinite(v)) continue;
    const b = Math.floor((t - startMs) / stepMs);
    if (aggregation === 'max') sum[b] = count[b] === 0 ? v : Math.max(sum[b]!, v);
    else sum[b] = sum[b]! + v;
    count[b] = count[b]! + 1;
  }
  for (let b = 0; b < n; b++) {
    if (count[b] === 0) continue;
    out[b] = aggregation === 'mean' ? sum[b]! / count[b]! : sum[b]!;
  }
  return { name, startMs, stepMs, values: out };
}

/** Finds NaN runs as [start, length]. */
export function findGaps(values: ArrayLike<number>): Array<[number, number]> {
  const gaps: Array<[number, number]> = [];
  let i = 0;
  while (i < values.length) {
    if (!Number.isNaN(values[i]!)) {
      i++;
      continue;
    }
    const start = i;
    while (i < values.length && Number.isNaN(values[i]!)) i++;
    gaps.push([start, i - start]);
  }
  return gaps;
}

/**
 * Linearly interpolates interior gaps of at most `maxSteps` buckets (default 3: 15 min at 5 min);
 * longer gaps and gaps at either end stay NaN. Returns a new series and what was done.
 */
export function fillShortGaps(series: TimeSeries, maxSteps = 3): { series: TimeSeries; report: GapReport } {
  const v = Float64Array.from(series.values);
  const gaps = findGaps(v);
  let interpolated = 0;
  for (const [start, len] of gaps) {
    if (len > maxSteps || start === 0 || start + len >= v.length) continue;
    const a = v[start - 1]!;
    const b = v[start + len]!;
    for (let k = 1; k <= len; k++) v[start + k - 1] = a + ((b - a) * k) / (len + 1);
    interpolated += len;
  }
  let missing = 0;
  for (const x of v) if (Number.isNaN(x)) missing++;
  const observed = v.length - missing - interpolated;
  return {
    series: { ...series, values: v },
    report: { buckets: v.length, observed, interpolated, missing, gaps },
  };
}

export function bucketTimeMs(series: TimeSeries, index: number): number {
  return series.startMs + index * series.stepMs;
}

/** Seasonal periods in buckets for this step: daily and weekly, when the step divides them. */
export function seasonalPeriods(stepMs: number): { daily: number; weekly: number } {
  const day = 86_400_000;
  return { daily: Math.round(day / stepMs), weekly: Math.round((7 * day) / stepMs) };
}

const DURATION = /^(\d+(?:\.\d+)?)\s*(ms|s|m|min|h|d|w)$/;

/** Parses "5m", "15min", "1h", "24h", "7d" into milliseconds. */
export function parseDuration(text: string): number {
  const m = DURATION.exec(text.trim());
  if (!m) throw new Error(`series: cannot read duration "${text}" (examples: 5m, 1h, 24h, 7d)`);
  const unit = { ms: 1, s: 1000, m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[m[2] as 'ms'];
  return Number(m[1]) * unit;
}
