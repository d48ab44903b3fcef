// Holt-Winters additive seasonal smoothing (level + trend + season of period m), with its three
// smoothing constants chosen by grid search on the training part only. Gaps are stepped over:
// where a value is missing the model's own one-step forecast stands in, so the state keeps moving.

export interface HoltWintersParams {
  alpha: number;
  beta: number;
  gamma: number;
}

export interface HoltWintersState {
  period: number;
  params: HoltWintersParams;
  /** Level and trend after observing bucket t. */
  level: Float64Array;
  trend: Float64Array;
  /** Seasonal component estimated at bucket t. */
  season: Float64Array;
}

/** Runs the recursions over all of `values`; needs two full periods of data at the start. */
export function holtWintersRun(values: ArrayLike<number>, period: number, params: HoltWintersParams): HoltWintersState {
  const n = values.length;
  const m = period;
  if (n < 2 * m) throw new Error(`holt-winters: needs at least two seasons (${2 * m} buckets), series has ${n}`);
  const level = new Float64Array(n);
  const trend = new Float64Array(n);
  const season = new Float64Array(n);
  const mean = (from: number) => {
    let s = 0;
    let c = 0;
    for (let i = from; i < from + m; i++) {
      if (!Number.isFinite(values[i]!)) continue;
      s += values[i]!;
      c++;
    }
    return c ? s / c : 0;
  };
  const m0 = mean(0);
  const m1 = mean(m);
  for (let i = 0; i < m; i++) {
    const v = values[i]!;
    season[i] = Number.isFinite(v) ? v - m0 : 0;
    level[i] = m0;
    trend[i] = (m1 - m0) / m;
  }
  const { alpha, beta, gamma } = params;
  for (let t = m; t < n; t++) {
    const prevL = level[t - 1]!;
    const prevT = trend[t - 1]!;
    const s = season[t - m]!;
    const raw = values[t]!;
    const y = Number.isFinite(raw) ? raw : prevL + prevT + s;
    const l = alpha * (y - s) + (1 - alpha) * (prevL + prevT);
    level[t] = l;
    trend[t] = beta * (l - prevL) + (1 - beta) * prevT;
    season[t] = gamma * (y - l) + (1 - gamma) * s;
  }
  return { period: m, params, level, trend, season };
}

/** Forecast for bucket `anchor + h` made with what was known after bucket `anchor`. */
export function holtWintersForecast(state: HoltWintersState, anchor: number, h: number): number {
  const m = state.period;
  const seasonIndex = anchor + h - m * Math.ceil(h / m);
  return state.level[anchor]! + h * state.trend[anchor]! + state.season[seasonIndex]!;
}

const ALPHAS = [0.02, 0.05, 0.1, 0.2, 0.4, 0.7];
const BETAS = [0, 0.005, 0.02, 0.1];
const GAMMAS = [0.02, 0.05, 0.1, 0.3, 0.5];

/** Picks alpha/beta/gamma minimising one-step squared error over [2m, trainEnd). */
export function fitHoltWinters(values: ArrayLike<number>, period: number, trainEnd: number): HoltWintersParams {
  const train = Array.prototype.slice.call(values, 0, trainEnd) as number[];
  let best: HoltWintersParams = { alpha: 0.2, beta: 0.01, gamma: 0.1 };
  let bestErr = Infinity;
  for (const alpha of ALPHAS) {
    for (const beta of BETAS) {
      for (const gamma of GAMMAS) {
        const st = holtWintersRun(train, period, { alpha, beta, gamma });
        let err = 0;
        for (let t = 2 * period; t < trainEnd; t++) {
          const y = train[t]!;
          if (!Number.isFinite(y)) continue;
          const e = holtWintersForecast(st, t - 1, 1) - y;
          err += e * e;
        }
        if (err < bestErr) {
          bestErr = err;
          best = { alpha, beta, gamma };
        }
      }
    }
  }
  return best;
}
