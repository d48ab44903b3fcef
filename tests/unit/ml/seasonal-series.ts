// A simulated link load with known structure for the ML tests: daily and weekly seasonality
// (quieter weekends), AR(1) noise, all generated from a seed.
import { seededRandom } from '../../../src-worker/ml/train.js';
import type { TimeSeries } from '../../../src-worker/ml/series.js';

export function seasonalSeries(days: number, stepMs: number, seed = 5, noise = 0.08): TimeSeries {
  const n = Math.floor((days * 86_400_000) / stepMs);
  const rand = seededRandom(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
  const values = new Float64Array(n);
  let ar = 0;
  const startMs = Date.UTC(2026, 0, 5); // a Monday
  for (let i = 0; i < n; i++) {
    const t = startMs + i * stepMs;
    const hour = (t % 86_400_000) / 3_600_000;
    const weekday = (Math.floor(t / 86_400_000) + 4) % 7; // 0 = Sunday
    const weekend = weekday === 0 || weekday === 6 ? 0.6 : 1;
    ar = 0.8 * ar + noise * gauss();
    values[i] = 100e6 * (1 + weekend * 0.8 * Math.max(0, Math.sin(((hour - 6) / 24) * 2 * Math.PI)) + ar);
  }
  return { name: 'simulated link', startMs, stepMs, values };
}
