// Our hand-written ONNX encoding against the reference implementation: every model kind's export
// must pass onnx.checker.check_model (with full shape inference) in Debian's python3-onnx.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildModel, MODEL_DEFAULTS, type ModelKind } from '../../src-worker/ml/models.js';
import { exportOnnx } from '../../src-worker/ml/onnx-export.js';
import { selectBackend } from '../../src-worker/ml/tf-backend.js';
import { debianPython, pythonHasModule } from '../support/tools.js';

const hasOnnx = pythonHasModule('onnx');
const dir = mkdtempSync(join(tmpdir(), 'nw-onnx-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CHECK = `
import sys, json, onnx
m = onnx.load(sys.argv[1])
onnx.checker.check_model(m, full_check=True)
print(json.dumps({"ops": sorted({n.op_type for n in m.graph.node}), "opset": m.opset_import[0].version,
                  "inputs": [i.name for i in m.graph.input], "outputs": [o.name for o in m.graph.output]}))
`;

describe.skipIf(!hasOnnx)('onnx.checker accepts our exports (needs /usr/bin/python3 with python3-onnx)', async () => {
  await selectBackend();
  const kinds: ModelKind[] = ['lstm', 'multi', 'transformer', 'autoencoder'];
  for (const kind of kinds) {
    it(`${kind} passes check_model(full_check=True)`, () => {
      const model = buildModel({ ...MODEL_DEFAULTS, kind, lookback: 12, outputs: kind === 'multi' ? 4 : 1, units: 8, layers: kind === 'lstm' ? 2 : 1 });
      const file = join(dir, `${kind}.onnx`);
      writeFileSync(file, exportOnnx(model, `netweaver ${kind} test export`));
      const out = JSON.parse(execFileSync(debianPython, ['-c', CHECK, file], { encoding: 'utf8' })) as {
        ops: string[];
        opset: number;
        inputs: string[];
        outputs: string[];
      };
      expect(out.opset).toBe(13);
      expect(out.inputs).toEqual(['input']);
      expect(out.outputs).toEqual(['output']);
      if (kind === 'lstm' || kind === 'multi') expect(out.ops).toContain('LSTM');
      if (kind === 'transformer') expect(out.ops).toEqual(expect.arrayContaining(['MatMul', 'Softmax', 'ReduceMean']));
      if (kind === 'autoencoder') expect(out.ops).toContain('Gemm');
      model.dispose();
    });
  }
});
