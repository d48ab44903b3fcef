// Who sent a flow packet: the exporter's address (16 bytes, IPv4-mapped for IPv4) and UDP
// source port. Templates, sequence numbers and the exporter inventory are keyed by it. The
// collector keeps one Exporter per peer, so the key string is built once, not per packet.
import { formatAddress, parseAddress } from './address.js';

export interface Exporter {
  address: Uint8Array; // 16 bytes
  port: number;
  /** Text address, e.g. "192.0.2.1" or "2001:db8::1". */
  text: string;
  /** "192.0.2.1:2055": the cache key and what error messages name. */
  key: string;
}

export function exporterFromText(text: string, port: number): Exporter {
  const address = parseAddress(text);
  const canonical = formatAddress(address);
  return { address, port, text: canonical, key: canonical.includes(':') ? `[${canonical}]:${port}` : `${canonical}:${port}` };
}

export function exporterFromBytes(address: Uint8Array, port: number): Exporter {
  return exporterFromText(formatAddress(address), port);
}
