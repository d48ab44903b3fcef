// The ONNX protobuf encoding, written by hand for the subset we produce and read: ModelProto,
// GraphProto, NodeProto, AttributeProto, TensorProto and ValueInfoProto (field numbers from
// onnx/onnx.proto). Encoding writes float tensors as raw little-endian data; decoding reads a
// model's opset, graph inputs/outputs with their shapes, initializer names and node op types,
// which is what importing an external model needs to check a declared signature.

export type OnnxAttribute =
  | { type: 'int'; value: number }
  | { type: 'ints'; value: number[] }
  | { type: 'float'; value: number }
  | { type: 'floats'; value: number[] }
  | { type: 'string'; value: string };

export interface OnnxNode {
  op: string;
  inputs: string[];
  outputs: string[];
  name?: string;
  attributes?: Record<string, OnnxAttribute>;
}

export interface OnnxTensor {
  name: string;
  dims: number[];
  /** float32 tensors carry Float32Array, int64 tensors a number[] (small shape/axes constants). */
  data: Float32Array | number[];
  dataType: 'float' | 'int64';
}

/** A dimension: a fixed size, or a symbolic name such as "batch". */
export type OnnxDim = number | string;

export interface OnnxValueInfo {
  name: string;
  /** ONNX TensorProto.DataType; 1 = float. */
  elemType: number;
  shape: OnnxDim[];
}

export interface OnnxGraph {
  name: string;
  nodes: OnnxNode[];
  initializers: OnnxTensor[];
  inputs: OnnxValueInfo[];
  outputs: OnnxValueInfo[];
  docString?: string;
}

export interface OnnxModelInfo {
  irVersion: number;
  opset: number;
  producer: string;
  inputs: OnnxValueInfo[];
  outputs: OnnxValueInfo[];
  initializers: string[];
  ops: string[];
}

export const ONNX_FLOAT = 1;
export const ONNX_INT64 = 7;

// ---------------------------------------------------------------- writer

class PbWriter {
  private buf = new Uint8Array(256);
  private len = 0;

  private ensure(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.len + n) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  private rawVarint(value: bigint): void {
    // int64 fields: negatives are encoded as their 64-bit two's complement (10 bytes)
    let v = BigInt.asUintN(64, value);
    this.ensure(10);
    while (v >= 0x80n) {
      this.buf[this.len++] = Number(v & 0x7fn) | 0x80;
      v >>= 7n;
    }
    this.buf[this.len++] = Number(v);
  }

  private tag(field: number, wire: number): void {
    this.rawVarint(BigInt((field << 3) | wire));
  }

  varint(field: number, value: number): this {
    this.tag(field, 0);
    this.rawVarint(BigInt(value));
    return this;
  }

  bytes(field: number, data: Uint8Array): this {
    this.tag(field, 2);
    this.rawVarint(BigInt(data.length));
    this.ensure(data.length);
    this.buf.set(data, this.len);
    this.len += data.length;
    return this;
  }

  string(field: number, text: string): this {
    return this.bytes(field, new TextEncoder().encode(text));
  }

  message(field: number, inner: PbWriter): this {
    return this.bytes(field, inner.finish());
  }

  float(field: number, value: number): this {
    this.tag(field, 5);
    this.ensure(4);
    new DataView(this.buf.buffer, this.buf.byteOffset + this.len, 4).setFloat32(0, value, true);
    this.len += 4;
    return this;
  }

  packedVarints(field: number, values: number[]): this {
    const inner = new PbWriter();
    for (const v of values) inner.rawVarint(BigInt(v));
    return this.bytes(field, inner.finish());
  }

  packedFloats(field: number, values: number[]): this {
    const data = new Uint8Array(values.length * 4);
    const view = new DataView(data.buffer);
    values.forEach((v, i) => view.setFloat32(i * 4, v, true));
    return this.bytes(field, data);
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}

function encodeTensor(t: OnnxTensor): PbWriter {
  const w = new PbWriter().packedVarints(1, t.dims).varint(2, t.dataType === 'float' ? ONNX_FLOAT : ONNX_INT64).string(8, t.name);
  if (t.dataType === 'float') {
    const f = t.data as Float32Array;
    const raw = new Uint8Array(f.length * 4);
    const view = new DataView(raw.buffer);
    for (let i = 0; i < f.length; i++) view.setFloat32(i * 4, f[i]!, true);
    w.bytes(9, raw);
  } else {
    w.packedVarints(7, t.data as number[]);
  }
  return w;
}

const ATTR_TYPE = { float: 1, int: 2, string: 3, floats: 6, ints: 7 } as const;

function encodeAttribute(name: string, a: OnnxAttribute): PbWriter {
  const w = new PbWriter().string(1, name);
  if (a.type === 'float') w.float(2, a.value);
  else if (a.type === 'int') w.varint(3, a.value);
  else if (a.type === 'string') w.string(4, a.value);
  else if (a.type === 'floats') w.packedFloats(7, a.value);
  else w.packedVarints(8, a.value);
  return w.varint(20, ATTR_TYPE[a.type]);
}

function encodeNode(n: OnnxNode): PbWriter {
  const w = new PbWriter();
  for (const i of n.inputs) w.string(1, i);
  for (const o of n.outputs) w.string(2, o);
  if (n.name) w.string(3, n.name);
  w.string(4, n.op);
  for (const [k, a] of Object.entries(n.attributes ?? {})) w.message(5, encodeAttribute(k, a));
  return w;
}

function encodeValueInfo(v: OnnxValueInfo): PbWriter {
  const shape = new PbWriter();
  for (const d of v.shape) shape.message(1, typeof d === 'number' ? new PbWriter().varint(1, d) : new PbWriter().string(2, d));
  const tensorType = new PbWriter().varint(1, v.elemType).message(2, shape);
  return new PbWriter().string(1, v.name).message(2, new PbWriter().message(1, tensorType));
}

export interface EncodeOptions {
  opset?: number;
  irVersion?: number;
  producer?: string;
  producerVersion?: string;
}

/** Serialises a graph as an ONNX ModelProto (default opset 13, IR version 7). */
export function encodeOnnxModel(graph: OnnxGraph, options: EncodeOptions = {}): Uint8Array {
  const g = new PbWriter();
  for (const n of graph.nodes) g.message(1, encodeNode(n));
  g.string(2, graph.name);
  for (const t of graph.initializers) g.message(5, encodeTensor(t));
  if (graph.docString) g.string(10, graph.docString);
  for (const v of graph.inputs) g.message(11, encodeValueInfo(v));
  for (const v of graph.outputs) g.message(12, encodeValueInfo(v));
  const model = new PbWriter()
    .varint(1, options.irVersion ?? 7)
    .string(2, options.producer ?? 'netweaver')
    .string(3, options.producerVersion ?? '0.1.0')
    .message(7, g)
    .message(8, new PbWriter().string(1, '').varint(2, options.opset ?? 13));
  return model.finish();
}

// ---------------------------------------------------------------- reader

type PbValue = number | bigint | Uint8Array;

/** Splits one message into its fields (field number → values in order). */
function readFields(data: Uint8Array): Map<number, PbValue[]> {
  const fields = new Map<number, PbValue[]>();
  let pos = 0;
  const varint = (): bigint => {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (pos >= data.length) throw new Error('onnx: truncated protobuf varint');
      const b = data[pos++]!;
      result |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) return result;
      shift += 7n;
    }
  };
  while (pos < data.length) {
    const key = Number(varint());
    const field = key >>> 3;
    const wire = key & 7;
    let value: PbValue;
    if (wire === 0) value = varint();
    else if (wire === 2) {
      const n = Number(varint());
      if (pos + n > data.length) throw new Error(`onnx: field ${field} runs past the end of its message`);
      value = data.subarray(pos, pos + n);
      pos += n;
    } else if (wire === 5 || wire === 1) {
      const width = wire === 5 ? 4 : 8;
      if (pos + width > data.length) throw new Error(`onnx: field ${field} runs past the end of its message`);
      const view = new DataView(data.buffer, data.byteOffset + pos, width);
      value = width === 4 ? view.getFloat32(0, true) : view.getFloat64(0, true);
      pos += width;
    } else throw new Error(`onnx: unsupported protobuf wire type ${wire} (field ${field}); not an ONNX model?`);
    const list = fields.get(field) ?? [];
    list.push(value);
    fields.set(field, list);
  }
  return fields;
}

const text = (v: PbValue | undefined) => (v instanceof Uint8Array ? new TextDecoder().decode(v) : '');
const int = (v: PbValue | undefined) => (typeof v === 'bigint' ? Number(BigInt.asIntN(64, v)) : 0);

function decodeValueInfo(data: Uint8Array): OnnxValueInfo {
  const f = readFields(data);
  const type = readFields((f.get(2)?.[0] as Uint8Array) ?? new Uint8Array());
  const tensor = readFields((type.get(1)?.[0] as Uint8Array) ?? new Uint8Array());
  const shape: OnnxDim[] = [];
  const shapeMsg = tensor.get(2)?.[0] as Uint8Array | undefined;
  if (shapeMsg) {
    for (const dim of readFields(shapeMsg).get(1) ?? []) {
      const d = readFields(dim as Uint8Array);
      shape.push(d.has(1) ? int(d.get(1)![0]) : d.has(2) ? text(d.get(2)![0]) : '?');
    }
  }
  return { name: text(f.get(1)?.[0]), elemType: int(tensor.get(1)?.[0]), shape };
}

/** Reads what an importer needs to know about a model without running it. */
export function decodeOnnxModelInfo(bytes: Uint8Array): OnnxModelInfo {
  const model = readFields(bytes);
  const graphBytes = model.get(7)?.[0];
  if (!(graphBytes instanceof Uint8Array)) throw new Error('onnx: the file has no graph (is it an ONNX model?)');
  const graph = readFields(graphBytes);
  const initializers = (graph.get(5) ?? []).map((t) => text(readFields(t as Uint8Array).get(8)?.[0]));
  const initSet = new Set(initializers);
  const opsets = (model.get(8) ?? []).map((o) => readFields(o as Uint8Array));
  const defaultOpset = opsets.find((o) => text(o.get(1)?.[0]) === '') ?? opsets[0];
  return {
    irVersion: int(model.get(1)?.[0]),
    opset: defaultOpset ? int(defaultOpset.get(2)?.[0]) : 0,
    producer: text(model.get(2)?.[0]),
    // Older exporters list initializers among the inputs too; those are not real inputs.
    inputs: (graph.get(11) ?? []).map((v) => decodeValueInfo(v as Uint8Array)).filter((v) => !initSet.has(v.name)),
    outputs: (graph.get(12) ?? []).map((v) => decodeValueInfo(v as Uint8Array)),
    initializers,
    ops: [...new Set((graph.get(1) ?? []).map((n) => text(readFields(n as Uint8Array).get(4)?.[0])))],
  };
}
