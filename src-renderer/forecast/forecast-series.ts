// Pure pieces of the forecast view: the series the picker suggests, the window a chart zooms to
// for an anomaly, and the part of a regular series inside a window.
import type { MlAnomaly, MlModelSummary } from '../../src-main/api/contract/ml.js';

export interface SeriesOption {
  value: string;
  label: string;
}

/** The store's total, one series per device seen, and every trained model's flow series (deduplicated). */
export function seriesSuggestions(devices: readonly string[], models: readonly Pick<MlModelSummary, 'seriesKey' | 'seriesName'>[]): SeriesOption[] {
  const out = new Map<string, string>([
    ['total', 'all stored flows, bit/s'],
    ['total,metric=pps', 'all stored flows, packet/s'],
  ]);
  for (const d of devices) if (!out.has(`device=${d}`)) out.set(`device=${d}`, `traffic exported by ${d}`);
  for (const m of models) if (!m.seriesKey.startsWith('csv:') && !m.seriesKey.startsWith('onnx:') && !out.has(m.seriesKey)) out.set(m.seriesKey, `trained: ${m.seriesName}`);
  return [...out].map(([value, label]) => ({ value, label }));
}

/** The time window showing an anomaly with context: the anomaly plus half its length (at least 6 h) on each side. */
export function anomalyWindow(a: Pick<MlAnomaly, 'startMs' | 'endMs'>, minPadMs = 6 * 3_600_000): { fromMs: number; toMs: number } {
  const pad = Math.max(minPadMs, (a.endMs - a.startMs) / 2);
  return { fromMs: a.startMs - pad, toMs: a.endMs + pad };
}

/** Times and values of a regular series (null = gap → NaN) inside [fromMs, toMs], or all of it. */
export function sliceSeries(s: { fromMs: number; stepMs: number; values: readonly (number | null)[] }, window: { fromMs: number; toMs: number } | null): { times: number[]; values: number[] } {
  const first = window ? Math.max(0, Math.ceil((window.fromMs - s.fromMs) / s.stepMs)) : 0;
  const last = window ? Math.min(s.values.length - 1, Math.floor((window.toMs - s.fromMs) / s.stepMs)) : s.values.length - 1;
  const times: number[] = [];
  const values: number[] = [];
  for (let i = first; i <= last; i++) {
    times.push(s.fromMs + i * s.stepMs);
    values.push(s.values[i] ?? NaN);
  }
  return { times, values };
}
