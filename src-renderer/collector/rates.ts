// Rates from counters sampled twice: per second, and never negative (a collector restart
// resets its counters; that interval counts as unknown, shown as 0, not as a huge drop).

export function counterRate(before: number, after: number, elapsedMs: number): number {
  if (!(elapsedMs > 0) || !Number.isFinite(before) || !Number.isFinite(after) || after < before) return 0;
  return ((after - before) * 1000) / elapsedMs;
}
