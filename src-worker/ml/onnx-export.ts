// Exports a trained TensorFlow.js model to ONNX, layer by layer: Dense → Gemm (2-D) or MatMul+Add
// (3-D); LSTM → the ONNX LSTM op with Keras' gate blocks i,f,c,o reordered to ONNX's i,o,f,c and
// the batch-major input transposed to time-major; our multi-head attention → MatMul/Softmax;
// LayerNorm (ours or tfjs') → ReduceMean/Sub/Mul/Sqrt/Div (opset 13 has no LayerNormalization op).
import * as tf from '@tensorflow/tfjs';
import { LayerNorm } from './layer-norm.js';
import { MultiHeadSelfAttention, PositionalEncoding, positionTable } from './multi-head-attention.js';
import { encodeOnnxModel, ONNX_FLOAT, type OnnxGraph, type OnnxNode, type OnnxTensor } from './onnx-proto.js';

export const ONNX_INPUT = 'input';
export const ONNX_OUTPUT = 'output';

interface Emitter {
  nodes: OnnxNode[];
  initializers: OnnxTensor[];
}

function floatInit(e: Emitter, name: string, dims: number[], data: Float32Array): string {
  e.initializers.push({ name, dims, data, dataType: 'float' });
  return name;
}

function intInit(e: Emitter, name: string, values: number[]): string {
  e.initializers.push({ name, dims: [values.length], data: values, dataType: 'int64' });
  return name;
}

function node(e: Emitter, op: string, inputs: string[], output: string, attributes?: OnnxNode['attributes']): string {
  e.nodes.push({ op, inputs, outputs: [output], name: output, attributes });
  return output;
}

function tensorData(t: tf.Tensor): Float32Array {
  return Float32Array.from(t.dataSync() as Float32Array);
}

function activation(e: Emitter, name: string, x: string, act: string): string {
  const op = { linear: '', relu: 'Relu', tanh: 'Tanh', sigmoid: 'Sigmoid' }[act];
  if (op === undefined) throw new Error(`onnx-export: activation "${act}" of layer ${name} is not supported`);
  return op ? node(e, op, [x], `${name}/${op.toLowerCase()}`) : x;
}

function exportDense(e: Emitter, layer: tf.layers.Layer, x: string, rank: number): string {
  const [kernel, bias] = layer.getWeights();
  const name = layer.name;
  const w = floatInit(e, `${name}/kernel`, kernel!.shape, tensorData(kernel!));
  const b = bias ? floatInit(e, `${name}/bias`, bias.shape, tensorData(bias)) : null;
  let y: string;
  if (rank === 2) y = node(e, 'Gemm', b ? [x, w, b] : [x, w], `${name}/gemm`);
  else {
    y = node(e, 'MatMul', [x, w], `${name}/matmul`);
    if (b) y = node(e, 'Add', [y, b], `${name}/add`);
  }
  return activation(e, name, y, (layer.getConfig().activation as string) ?? 'linear');
}

/** Keras i,f,c,o column blocks of a [rows, 4u] matrix → ONNX [1, 4u, rows] in order i,o,f,c. */
function kerasGatesToOnnx(m: Float32Array, rows: number, units: number): Float32Array {
  const out = new Float32Array(4 * units * rows);
  const order = [0, 3, 1, 2]; // ONNX gate g takes Keras block order[g]
  for (let g = 0; g < 4; g++) {
    for (let u = 0; u < units; u++) {
      for (let r = 0; r < rows; r++) out[(g * units + u) * rows + r] = m[r * 4 * units + order[g]! * units + u]!;
    }
  }
  return out;
}

function exportLstm(e: Emitter, layer: tf.layers.Layer, x: string, timeMajor: boolean): { out: string; timeMajor: boolean } {
  const cfg = layer.getConfig();
  if (cfg.activation !== 'tanh' || cfg.recurrentActivation !== 'sigmoid') {
    throw new Error(`onnx-export: LSTM ${layer.name} uses ${cfg.activation}/${cfg.recurrentActivation}; only tanh/sigmoid map onto the ONNX LSTM`);
  }
  const units = cfg.units as number;
  const [kernel, recurrent, bias] = layer.getWeights();
  const inputSize = kernel!.shape[0]!;
  const name = layer.name;
  const xt = timeMajor ? x : node(e, 'Transpose', [x], `${name}/time_major`, { perm: { type: 'ints', value: [1, 0, 2] } });
  const W = floatInit(e, `${name}/W`, [1, 4 * units, inputSize], kerasGatesToOnnx(tensorData(kernel!), inputSize, units));
  const R = floatInit(e, `${name}/R`, [1, 4 * units, units], kerasGatesToOnnx(tensorData(recurrent!), units, units));
  const B = new Float32Array(8 * units); // Wb then Rb; Keras has one bias, so Rb stays zero
  if (bias) B.set(kerasGatesToOnnx(tensorData(bias), 1, units), 0);
  const Bn = floatInit(e, `${name}/B`, [1, 8 * units], B);
  const Y = `${name}/Y`;
  const Yh = `${name}/Y_h`;
  e.nodes.push({ op: 'LSTM', inputs: [xt, W, R, Bn], outputs: [Y, Yh], name, attributes: { hidden_size: { type: 'int', value: units } } });
  if (cfg.returnSequences) {
    // Y is [T, 1, N, units]; drop the direction axis and stay time-major for a following LSTM
    return { out: node(e, 'Squeeze', [Y, intInit(e, `${name}/axis1`, [1])], `${name}/seq`), timeMajor: true };
  }
  return { out: node(e, 'Squeeze', [Yh, intInit(e, `${name}/axis0`, [0])], `${name}/last`), timeMajor: false };
}

function exportAttention(e: Emitter, layer: MultiHeadSelfAttention, x: string): string {
  const w = layer.namedWeights();
  const n = layer.name;
  const h = layer.numHeads;
  const k = layer.keyDim;
  const init = (key: string) => floatInit(e, `${n}/${key}`, w[key]!.shape, tensorData(w[key]!));
  const split = intInit(e, `${n}/split_shape`, [0, 0, h, k]);
  const merge = intInit(e, `${n}/merge_shape`, [0, 0, h * k]);
  const project = (role: string, perm: number[]) => {
    const m = node(e, 'MatMul', [x, init(`w${role}`)], `${n}/${role}_matmul`);
    const a = node(e, 'Add', [m, init(`b${role}`)], `${n}/${role}_add`);
    const r = node(e, 'Reshape', [a, split], `${n}/${role}_heads`);
    return node(e, 'Transpose', [r], `${n}/${role}_t`, { perm: { type: 'ints', value: perm } });
  };
  const q = project('q', [0, 2, 1, 3]); // [N, h, T, k]
  const kt = project('k', [0, 2, 3, 1]); // [N, h, k, T]
  const v = project('v', [0, 2, 1, 3]);
  const scale = floatInit(e, `${n}/scale`, [], Float32Array.of(1 / Math.sqrt(k)));
  const scores = node(e, 'Mul', [node(e, 'MatMul', [q, kt], `${n}/qk`), scale], `${n}/scores`);
  const weights = node(e, 'Softmax', [scores], `${n}/softmax`, { axis: { type: 'int', value: -1 } });
  const attended = node(e, 'MatMul', [weights, v], `${n}/attended`);
  const back = node(e, 'Transpose', [attended], `${n}/merge_t`, { perm: { type: 'ints', value: [0, 2, 1, 3] } });
  const merged = node(e, 'Reshape', [back, merge], `${n}/merged`);
  return node(e, 'Add', [node(e, 'MatMul', [merged, init('wo')], `${n}/o_matmul`), init('bo')], `${n}/out`);
}

function exportLayerNorm(e: Emitter, layer: tf.layers.Layer, x: string): string {
  const n = layer.name;
  const eps = (layer.getConfig().epsilon as number) ?? 1e-3;
  const [gamma, beta] = layer.getWeights();
  const axes = { axes: { type: 'ints' as const, value: [-1] } };
  const mean = node(e, 'ReduceMean', [x], `${n}/mean`, axes);
  const centred = node(e, 'Sub', [x, mean], `${n}/centred`);
  const variance = node(e, 'ReduceMean', [node(e, 'Mul', [centred, centred], `${n}/sq`)], `${n}/var`, axes);
  const epsName = floatInit(e, `${n}/eps`, [], Float32Array.of(eps));
  const std = node(e, 'Sqrt', [node(e, 'Add', [variance, epsName], `${n}/var_eps`)], `${n}/std`);
  let y = node(e, 'Div', [centred, std], `${n}/normed`);
  if (gamma) y = node(e, 'Mul', [y, floatInit(e, `${n}/gamma`, gamma.shape, tensorData(gamma))], `${n}/scaled`);
  if (beta) y = node(e, 'Add', [y, floatInit(e, `${n}/beta`, beta.shape, tensorData(beta))], `${n}/shifted`);
  return y;
}

function symbolicShape(t: tf.SymbolicTensor | tf.SymbolicTensor[]): number[] {
  return (Array.isArray(t) ? t[0]! : t).shape.map((d) => d ?? -1);
}

/** Builds the ONNX graph of a functional or sequential tfjs model with one input and one output. */
export function tfjsToOnnxGraph(model: tf.LayersModel, name = model.name): OnnxGraph {
  const e: Emitter = { nodes: [], initializers: [] };
  const produced = new Map<string, { tensor: string; timeMajor: boolean }>();
  const inputShape = symbolicShape(model.inputs as tf.SymbolicTensor[]);
  const outputShape = symbolicShape(model.outputs as tf.SymbolicTensor[]);
  const inputLayerName = (model.inputs[0] as tf.SymbolicTensor).sourceLayer.name;
  produced.set(inputLayerName, { tensor: ONNX_INPUT, timeMajor: false });
  let last = ONNX_INPUT;
  for (const layer of model.layers) {
    if (layer.getClassName() === 'InputLayer') continue;
    const inbound = layer.inboundNodes[0]!.inboundLayers.map((l) => {
      const p = produced.get(l.name);
      if (!p) throw new Error(`onnx-export: layer ${layer.name} reads ${l.name}, which has not been exported`);
      return p;
    });
    const first = inbound[0]!;
    const toBatchMajor = (p: { tensor: string; timeMajor: boolean }) =>
      p.timeMajor ? node(e, 'Transpose', [p.tensor], `${layer.name}/batch_major`, { perm: { type: 'ints', value: [1, 0, 2] } }) : p.tensor;
    const cls = layer.getClassName();
    let out: { tensor: string; timeMajor: boolean };
    if (cls === 'LSTM') {
      const r = exportLstm(e, layer, first.tensor, first.timeMajor);
      out = { tensor: r.out, timeMajor: r.timeMajor };
    } else {
      const x = toBatchMajor(first);
      const rank = symbolicShape(layer.input as tf.SymbolicTensor).length;
      let y: string;
      if (cls === 'Dense') y = exportDense(e, layer, x, rank);
      else if (layer instanceof MultiHeadSelfAttention) y = exportAttention(e, layer, x);
      else if (layer instanceof PositionalEncoding) {
        const [, t, d] = symbolicShape(layer.input as tf.SymbolicTensor);
        y = node(e, 'Add', [x, floatInit(e, `${layer.name}/table`, [t!, d!], positionTable(t!, d!))], `${layer.name}/out`);
      } else if (cls === 'Add') y = node(e, 'Add', [x, toBatchMajor(inbound[1]!)], `${layer.name}/out`);
      else if (cls === 'LayerNormalization' || layer instanceof LayerNorm) y = exportLayerNorm(e, layer, x);
      else if (cls === 'GlobalAveragePooling1D') {
        y = node(e, 'ReduceMean', [x], `${layer.name}/out`, { axes: { type: 'ints', value: [1] }, keepdims: { type: 'int', value: 0 } });
      } else throw new Error(`onnx-export: layer ${layer.name} (${cls}) has no ONNX mapping`);
      out = { tensor: y, timeMajor: false };
    }
    produced.set(layer.name, out);
    last = out.timeMajor ? toBatchMajor(out) : out.tensor;
  }
  e.nodes.push({ op: 'Identity', inputs: [last], outputs: [ONNX_OUTPUT], name: ONNX_OUTPUT });
  const dims = (shape: number[]) => shape.map((d, i) => (i === 0 || d < 0 ? 'N' : d));
  return {
    name,
    nodes: e.nodes,
    initializers: e.initializers,
    inputs: [{ name: ONNX_INPUT, elemType: ONNX_FLOAT, shape: dims(inputShape) }],
    outputs: [{ name: ONNX_OUTPUT, elemType: ONNX_FLOAT, shape: dims(outputShape) }],
  };
}

export function exportOnnx(model: tf.LayersModel, docString?: string): Uint8Array {
  const graph = tfjsToOnnxGraph(model);
  graph.docString = docString;
  return encodeOnnxModel(graph);
}
