// Importing an external ONNX forecaster (PyTorch, scikit-learn via skl2onnx, another tool) so it
// is used like one of ours: a declared signature and normalisation make it an artefact; given a
// series it is scored on the same chronological test split against the same baselines.
import { ARTEFACT_FORMAT, type ModelArtefact } from './artefact.js';
import { buildDataset, type Normalisation } from './dataset.js';
import { testMetrics } from './forecaster.js';
import { OnnxRunner, type OnnxSignature } from './onnx-model.js';
import { fillShortGaps, type TimeSeries } from './series.js';

export interface ImportDeclaration {
  signature: OnnxSignature;
  /** Steps ahead of each output; default 1, 2, … up to signature.outputs. */
  horizons?: number[];
  /** The scaling the model expects; identity when the model takes raw values. */
  normalisation?: Normalisation;
  stepMs: number;
  name: string;
}

export async function importOnnxModel(bytes: Uint8Array, decl: ImportDeclaration, evaluateOn?: TimeSeries): Promise<ModelArtefact> {
  const horizons = decl.horizons ?? Array.from({ length: decl.signature.outputs }, (_, i) => i + 1);
  if (horizons.length !== decl.signature.outputs) {
    throw new Error(`onnx-import: ${horizons.length} horizons declared for a model with ${decl.signature.outputs} outputs`);
  }
  const runner = await OnnxRunner.load(bytes, decl.signature); // validates the signature against the file
  const normalisation = decl.normalisation ?? { mean: 0, std: 1 };
  let metrics: ModelArtefact['metrics'] = [];
  let span = { firstMs: 0, lastMs: 0 };
  try {
    if (evaluateOn) {
      if (evaluateOn.stepMs !== decl.stepMs) throw new Error(`onnx-import: evaluation series step ${evaluateOn.stepMs} ms, model declared ${decl.stepMs} ms`);
      const { series } = fillShortGaps(evaluateOn, 3);
      const ds = buildDataset(series, { lookback: decl.signature.lookback, horizons });
      // Same windows and split as a native model; inputs rescaled to the model's declared normalisation.
      const x = new Float32Array(ds.test.x.length);
      for (let i = 0; i < x.length; i++) x[i] = (ds.test.x[i]! * ds.norm.std + ds.norm.mean - normalisation.mean) / normalisation.std;
      const predicted = await runner.run(x, ds.test.count);
      ds.norm = normalisation; // outputs are in the model's scaling
      metrics = testMetrics(series.values, series.stepMs, ds, predicted);
      span = { firstMs: series.startMs, lastMs: series.startMs + (series.values.length - 1) * series.stepMs };
    }
  } finally {
    await runner.release();
  }
  return {
    format: ARTEFACT_FORMAT,
    kind: 'imported',
    series: { name: decl.name, stepMs: decl.stepMs, ...span },
    lookback: decl.signature.lookback,
    horizons,
    normalisation,
    metrics,
    onnx: bytes,
    signature: decl.signature,
  };
}
