// The autoencoder detector on real network series from the Numenta Anomaly Benchmark: trained on
// NAB's probationary period (the first 15%), threshold learned per series for a 1% target
// false-positive rate, scored against the labelled windows in combined_windows.json. The figures
// are printed; the assertions are that the threshold hits its target on calibration data and
// that detections land in labelled windows more often than chance would put them there.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectAnomalies, trainDetector } from '../../../src-worker/ml/anomaly-detector.js';
import { readCsvSeries } from '../../../src-worker/ml/csv-series.js';
import { nabWindows, scoreDetections, type LabelledWindow } from '../../../src-worker/ml/window-scoring.js';
import { sharedMissingReason, sharedPath, sharedPresent } from '../../support/shared-data.js';

const FILES = ['ec2_network_in_257a54.csv', 'ec2_network_in_5abac7.csv', 'iio_us-east-1_i-a2eb1cd9_NetworkIn.csv'];
const PROBATION = 0.15;

describe.skipIf(!sharedPresent)(`detector on NAB network series (${sharedPresent ? 'data/nab' : sharedMissingReason})`, () => {
  it('computes and reports precision/recall against the labelled windows', async () => {
    const windowsJson = JSON.parse(readFileSync(sharedPath('data/nab/combined_windows.json'), 'utf8'));
    let detections = 0;
    let hits = 0;
    let windows = 0;
    let windowsFound = 0;
    let evaluated = 0;
    let labelled = 0;
    const rows: string[] = [];
    for (const file of FILES) {
      const { series } = readCsvSeries(file, readFileSync(sharedPath('data/nab', file), 'utf8'));
      const artefact = await trainDetector(series, { window: 12, trainFraction: 0.1, valFraction: PROBATION - 0.1, epochs: 30, targetFalsePositiveRate: 0.01, seed: 1 });
      const cal = artefact.detector!;
      expect(cal.calibrationRate).toBeLessThanOrEqual(0.011);
      const from = Math.floor(series.values.length * PROBATION);
      const { anomalies, points } = await detectAnomalies(artefact, series, from);
      const times: number[] = [];
      const flagged: number[] = [];
      for (let i = from; i < series.values.length; i++) {
        const t = series.startMs + i * series.stepMs;
        times.push(t);
        if (points.scores[i]! > cal.threshold) flagged.push(t);
      }
      const labels: LabelledWindow[] = nabWindows(windowsJson, file);
      const s = scoreDetections(anomalies, labels, flagged, times);
      for (const a of anomalies) expect(a.explanation).toMatch(/expected .* actual/);
      detections += s.detections;
      hits += s.truePositiveDetections;
      windows += s.windows;
      windowsFound += s.windowsDetected;
      evaluated += times.length;
      labelled += times.filter((t) => labels.some((w) => t >= w.startMs && t <= w.endMs)).length;
      rows.push(
        `${file}: ${s.detections} detections, precision ${s.precision.toFixed(2)}, recall ${s.recall.toFixed(2)} (${s.windowsDetected}/${s.windows} windows), point precision ${s.pointPrecision.toFixed(2)} recall ${s.pointRecall.toFixed(2)}, threshold ${cal.threshold.toFixed(3)}`,
      );
    }
    const precision = hits / Math.max(1, detections);
    const chance = labelled / evaluated;
    console.log(`NAB detector (autoencoder, 1% target FPR):\n  ${rows.join('\n  ')}\n  overall: precision ${precision.toFixed(2)} (chance ${chance.toFixed(2)}), recall ${windowsFound}/${windows} windows`);
    expect(windows).toBe(5);
    expect(windowsFound).toBeGreaterThan(0);
    expect(precision).toBeGreaterThan(chance);
  });
});

describe('scoreDetections', () => {
  it('counts windows hit and detections inside windows', () => {
    const a = (s: number, e: number) => ({ startMs: s, endMs: e }) as Parameters<typeof scoreDetections>[0][number];
    const s = scoreDetections([a(10, 12), a(50, 51), a(95, 99)], [{ startMs: 8, endMs: 20 }, { startMs: 30, endMs: 40 }, { startMs: 90, endMs: 96 }], [10, 11, 50, 95], [
      ...Array.from({ length: 100 }, (_, i) => i),
    ]);
    expect(s).toMatchObject({ windows: 3, windowsDetected: 2, detections: 3, truePositiveDetections: 2 });
    expect(s.precision).toBeCloseTo(2 / 3);
    expect(s.recall).toBeCloseTo(2 / 3);
    expect(s.pointPrecision).toBeCloseTo(3 / 4);
  });
});
