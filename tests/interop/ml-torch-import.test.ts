// Importing an external model: PyTorch (Debian python3-torch) builds, briefly trains and exports
// an LSTM forecaster with torch.onnx.export; we load it with a declared signature (PyTorch's
// default time-major layout) and must reproduce PyTorch's own outputs within 1e-4.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { forecastSeries } from '../../src-worker/ml/forecast.js';
import { OnnxRunner } from '../../src-worker/ml/onnx-model.js';
import { importOnnxModel } from '../../src-worker/ml/onnx-import.js';
import { debianPython, pythonHasModule } from '../support/tools.js';

const hasTorch = pythonHasModule('torch');
const dir = mkdtempSync(join(tmpdir(), 'nw-torch-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Trains for a few steps on a sine so the weights are not just the initialisation, exports,
// and prints the probe windows (batch-major) with PyTorch's predictions for them.
const TORCH_SCRIPT = `
import sys, json, math, torch
torch.manual_seed(11); torch.set_num_threads(1)
L, N, H = 24, 7, 16
class Forecaster(torch.nn.Module):
    def __init__(s):
        super().__init__(); s.lstm = torch.nn.LSTM(1, H, num_layers=2); s.head = torch.nn.Linear(H, 3)
    def forward(s, x):          # x: [L, N, 1], PyTorch's default time-major layout
        y, (h, c) = s.lstm(x)
        return s.head(h[-1])    # [N, 3]
net = Forecaster()
opt = torch.optim.Adam(net.parameters(), lr=0.01)
t = torch.arange(0, 400, dtype=torch.float32)
s = torch.sin(t * 2 * math.pi / 24)
xs = torch.stack([s[i:i+L] for i in range(300)]).T.unsqueeze(-1)
ys = torch.stack([s[i+L:i+L+3] for i in range(300)])
for _ in range(20):
    opt.zero_grad(); loss = torch.nn.functional.mse_loss(net(xs), ys); loss.backward(); opt.step()
net.eval()
probe = torch.randn(L, N, 1)
with torch.no_grad(): out = net(probe)
torch.onnx.export(net, probe, sys.argv[1], input_names=['series'], output_names=['forecast'],
                  dynamic_axes={'series': {1: 'batch'}, 'forecast': {0: 'batch'}}, opset_version=13)
print(json.dumps({'x': probe.permute(1, 0, 2).reshape(N, L).flatten().tolist(), 'y': out.flatten().tolist(), 'n': N}))
`;

describe.skipIf(!hasTorch)('PyTorch LSTM imported through ONNX (needs /usr/bin/python3 with python3-torch)', () => {
  const file = join(dir, 'torch-lstm.onnx');
  type Reference = { x: number[]; y: number[]; n: number };
  let ref: Reference | null = null;
  const reference = (): Reference =>
    (ref ??= JSON.parse(execFileSync(debianPython, ['-c', TORCH_SCRIPT, file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })));

  it('reproduces PyTorch outputs within 1e-4 with the declared time-major signature', async () => {
    const r = reference();
    const runner = await OnnxRunner.load(new Uint8Array(readFileSync(file)), {
      input: 'series',
      output: 'forecast',
      layout: 'time-batch-feature',
      lookback: 24,
      outputs: 3,
    });
    expect(runner.info.ops).toContain('LSTM');
    const got = await runner.run(Float32Array.from(r.x), r.n);
    expect(got.length).toBe(r.y.length);
    const maxDiff = Math.max(...r.y.map((v, i) => Math.abs(v - got[i]!)));
    expect(maxDiff).toBeLessThan(1e-4);
    await runner.release();
  });

  it('rejects a signature that does not match the file, naming the mismatch', async () => {
    reference();
    const bytes = new Uint8Array(readFileSync(file));
    const sig = { input: 'series', output: 'forecast', layout: 'time-batch-feature' as const, lookback: 24, outputs: 3 };
    await expect(OnnxRunner.load(bytes, { ...sig, input: 'x' })).rejects.toThrow(/no input "x" \(inputs: series\)/);
    await expect(OnnxRunner.load(bytes, { ...sig, layout: 'batch-time' })).rejects.toThrow(/rank 3/);
    await expect(OnnxRunner.load(bytes, { ...sig, outputs: 5 })).rejects.toThrow(/3 values per row/);
  });

  it('is used like a native model: scored against the baselines on a test split, then forecasts', async () => {
    reference();
    const HOUR = 3_600_000;
    const values = Float64Array.from({ length: 24 * 30 }, (_, i) => Math.sin((2 * Math.PI * i) / 24) + 0.05 * Math.sin(i * 1.3));
    const series = { name: 'sine', startMs: Date.UTC(2026, 0, 5), stepMs: HOUR, values };
    const artefact = await importOnnxModel(
      new Uint8Array(readFileSync(file)),
      { name: 'torch lstm', stepMs: HOUR, signature: { input: 'series', output: 'forecast', layout: 'time-batch-feature', lookback: 24, outputs: 3 } },
      series,
    );
    expect(artefact.kind).toBe('imported');
    expect(artefact.metrics.map((m) => m.label)).toEqual(['1h', '2h', '3h']);
    for (const m of artefact.metrics) {
      expect(m.model.count).toBeGreaterThan(50);
      expect(m.baselines.find((b) => b.name === 'seasonal-naive-daily')!.metrics!.count).toBe(m.model.count);
    }
    const f = await forecastSeries(artefact, series, 3);
    expect(f.points.map((p) => p.step)).toEqual([1, 2, 3]);
    expect(f.model).toBe('imported');
  });
});
