// Addresses between their 16-byte form, the stores' representations and CIDR ranges. DuckDB
// keeps an address as one UHUGEINT (the 16 bytes big-endian as a 128-bit integer), so a prefix
// is an integer range; PostgreSQL keeps INET (IPv4-mapped addresses as plain IPv4).
import { formatAddress, parseAddress } from '../../../src-worker/flow/address.js';

export function addressToBigInt(bytes: Uint8Array, offset = 0): bigint {
  let v = 0n;
  for (let i = 0; i < 16; i++) v = (v << 8n) | BigInt(bytes[offset + i]!);
  return v;
}

export function bigIntToAddressBytes(value: bigint): Uint8Array {
  const out = new Uint8Array(16);
  let v = value;
  for (let i = 15; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

/** A UHUGEINT as DuckDB returns it (number when small enough, else a decimal string) → text. */
export function uhugeintToAddressText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return formatAddress(bigIntToAddressBytes(BigInt(value as string | number | bigint)));
}

export interface Cidr {
  /** Text of the network as given, normalised: "10.0.0.0/8", "2001:db8::/32". */
  text: string;
  /** The 16-byte network address and its prefix length in the 128-bit space. */
  network: Uint8Array;
  prefix128: number;
  lo: bigint;
  hi: bigint;
}

/** Parses "a.b.c.d/n", "x::/n" or a bare address (a /32 or /128); throws `address: …` on bad input. */
export function parseCidr(text: string): Cidr {
  const slash = text.indexOf('/');
  const addrText = slash < 0 ? text : text.slice(0, slash);
  const bytes = parseAddress(addrText);
  const isV4 = !addrText.includes(':');
  const maxLen = isV4 ? 32 : 128;
  let len = maxLen;
  if (slash >= 0) {
    const lenText = text.slice(slash + 1);
    if (!/^\d{1,3}$/.test(lenText) || Number(lenText) > maxLen) throw new Error(`address: "${text}" has a prefix length that is not 0–${maxLen}`);
    len = Number(lenText);
  }
  const prefix128 = isV4 ? 96 + len : len;
  const hostBits = BigInt(128 - prefix128);
  const value = addressToBigInt(bytes);
  const lo = (value >> hostBits) << hostBits;
  const hi = lo | ((1n << hostBits) - 1n);
  const network = bigIntToAddressBytes(lo);
  return { text: `${formatAddress(network)}/${len}`, network, prefix128, lo, hi };
}
