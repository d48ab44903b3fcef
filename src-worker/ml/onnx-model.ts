// Runs an ONNX model with onnxruntime-node: our own exports and external models (for example an
// LSTM exported by PyTorch). An external model comes with a declared signature: which input and
// output to use, the input layout, window length and output width. The signature is checked
// against the file before the first inference, so a mismatch is a clear error, not garbage.
import * as ort from 'onnxruntime-node';
import { decodeOnnxModelInfo, type OnnxModelInfo } from './onnx-proto.js';

/** batch-time-feature = [N, L, 1] (Keras); time-batch-feature = [L, N, 1] (PyTorch default); batch-time = [N, L]. */
export type InputLayout = 'batch-time-feature' | 'time-batch-feature' | 'batch-time';

export interface OnnxSignature {
  input: string;
  output: string;
  layout: InputLayout;
  lookback: number;
  /** Values per row of the output (horizons, or lookback for a reconstruction). */
  outputs: number;
}

export interface OnnxRunnerOptions {
  /** Threads for one inference; 1 keeps latency predictable beside other work. */
  threads?: number;
}

function checkSignature(info: OnnxModelInfo, sig: OnnxSignature): void {
  const input = info.inputs.find((i) => i.name === sig.input);
  const output = info.outputs.find((o) => o.name === sig.output);
  const names = (l: { name: string }[]) => l.map((v) => v.name).join(', ') || 'none';
  if (!input) throw new Error(`onnx: the model has no input "${sig.input}" (inputs: ${names(info.inputs)})`);
  if (!output) throw new Error(`onnx: the model has no output "${sig.output}" (outputs: ${names(info.outputs)})`);
  if (input.elemType !== 1) throw new Error(`onnx: input "${sig.input}" is not float32 (element type ${input.elemType})`);
  const expected = sig.layout === 'batch-time' ? ['N', sig.lookback] : sig.layout === 'batch-time-feature' ? ['N', sig.lookback, 1] : [sig.lookback, 'N', 1];
  if (input.shape.length && input.shape.length !== expected.length) {
    throw new Error(`onnx: input "${sig.input}" has rank ${input.shape.length} ([${input.shape}]), layout ${sig.layout} needs rank ${expected.length}`);
  }
  input.shape.forEach((d, i) => {
    if (typeof d === 'number' && typeof expected[i] === 'number' && d !== expected[i]) {
      throw new Error(`onnx: input "${sig.input}" dimension ${i} is ${d}, the signature says ${expected[i]} ([${input.shape}] vs layout ${sig.layout})`);
    }
  });
  const lastDim = output.shape[output.shape.length - 1];
  if (typeof lastDim === 'number' && lastDim !== sig.outputs) {
    throw new Error(`onnx: output "${sig.output}" has ${lastDim} values per row, the signature says ${sig.outputs}`);
  }
}

/** Rearranges row-major [N, L] windows into the model's layout. */
function toLayout(x: Float32Array, count: number, lookback: number, layout: InputLayout): { data: Float32Array; dims: number[] } {
  if (layout === 'batch-time') return { data: x, dims: [count, lookback] };
  if (layout === 'batch-time-feature') return { data: x, dims: [count, lookback, 1] };
  const t = new Float32Array(x.length);
  for (let n = 0; n < count; n++) for (let l = 0; l < lookback; l++) t[l * count + n] = x[n * lookback + l]!;
  return { data: t, dims: [lookback, count, 1] };
}

export class OnnxRunner {
  readonly info: OnnxModelInfo;
  private constructor(
    private readonly session: ort.InferenceSession,
    readonly signature: OnnxSignature,
    info: OnnxModelInfo,
  ) {
    this.info = info;
  }

  static async load(bytes: Uint8Array, signature: OnnxSignature, options: OnnxRunnerOptions = {}): Promise<OnnxRunner> {
    const info = decodeOnnxModelInfo(bytes);
    checkSignature(info, signature);
    const threads = options.threads ?? 1;
    const session = await ort.InferenceSession.create(bytes, { intraOpNumThreads: threads, interOpNumThreads: 1, graphOptimizationLevel: 'all' });
    return new OnnxRunner(session, signature, info);
  }

  /** Runs `count` windows (row-major [count, lookback]); returns row-major [count, outputs]. */
  async run(x: Float32Array, count: number): Promise<Float32Array> {
    const sig = this.signature;
    if (x.length !== count * sig.lookback) throw new Error(`onnx: got ${x.length} values for ${count} windows of ${sig.lookback}`);
    const { data, dims } = toLayout(x, count, sig.lookback, sig.layout);
    const result = await this.session.run({ [sig.input]: new ort.Tensor('float32', data, dims) }, [sig.output]);
    const out = result[sig.output]!;
    const values = out.data as Float32Array;
    if (values.length !== count * sig.outputs) {
      throw new Error(`onnx: output "${sig.output}" has shape [${out.dims}], expected ${count} rows of ${sig.outputs}`);
    }
    return values;
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}
