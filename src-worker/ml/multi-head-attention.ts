// Multi-head self-attention as a TensorFlow.js layer (tfjs 4.22 has none), plus the fixed
// sinusoidal positional encoding the Transformer encoder adds to its inputs. Both are registered
// for serialisation so saved models load again, and the ONNX exporter knows their weights:
// wq,bq,wk,bk,wv,bv ([d, heads*keyDim]) and wo,bo ([heads*keyDim, d]).
import * as tf from '@tensorflow/tfjs';

export interface MultiHeadSelfAttentionConfig {
  numHeads: number;
  keyDim: number;
  seed?: number;
  name?: string;
}

export class MultiHeadSelfAttention extends tf.layers.Layer {
  static readonly className = 'MultiHeadSelfAttention';
  readonly numHeads: number;
  readonly keyDim: number;
  private readonly seed: number;
  private weightsByName: Record<string, tf.LayerVariable> = {};

  constructor(config: MultiHeadSelfAttentionConfig) {
    super({ name: config.name });
    this.numHeads = config.numHeads;
    this.keyDim = config.keyDim;
    this.seed = config.seed ?? 1;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const d = shape[shape.length - 1] as number;
    const hk = this.numHeads * this.keyDim;
    const kernel = (name: string, rows: number, cols: number, seed: number) =>
      (this.weightsByName[name] = this.addWeight(name, [rows, cols], 'float32', tf.initializers.glorotUniform({ seed })));
    const bias = (name: string, n: number) => (this.weightsByName[name] = this.addWeight(name, [n], 'float32', tf.initializers.zeros()));
    kernel('wq', d, hk, this.seed);
    bias('bq', hk);
    kernel('wk', d, hk, this.seed + 1);
    bias('bk', hk);
    kernel('wv', d, hk, this.seed + 2);
    bias('bv', hk);
    kernel('wo', hk, d, this.seed + 3);
    bias('bo', d);
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor3D;
      const [b, t, d] = x.shape;
      const w = (n: string) => this.weightsByName[n]!.read();
      const flat = x.reshape([b * t, d]);
      // [b*t, d] → [b, heads, t, keyDim]
      const heads = (wn: string, bn: string) =>
        tf.add(tf.matMul(flat, w(wn)), w(bn)).reshape([b, t, this.numHeads, this.keyDim]).transpose([0, 2, 1, 3]);
      const q = heads('wq', 'bq');
      const k = heads('wk', 'bk');
      const v = heads('wv', 'bv');
      const scores = tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(this.keyDim));
      const attended = tf.matMul(tf.softmax(scores, -1), v); // [b, heads, t, keyDim]
      const merged = attended.transpose([0, 2, 1, 3]).reshape([b * t, this.numHeads * this.keyDim]);
      return tf.add(tf.matMul(merged, w('wo')), w('bo')).reshape([b, t, d]);
    });
  }

  /** Weight values by role, for the ONNX exporter. */
  namedWeights(): Record<string, tf.Tensor> {
    return Object.fromEntries(Object.entries(this.weightsByName).map(([k, v]) => [k, v.read()]));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), numHeads: this.numHeads, keyDim: this.keyDim, seed: this.seed };
  }
}

/** Sinusoidal position table [length, d] of "Attention is all you need". */
export function positionTable(length: number, d: number): Float32Array {
  const out = new Float32Array(length * d);
  for (let pos = 0; pos < length; pos++) {
    for (let i = 0; i < d; i++) {
      const angle = pos / Math.pow(10000, (2 * Math.floor(i / 2)) / d);
      out[pos * d + i] = i % 2 === 0 ? Math.sin(angle) : Math.cos(angle);
    }
  }
  return out;
}

export class PositionalEncoding extends tf.layers.Layer {
  static readonly className = 'PositionalEncoding';

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor3D;
      const [, t, d] = x.shape;
      return tf.add(x, tf.tensor2d(positionTable(t, d), [t, d]));
    });
  }
}

tf.serialization.registerClass(MultiHeadSelfAttention);
tf.serialization.registerClass(PositionalEncoding);
