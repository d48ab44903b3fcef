import { describe, expect, it } from 'vitest';
import { decodeOnnxModelInfo, encodeOnnxModel, ONNX_FLOAT } from '../../../src-worker/ml/onnx-proto.js';

describe('onnx protobuf', () => {
  it('round-trips inputs, outputs, symbolic dims, opset and ops', () => {
    const bytes = encodeOnnxModel(
      {
        name: 'g',
        nodes: [{ op: 'ReduceMean', inputs: ['x'], outputs: ['y'], attributes: { axes: { type: 'ints', value: [-1] }, keepdims: { type: 'int', value: 0 } } }],
        initializers: [{ name: 'w', dims: [2], data: Float32Array.of(1, 2), dataType: 'float' }],
        inputs: [{ name: 'x', elemType: ONNX_FLOAT, shape: ['N', 12, 1] }],
        outputs: [{ name: 'y', elemType: ONNX_FLOAT, shape: ['N', 12] }],
      },
      { opset: 13, producer: 'test' },
    );
    const info = decodeOnnxModelInfo(bytes);
    expect(info).toMatchObject({ irVersion: 7, opset: 13, producer: 'test', initializers: ['w'], ops: ['ReduceMean'] });
    expect(info.inputs).toEqual([{ name: 'x', elemType: 1, shape: ['N', 12, 1] }]);
    expect(info.outputs[0]!.shape).toEqual(['N', 12]);
  });

  it('rejects bytes that are not a model with a clear error', () => {
    expect(() => decodeOnnxModelInfo(new TextEncoder().encode('hello, not onnx'))).toThrow(/^onnx: /);
    expect(() => decodeOnnxModelInfo(Uint8Array.of(0x0a, 0x05, 0x01))).toThrow(/onnx: field 1 runs past the end/);
  });
});
