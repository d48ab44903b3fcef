// Scores detected anomalies against labelled anomaly windows (NAB's combined_windows.json):
// event recall (labelled windows with at least one detection inside), event precision
// (detections that fall in some labelled window), and the point-wise figures beside them.
import type { Anomaly } from './anomaly-detector.js';

export interface LabelledWindow {
  startMs: number;
  endMs: number;
}

export interface DetectionScore {
  windows: number;
  windowsDetected: number;
  detections: number;
  truePositiveDetections: number;
  precision: number;
  recall: number;
  f1: number;
  pointPrecision: number;
  pointRecall: number;
}

const overlaps = (a: Anomaly, w: LabelledWindow) => a.startMs <= w.endMs && a.endMs >= w.startMs;

/**
 * `flaggedMs` are the bucket times of every flagged point; `evaluatedMs` all bucket times in the
 * evaluated range (for point-wise figures). Windows outside the evaluated range are not counted.
 */
export function scoreDetections(anomalies: Anomaly[], windows: LabelledWindow[], flaggedMs: number[], evaluatedMs: number[]): DetectionScore {
  const first = evaluatedMs[0] ?? 0;
  const last = evaluatedMs[evaluatedMs.length - 1] ?? 0;
  const inRange = windows.filter((w) => w.endMs >= first && w.startMs <= last);
  const windowsDetected = inRange.filter((w) => anomalies.some((a) => overlaps(a, w))).length;
  const tp = anomalies.filter((a) => inRange.some((w) => overlaps(a, w))).length;
  const inWindow = (t: number) => inRange.some((w) => t >= w.startMs && t <= w.endMs);
  const flaggedIn = flaggedMs.filter(inWindow).length;
  const labelledPoints = evaluatedMs.filter(inWindow).length;
  const precision = anomalies.length ? tp / anomalies.length : 0;
  const recall = inRange.length ? windowsDetected / inRange.length : 0;
  return {
    windows: inRange.length,
    windowsDetected,
    detections: anomalies.length,
    truePositiveDetections: tp,
    precision,
    recall,
    f1: precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0,
    pointPrecision: flaggedMs.length ? flaggedIn / flaggedMs.length : 0,
    pointRecall: labelledPoints ? flaggedIn / labelledPoints : 0,
  };
}

/** Reads NAB's combined_windows.json entries for one file ("realAWSCloudwatch/x.csv" or just "x.csv"). */
export function nabWindows(json: Record<string, Array<[string, string]>>, file: string): LabelledWindow[] {
  const key = Object.keys(json).find((k) => k === file || k.endsWith(`/${file}`));
  if (!key) throw new Error(`anomaly: ${file} has no entry in the labelled windows`);
  return json[key]!.map(([a, b]) => ({ startMs: Date.parse(a.replace(' ', 'T') + 'Z'), endMs: Date.parse(b.replace(' ', 'T') + 'Z') }));
}
