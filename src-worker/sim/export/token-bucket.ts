// A token bucket that paces flow export to a chosen rate (flows per second) with a small burst.
// `take(n)` never blocks: it returns how long the caller should wait, so the sender can batch
// its sleeps (timers are millisecond-grained; per-packet sleeps would cap the rate).

export class TokenBucket {
  private tokens: number;
  private last: number;

  /** rate: tokens per second (0 or Infinity = unlimited); burst: bucket size in tokens. */
  constructor(readonly rate: number, readonly burst: number = Math.max(1, rate * 0.01), private readonly now: () => number = () => performance.now()) {
    this.tokens = this.burst;
    this.last = this.now();
  }

  get unlimited(): boolean {
    return !(this.rate > 0) || !Number.isFinite(this.rate);
  }

  /** Takes n tokens (possibly going into debt); returns milliseconds to wait before sending. */
  take(n: number): number {
    if (this.unlimited) return 0;
    const t = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) / 1000) * this.rate);
    this.last = t;
    this.tokens -= n;
    return this.tokens >= 0 ? 0 : (-this.tokens / this.rate) * 1000;
  }
}
