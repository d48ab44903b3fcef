// The training loop: seeded shuffling, one optimiser step per mini-batch, validation loss after
// every epoch, early stopping that restores the best weights, and cancellation checked between
// batches (the event loop is given a turn so a cancel message can arrive).
import * as tf from '@tensorflow/tfjs';

export interface TrainData {
  x: Float32Array;
  y: Float32Array;
  count: number;
  /** Shape of one input sample, e.g. [24, 1]. */
  xShape: number[];
  yWidth: number;
}

export interface EpochReport {
  epoch: number;
  epochs: number;
  trainLoss: number;
  valLoss: number;
  ms: number;
  best: boolean;
}

export interface TrainOptions {
  epochs: number;
  batchSize?: number;
  /** Epochs without validation improvement before stopping; 0 disables early stopping. */
  patience?: number;
  seed: number;
  onEpoch?: (report: EpochReport) => void;
  cancelled?: () => boolean;
}

export interface TrainOutcome {
  history: EpochReport[];
  bestEpoch: number;
  stoppedEarly: boolean;
  cancelled: boolean;
}

/** mulberry32: a small seeded PRNG, enough for shuffling. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffled(n: number, rand: () => number): Int32Array {
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const t = idx[i]!;
    idx[i] = idx[j]!;
    idx[j] = t;
  }
  return idx;
}

function sampleSize(shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function gather(data: TrainData, rows: Int32Array, from: number, to: number): { xs: tf.Tensor; ys: tf.Tensor } {
  const sx = sampleSize(data.xShape);
  const n = to - from;
  const bx = new Float32Array(n * sx);
  const by = new Float32Array(n * data.yWidth);
  for (let k = 0; k < n; k++) {
    const r = rows[from + k]!;
    bx.set(data.x.subarray(r * sx, (r + 1) * sx), k * sx);
    by.set(data.y.subarray(r * data.yWidth, (r + 1) * data.yWidth), k * data.yWidth);
  }
  return { xs: tf.tensor(bx, [n, ...data.xShape]), ys: tf.tensor2d(by, [n, data.yWidth]) };
}

/** Runs the model on all rows in batches; returns row-major outputs. */
export function predictRows(model: tf.LayersModel, x: Float32Array, count: number, xShape: number[], batch = 512): Float32Array {
  const sx = sampleSize(xShape);
  const parts: Float32Array[] = [];
  for (let from = 0; from < count; from += batch) {
    const n = Math.min(batch, count - from);
    const out = tf.tidy(() => model.predict(tf.tensor(x.subarray(from * sx, (from + n) * sx), [n, ...xShape])) as tf.Tensor);
    parts.push(out.dataSync() as Float32Array);
    out.dispose();
  }
  const total = parts.reduce((a, p) => a + p.length, 0);
  const all = new Float32Array(total);
  let o = 0;
  for (const p of parts) {
    all.set(p, o);
    o += p.length;
  }
  return all;
}

export function meanSquaredError(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i]! - b[i]!) ** 2;
  return a.length ? s / a.length : NaN;
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function trainModel(model: tf.LayersModel, train: TrainData, val: TrainData, options: TrainOptions): Promise<TrainOutcome> {
  const batchSize = options.batchSize ?? 64;
  const patience = options.patience ?? 5;
  const rand = seededRandom(options.seed);
  const history: EpochReport[] = [];
  let best = Infinity;
  let bestEpoch = 0;
  let bestWeights: tf.Tensor[] | null = null;
  let stoppedEarly = false;
  let cancelled = false;
  outer: for (let epoch = 1; epoch <= options.epochs; epoch++) {
    const t0 = performance.now();
    const rows = shuffled(train.count, rand);
    let lossSum = 0;
    let batches = 0;
    for (let from = 0; from < train.count; from += batchSize) {
      if (options.cancelled?.()) {
        cancelled = true;
        break outer;
      }
      const { xs, ys } = gather(train, rows, from, Math.min(train.count, from + batchSize));
      const loss = (await model.trainOnBatch(xs, ys)) as number;
      xs.dispose();
      ys.dispose();
      lossSum += loss;
      batches++;
      if (batches % 16 === 0) await turn();
    }
    const valLoss = val.count ? meanSquaredError(predictRows(model, val.x, val.count, val.xShape), val.y) : lossSum / batches;
    const improved = valLoss < best - 1e-7;
    if (improved) {
      best = valLoss;
      bestEpoch = epoch;
      bestWeights?.forEach((w) => w.dispose());
      bestWeights = model.getWeights().map((w) => w.clone());
    }
    const report: EpochReport = { epoch, epochs: options.epochs, trainLoss: lossSum / batches, valLoss, ms: performance.now() - t0, best: improved };
    history.push(report);
    options.onEpoch?.(report);
    await turn();
    if (patience > 0 && epoch - bestEpoch >= patience) {
      stoppedEarly = epoch < options.epochs;
      break;
    }
  }
  if (bestWeights) {
    model.setWeights(bestWeights);
    bestWeights.forEach((w) => w.dispose());
  }
  return { history, bestEpoch, stoppedEarly, cancelled };
}
