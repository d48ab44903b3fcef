// What load does to a link: M/M/1 queueing delay below capacity, a full buffer and tail drop
// above it. The fluid view: offered load λ (bit/s) on capacity C; packets of mean size S; the
// mean wait is (S/C)·ρ/(1−ρ) for ρ = λ/C < 1, capped at the buffer's depth (in ms of line rate);
// beyond capacity the excess, 1 − C/λ, is dropped and the queue sits full.

export interface QueueOptions {
  /** Mean packet size on the wire, bytes. */
  meanPacketBytes: number;
  /** Buffer depth, ms at line rate (WAN routers ~50 ms; data-centre switches ~1 ms). */
  bufferMs: number;
}

export const DEFAULT_QUEUE: QueueOptions = { meanPacketBytes: 800, bufferMs: 50 };

export function queueDelayMs(offeredBps: number, capacityBps: number, options: QueueOptions): number {
  if (!(capacityBps > 0) || offeredBps <= 0) return 0;
  const rho = offeredBps / capacityBps;
  if (rho >= 1) return options.bufferMs;
  const serviceMs = ((options.meanPacketBytes * 8) / capacityBps) * 1000;
  return Math.min(options.bufferMs, (serviceMs * rho) / (1 - rho));
}

/** Fraction of offered traffic dropped for lack of capacity. */
export function congestionLoss(offeredBps: number, capacityBps: number): number {
  if (!(capacityBps > 0) || offeredBps <= capacityBps) return 0;
  return 1 - capacityBps / offeredBps;
}
