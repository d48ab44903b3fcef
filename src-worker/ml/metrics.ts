// Forecast error measures: MAE, RMSE and MAPE (MAPE over actuals that are not near zero, and it
// says how many it skipped, because traffic series have idle periods where MAPE explodes).

export interface ErrorMetrics {
  mae: number;
  rmse: number;
  /** Percent; NaN when every actual is near zero. */
  mape: number;
  count: number;
  /** Points left out of MAPE because |actual| was below the floor. */
  mapeSkipped: number;
}

export function errorMetrics(actual: ArrayLike<number>, predicted: ArrayLike<number>, mapeFloor = 1e-9): ErrorMetrics {
  if (actual.length !== predicted.length) throw new Error(`metrics: ${actual.length} actuals but ${predicted.length} predictions`);
  let abs = 0;
  let sq = 0;
  let pct = 0;
  let pctN = 0;
  let n = 0;
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i]!;
    const p = predicted[i]!;
    if (!Number.isFinite(a) || !Number.isFinite(p)) continue;
    const e = p - a;
    abs += Math.abs(e);
    sq += e * e;
    n++;
    if (Math.abs(a) > mapeFloor) {
      pct += Math.abs(e / a);
      pctN++;
    }
  }
  return {
    mae: n ? abs / n : NaN,
    rmse: n ? Math.sqrt(sq / n) : NaN,
    mape: pctN ? (100 * pct) / pctN : NaN,
    count: n,
    mapeSkipped: n - pctN,
  };
}
