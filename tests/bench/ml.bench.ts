// `npm run bench -- ml`: LSTM training time per epoch in TensorFlow.js (backend named) beside the
// same architecture, data, batch size and optimiser in PyTorch on one thread, in the same run;
// then onnxruntime-node inference latency for 1 and for 144 series (one link-day of windows).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildDataset } from '../../src-worker/ml/dataset.js';
import { buildModel, MODEL_DEFAULTS, type ModelConfig } from '../../src-worker/ml/models.js';
import { exportOnnx } from '../../src-worker/ml/onnx-export.js';
import { OnnxRunner } from '../../src-worker/ml/onnx-model.js';
import { selectBackend } from '../../src-worker/ml/tf-backend.js';
import { trainModel } from '../../src-worker/ml/train.js';
import { seasonalSeries } from '../unit/ml/seasonal-series.js';
import { debianPython, pythonHasModule } from '../support/tools.js';

const LOOKBACK = 24;
const UNITS = 32;
const BATCH = 64;
const EPOCHS = 3;

const TORCH_BENCH = `
import sys, time, json, numpy as np, torch
torch.set_num_threads(1); torch.manual_seed(1)
L, U, B, E = ${LOOKBACK}, ${UNITS}, ${BATCH}, ${EPOCHS}
x = torch.from_numpy(np.fromfile(sys.argv[1], dtype=np.float32).reshape(-1, L, 1))
y = torch.from_numpy(np.fromfile(sys.argv[2], dtype=np.float32).reshape(-1, 1))
xv = torch.from_numpy(np.fromfile(sys.argv[3], dtype=np.float32).reshape(-1, L, 1))
class Net(torch.nn.Module):
    def __init__(s):
        super().__init__(); s.lstm = torch.nn.LSTM(1, U, batch_first=True); s.head = torch.nn.Linear(U, 1)
    def forward(s, x):
        _, (h, _) = s.lstm(x); return s.head(h[-1])
net = Net(); opt = torch.optim.Adam(net.parameters(), lr=0.005)
wall, cpu = [], []
for e in range(E):
    t0, c0 = time.perf_counter(), time.process_time(); perm = torch.randperm(len(x))
    for i in range(0, len(x), B):
        idx = perm[i:i+B]; opt.zero_grad()
        loss = torch.nn.functional.mse_loss(net(x[idx]), y[idx]); loss.backward(); opt.step()
    with torch.no_grad():  # the validation pass, as NetWeaver's training loop does every epoch
        for i in range(0, len(xv), 512): net(xv[i:i+512])
    wall.append(time.perf_counter() - t0); cpu.append(time.process_time() - c0)
print(json.dumps({"wall": wall, "cpu": cpu, "torch": torch.__version__}))
`;

const median = (a: number[]) => [...a].sort((p, q) => p - q)[Math.floor(a.length / 2)]!;
const pct = (a: number[], q: number) => [...a].sort((p, r) => p - r)[Math.min(a.length - 1, Math.floor(a.length * q))]!;

async function latency(runner: OnnxRunner, count: number, rounds: number): Promise<{ median: number; p99: number }> {
  const x = Float32Array.from({ length: count * LOOKBACK }, (_, i) => Math.sin(i / 7));
  for (let i = 0; i < 50; i++) await runner.run(x, count);
  const ms: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t0 = performance.now();
    await runner.run(x, count);
    ms.push(performance.now() - t0);
  }
  return { median: median(ms), p99: pct(ms, 0.99) };
}

export async function run(): Promise<void> {
  const backend = await selectBackend();
  const series = seasonalSeries(28, 5 * 60_000);
  const ds = buildDataset(series, { lookback: LOOKBACK });
  const config: ModelConfig = { ...MODEL_DEFAULTS, kind: 'lstm', lookback: LOOKBACK, outputs: 1, units: UNITS };
  const model = buildModel(config);
  const train = { ...ds.train, xShape: [LOOKBACK, 1], yWidth: 1 };
  // CPU time beside wall time: the machine is shared, and CPU seconds are what contention distorts least.
  const cpu: number[] = [];
  let mark = process.cpuUsage();
  const outcome = await trainModel(model, train, { ...ds.val, xShape: [LOOKBACK, 1], yWidth: 1 }, {
    epochs: EPOCHS,
    batchSize: BATCH,
    patience: 0,
    seed: 1,
    onEpoch: () => {
      const d = process.cpuUsage(mark);
      cpu.push((d.user + d.system) / 1e6);
      mark = process.cpuUsage();
    },
  });
  // The first epoch carries warm-up (kernel compilation); both sides report the median of the rest.
  const tfjsWall = median(outcome.history.slice(1).map((h) => h.ms)) / 1000;
  const tfjsCpu = median(cpu.slice(1));
  console.log(`LSTM(${UNITS}) training, ${ds.train.count} windows of ${LOOKBACK}, batch ${BATCH}, Adam, plus a validation pass over ${ds.val.count} windows per epoch:`);
  console.log(`  tfjs 4.22 ${backend.name}: ${tfjsWall.toFixed(2)} s/epoch wall, ${tfjsCpu.toFixed(2)} s CPU (median of epochs 2-${EPOCHS})`);
  if (pythonHasModule('torch')) {
    const dir = mkdtempSync(join(tmpdir(), 'nw-bench-ml-'));
    try {
      writeFileSync(join(dir, 'x.f32'), ds.train.x);
      writeFileSync(join(dir, 'y.f32'), ds.train.y);
      writeFileSync(join(dir, 'xv.f32'), ds.val.x);
      const out = JSON.parse(execFileSync(debianPython, ['-c', TORCH_BENCH, ...['x', 'y', 'xv'].map((f) => join(dir, `${f}.f32`))], { encoding: 'utf8' })) as {
        wall: number[];
        cpu: number[];
        torch: string;
      };
      const torchWall = median(out.wall.slice(1));
      const torchCpu = median(out.cpu.slice(1));
      console.log(`  PyTorch ${out.torch} (1 thread): ${torchWall.toFixed(2)} s/epoch wall, ${torchCpu.toFixed(2)} s CPU`);
      console.log(`  ratio tfjs/PyTorch: ${(tfjsWall / torchWall).toFixed(2)}x wall, ${(tfjsCpu / torchCpu).toFixed(2)}x CPU`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  } else {
    console.log('  PyTorch: not measured (/usr/bin/python3 has no torch; apt-get install python3-torch)');
  }
  const onnx = exportOnnx(model);
  const runner = await OnnxRunner.load(onnx, { input: 'input', output: 'output', layout: 'batch-time-feature', lookback: LOOKBACK, outputs: 1 });
  console.log(`onnxruntime-node inference, LSTM(${UNITS}) over ${LOOKBACK} steps, 1 intra-op thread:`);
  for (const count of [1, 144]) {
    const r = await latency(runner, count, 500);
    console.log(`  ${String(count).padStart(3)} series: median ${r.median.toFixed(3)} ms, p99 ${r.p99.toFixed(3)} ms${count === 144 ? ` (target < 1 ms: ${r.median < 1 ? 'met' : 'missed'})` : ''}`);
  }
  await runner.release();
  model.dispose();
}
