// The forecasting and detection networks, built with seeded initialisers so a seed reproduces a
// run: an LSTM forecaster, a small Transformer encoder, the multi-horizon predictor (an LSTM
// encoder with one output per horizon), and a dense autoencoder for anomaly detection.
import * as tf from '@tensorflow/tfjs';
import { LayerNorm } from './layer-norm.js';
import { MultiHeadSelfAttention, PositionalEncoding } from './multi-head-attention.js';

export type ModelKind = 'lstm' | 'transformer' | 'multi' | 'autoencoder';
export const MODEL_KINDS: ModelKind[] = ['lstm', 'transformer', 'multi', 'autoencoder'];

export interface ModelConfig {
  kind: ModelKind;
  /** Input window length in buckets. */
  lookback: number;
  /** Number of outputs (horizons for forecasters; ignored for the autoencoder, which outputs lookback). */
  outputs: number;
  /** LSTM units / Transformer model width / autoencoder hidden width. */
  units: number;
  /** Stacked LSTM layers (lstm, multi). */
  layers: number;
  heads: number;
  /** Autoencoder bottleneck width. */
  latent: number;
  seed: number;
  learningRate: number;
}

export const MODEL_DEFAULTS: Omit<ModelConfig, 'kind' | 'lookback' | 'outputs'> = {
  units: 32,
  layers: 1,
  heads: 2,
  latent: 4,
  seed: 42,
  learningRate: 0.005,
};

/** Seeds for the i-th initialiser of a model: distinct, deterministic. */
function seedOf(config: ModelConfig, i: number): number {
  return config.seed * 1009 + i * 7919;
}

function dense(config: ModelConfig, i: number, units: number, activation: 'linear' | 'relu' | 'tanh' = 'linear', name?: string) {
  return tf.layers.dense({ units, activation, name, kernelInitializer: tf.initializers.glorotUniform({ seed: seedOf(config, i) }) });
}

function lstmStack(config: ModelConfig, input: tf.SymbolicTensor): tf.SymbolicTensor {
  let x = input;
  for (let l = 0; l < config.layers; l++) {
    x = tf.layers
      .lstm({
        units: config.units,
        returnSequences: l < config.layers - 1,
        recurrentActivation: 'sigmoid', // the tfjs default is hardSigmoid; ONNX's LSTM uses sigmoid
        kernelInitializer: tf.initializers.glorotUniform({ seed: seedOf(config, 10 + l) }),
        recurrentInitializer: tf.initializers.orthogonal({ seed: seedOf(config, 20 + l), gain: 1 }),
        name: `lstm_${l}`,
      })
      .apply(x) as tf.SymbolicTensor;
  }
  return x;
}

function buildLstm(config: ModelConfig): tf.LayersModel {
  const input = tf.input({ shape: [config.lookback, 1], name: 'input' });
  const h = lstmStack(config, input);
  const out = dense(config, 1, config.outputs, 'linear', 'output').apply(h) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: out, name: 'lstm' });
}

function buildMulti(config: ModelConfig): tf.LayersModel {
  const input = tf.input({ shape: [config.lookback, 1], name: 'input' });
  const h = lstmStack(config, input);
  const hidden = dense(config, 2, config.units, 'relu', 'horizon_hidden').apply(h) as tf.SymbolicTensor;
  const out = dense(config, 3, config.outputs, 'linear', 'output').apply(hidden) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: out, name: 'multi' });
}

function buildTransformer(config: ModelConfig): tf.LayersModel {
  const d = config.units;
  if (d % config.heads !== 0) throw new Error(`models: transformer width ${d} is not divisible by ${config.heads} heads`);
  const input = tf.input({ shape: [config.lookback, 1], name: 'input' });
  let x = dense(config, 1, d, 'linear', 'embed').apply(input) as tf.SymbolicTensor;
  x = new PositionalEncoding({ name: 'position' }).apply(x) as tf.SymbolicTensor;
  const attn = new MultiHeadSelfAttention({ numHeads: config.heads, keyDim: d / config.heads, seed: seedOf(config, 2), name: 'attention' }).apply(
    x,
  ) as tf.SymbolicTensor;
  x = tf.layers.add({ name: 'residual_1' }).apply([x, attn]) as tf.SymbolicTensor;
  x = new LayerNorm({ name: 'norm_1' }).apply(x) as tf.SymbolicTensor;
  const ff1 = dense(config, 3, 2 * d, 'relu', 'ffn_1').apply(x) as tf.SymbolicTensor;
  const ff2 = dense(config, 4, d, 'linear', 'ffn_2').apply(ff1) as tf.SymbolicTensor;
  x = tf.layers.add({ name: 'residual_2' }).apply([x, ff2]) as tf.SymbolicTensor;
  x = new LayerNorm({ name: 'norm_2' }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.globalAveragePooling1d({ name: 'pool' }).apply(x) as tf.SymbolicTensor;
  const out = dense(config, 5, config.outputs, 'linear', 'output').apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: out, name: 'transformer' });
}

function buildAutoencoder(config: ModelConfig): tf.LayersModel {
  const input = tf.input({ shape: [config.lookback], name: 'input' });
  let x = dense(config, 1, config.units, 'relu', 'encode').apply(input) as tf.SymbolicTensor;
  x = dense(config, 2, config.latent, 'linear', 'latent').apply(x) as tf.SymbolicTensor;
  x = dense(config, 3, config.units, 'relu', 'decode').apply(x) as tf.SymbolicTensor;
  const out = dense(config, 4, config.lookback, 'linear', 'output').apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: out, name: 'autoencoder' });
}

/** Runs `build` with tfjs' orthogonal-initialiser size warning muted: at our sizes it costs milliseconds, and it would otherwise land in every CLI run's output. */
function quietOrthogonal<T>(build: () => T): T {
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && args[0].startsWith('Orthogonal initializer')) return;
    warn(...args);
  };
  try {
    return build();
  } finally {
    console.warn = warn;
  }
}

export function buildModel(config: ModelConfig): tf.LayersModel {
  const model = quietOrthogonal(() =>
    config.kind === 'lstm'
      ? buildLstm(config)
      : config.kind === 'multi'
        ? buildMulti(config)
        : config.kind === 'transformer'
          ? buildTransformer(config)
          : buildAutoencoder(config),
  );
  model.compile({ optimizer: tf.train.adam(config.learningRate), loss: 'meanSquaredError' });
  return model;
}

/** Shape of one input sample: sequence models take [lookback, 1], the autoencoder [lookback]. */
export function inputShape(config: Pick<ModelConfig, 'kind' | 'lookback'>): number[] {
  return config.kind === 'autoencoder' ? [config.lookback] : [config.lookback, 1];
}
