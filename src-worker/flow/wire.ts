// Reading flow-export wire formats: big-endian unsigned integers of any length (reduced-size
// encoding sends counters in 1..8 bytes), NTP-format timestamps (RFC 7011 dateTimeMicro/
// Nanoseconds), and 16-byte address columns. Used on the hot paths, so no allocation.

export const TWO32 = 4294967296;
/** Seconds from the NTP epoch (1900) to the Unix epoch (1970). */
export const NTP_UNIX_OFFSET = 2208988800;

/** Unsigned big-endian integer of `len` bytes (exact up to 2^53). */
export function readUint(bytes: Uint8Array, dv: DataView, p: number, len: number): number {
  switch (len) {
    case 1: return bytes[p]!;
    case 2: return dv.getUint16(p);
    case 4: return dv.getUint32(p);
    case 8: return dv.getUint32(p) * TWO32 + dv.getUint32(p + 4);
    default: {
      let v = 0;
      for (let k = 0; k < len; k++) v = v * 256 + bytes[p + k]!;
      return v;
    }
  }
}

/** An 8-byte NTP timestamp at p as µs since the Unix epoch. */
export function ntpToUs(dv: DataView, p: number): number {
  return (dv.getUint32(p) - NTP_UNIX_OFFSET) * 1e6 + Math.floor((dv.getUint32(p + 4) * 1e6) / TWO32);
}

export function allZero(bytes: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (bytes[i] !== 0) return false;
  return true;
}

export function copy16(dst: Uint8Array, d: number, src: Uint8Array, s: number): void {
  for (let k = 0; k < 16; k++) dst[d + k] = src[s + k]!;
}
