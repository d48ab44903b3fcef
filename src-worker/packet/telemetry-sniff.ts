// Decides whether a UDP payload in a capture is flow telemetry (NetFlow v1/v5/v7/v9, IPFIX,
// sFlow v5) to hand to the flow decoders, rather than traffic to assemble into flows. On the
// standard collector ports a matching version field is enough (a broken export is still an
// export: the decoder counts it as malformed); on any other port the whole datagram must have
// the exact structure (lengths that add up, sets that tile the datagram), so DNS, QUIC or games
// that happen to start with 0x0009 are not mistaken for NetFlow.

export type TelemetryKind = 'netflow1' | 'netflow5' | 'netflow7' | 'netflow9' | 'ipfix' | 'sflow';

/** Collector ports: NetFlow 2055/9995/9996, IPFIX 4739 (and 4740 over DTLS-less UDP), sFlow 6343. */
export const DEFAULT_TELEMETRY_PORTS: readonly number[] = [2055, 9995, 9996, 4739, 6343];

function u16(d: Uint8Array, o: number): number {
  return (d[o]! << 8) | d[o + 1]!;
}

function u32(d: Uint8Array, o: number): number {
  return ((d[o]! << 24) | (d[o + 1]! << 16) | (d[o + 2]! << 8) | d[o + 3]!) >>> 0;
}

/**
 * The protocol a payload's version field names, with no structural checks. Same answer as the
 * decoders' detectFlowProtocol, but on (buffer, offset, length): it runs for every UDP packet of
 * a capture, where a subarray per packet would be the only allocation on the hot path.
 */
export function telemetryVersion(d: Uint8Array, off: number, len: number): TelemetryKind | null {
  if (len < 4) return null;
  switch (u16(d, off)) {
    case 1: return 'netflow1';
    case 5: return 'netflow5';
    case 7: return 'netflow7';
    case 9: return 'netflow9';
    case 10: return 'ipfix';
    case 0: return u16(d, off + 2) === 5 ? 'sflow' : null;
    default: return null;
  }
}

/** Sets (or v9 flowsets) of `header`-byte headers that tile [off, end) exactly, allowing 0-3 bytes of padding. */
function setsTile(d: Uint8Array, p: number, end: number, validId: (id: number) => boolean): boolean {
  let sets = 0;
  while (end - p >= 4) {
    const id = u16(d, p);
    const length = u16(d, p + 2);
    if (!validId(id) || length < 4 || p + length > end) return false;
    p += length;
    sets++;
  }
  return sets > 0 && end - p < 4;
}

/** True when the payload has the exact structure of `kind` (used off the standard ports). */
export function telemetryStructureValid(kind: TelemetryKind, d: Uint8Array, off: number, len: number): boolean {
  const end = off + len;
  switch (kind) {
    case 'netflow1': {
      const n = u16(d, off + 2);
      return n >= 1 && n <= 24 && len === 16 + 48 * n;
    }
    case 'netflow5': {
      const n = u16(d, off + 2);
      return n >= 1 && n <= 30 && len === 24 + 48 * n;
    }
    case 'netflow7': {
      const n = u16(d, off + 2);
      return n >= 1 && n <= 28 && len === 24 + 52 * n;
    }
    case 'netflow9':
      return len >= 24 && setsTile(d, off + 20, end, (id) => id === 0 || id === 1 || id >= 256);
    case 'ipfix':
      return len >= 20 && u16(d, off + 2) === len && setsTile(d, off + 16, end, (id) => id === 2 || id === 3 || id >= 256);
    case 'sflow': {
      const addressType = len >= 8 ? u32(d, off + 4) : 0;
      const header = addressType === 1 ? 28 : addressType === 2 ? 40 : 0;
      if (header === 0 || len < header) return false;
      const samples = u32(d, off + header - 4);
      if (samples > 10_000) return false;
      let p = off + header;
      for (let i = 0; i < samples; i++) {
        if (end - p < 8) return false;
        const length = u32(d, p + 4);
        if (length > end - p - 8) return false;
        p += 8 + length;
      }
      return p === end;
    }
  }
}

export interface TelemetryClassifier {
  /** Kind of telemetry in the payload, or null for ordinary traffic. */
  classify(d: Uint8Array, off: number, len: number, dstPort: number): TelemetryKind | null;
}

/** Port-trusting on the collector ports, structure-checking everywhere else (when `sniff`). */
export function telemetryClassifier(ports: readonly number[] = DEFAULT_TELEMETRY_PORTS, sniff = true): TelemetryClassifier {
  const portSet = new Uint8Array(65536);
  for (const port of ports) portSet[port & 0xffff] = 1;
  return {
    classify(d, off, len, dstPort) {
      const kind = telemetryVersion(d, off, len);
      if (kind === null) return null;
      if (portSet[dstPort] === 1) return kind;
      return sniff && telemetryStructureValid(kind, d, off, len) ? kind : null;
    },
  };
}
