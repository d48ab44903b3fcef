// From a regular series to supervised samples: a chronological train/validation/test split by
// bucket, a z-score normalisation fitted on the training part only, and sliding windows
// (`lookback` inputs → values at each horizon). A window that touches a gap is left out and
// counted; a window whose targets straddle a split boundary is left out so no target leaks.
import type { TimeSeries } from './series.js';

export interface Normalisation {
  mean: number;
  std: number;
}

export interface SplitBounds {
  /** Bucket index where validation starts (train is [0, trainEnd)). */
  trainEnd: number;
  /** Bucket index where test starts. */
  valEnd: number;
  length: number;
}

export interface WindowSet {
  /** Row-major [count, lookback] normalised inputs. */
  x: Float32Array;
  /** Row-major [count, horizons.length] normalised targets. */
  y: Float32Array;
  /** Bucket index of the last input value of each window. */
  anchors: Int32Array;
  count: number;
}

export interface Dataset {
  lookback: number;
  /** Steps ahead for each output (1 = next bucket). */
  horizons: number[];
  bounds: SplitBounds;
  norm: Normalisation;
  train: WindowSet;
  val: WindowSet;
  test: WindowSet;
  /** Windows dropped because an input or target is a gap, or because they straddle a split. */
  dropped: { gap: number; straddle: number };
}

export interface DatasetOptions {
  lookback: number;
  horizons?: number[];
  /** Fractions of buckets (chronological). Defaults 0.7 / 0.15, test is the rest. */
  trainFraction?: number;
  valFraction?: number;
}

export function splitBounds(length: number, trainFraction = 0.7, valFraction = 0.15): SplitBounds {
  if (!(trainFraction > 0) || !(valFraction >= 0) || trainFraction + valFraction >= 1) {
    throw new Error(`dataset: split fractions train=${trainFraction} val=${valFraction} must be positive and sum below 1`);
  }
  const trainEnd = Math.floor(length * trainFraction);
  const valEnd = Math.floor(length * (trainFraction + valFraction));
  return { trainEnd, valEnd, length };
}

/** Mean and standard deviation of the finite values in [0, end): fitted on training data only. */
export function fitNormalisation(values: ArrayLike<number>, end: number): Normalisation {
  let n = 0;
  let sum = 0;
  let sq = 0;
  for (let i = 0; i < end; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) continue;
    n++;
    sum += v;
    sq += v * v;
  }
  if (n === 0) throw new Error('dataset: the training part has no data');
  const mean = sum / n;
  const std = Math.sqrt(Math.max(0, sq / n - mean * mean));
  return { mean, std: std > 1e-12 ? std : 1 };
}

export function normalise(v: number, norm: Normalisation): number {
  return (v - norm.mean) / norm.std;
}

export function denormalise(v: number, norm: Normalisation): number {
  return v * norm.std + norm.mean;
}

function emptyWindows(): { x: number[]; y: number[]; anchors: number[] } {
  return { x: [], y: [], anchors: [] };
}

function finishWindows(w: { x: number[]; y: number[]; anchors: number[] }): WindowSet {
  return { x: Float32Array.from(w.x), y: Float32Array.from(w.y), anchors: Int32Array.from(w.anchors), count: w.anchors.length };
}

function windowHasGap(values: Float64Array, anchor: number, lookback: number, horizons: number[]): boolean {
  for (let i = anchor - lookback + 1; i <= anchor; i++) if (!Number.isFinite(values[i]!)) return true;
  for (const h of horizons) if (!Number.isFinite(values[anchor + h]!)) return true;
  return false;
}

export function buildDataset(series: TimeSeries, options: DatasetOptions): Dataset {
  const { lookback } = options;
  const horizons = options.horizons ?? [1];
  const values = series.values;
  const bounds = splitBounds(values.length, options.trainFraction, options.valFraction);
  const norm = fitNormalisation(values, bounds.trainEnd);
  const maxH = Math.max(...horizons);
  const parts = { train: emptyWindows(), val: emptyWindows(), test: emptyWindows() };
  const dropped = { gap: 0, straddle: 0 };
  for (let anchor = lookback - 1; anchor + maxH < values.length; anchor++) {
    const first = anchor + 1;
    const last = anchor + maxH;
    const part =
      last < bounds.trainEnd ? parts.train : first >= bounds.trainEnd && last < bounds.valEnd ? parts.val : first >= bounds.valEnd ? parts.test : null;
    if (!part) {
      dropped.straddle++;
      continue;
    }
    if (windowHasGap(values, anchor, lookback, horizons)) {
      dropped.gap++;
      continue;
    }
    for (let i = anchor - lookback + 1; i <= anchor; i++) part.x.push(normalise(values[i]!, norm));
    for (const h of horizons) part.y.push(normalise(values[anchor + h]!, norm));
    part.anchors.push(anchor);
  }
  const ds: Dataset = {
    lookback,
    horizons,
    bounds,
    norm,
    train: finishWindows(parts.train),
    val: finishWindows(parts.val),
    test: finishWindows(parts.test),
    dropped,
  };
  if (ds.train.count === 0) {
    throw new Error(
      `dataset: no training windows (series ${series.name}: ${values.length} buckets, lookback ${lookback}, longest horizon ${maxH}; ${dropped.gap} windows touch gaps)`,
    );
  }
  return ds;
}

/** Normalised input windows ending at each anchor (for forecasting from arbitrary points). */
export function inputWindows(values: Float64Array, anchors: ArrayLike<number>, lookback: number, norm: Normalisation): Float32Array {
  const x = new Float32Array(anchors.length * lookback);
  for (let k = 0; k < anchors.length; k++) {
    const a = anchors[k]!;
    for (let i = 0; i < lookback; i++) x[k * lookback + i] = normalise(values[a - lookback + 1 + i]!, norm);
  }
  return x;
}
