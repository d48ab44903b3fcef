// The simulated network's addressing plan, so its flows look like a real operator's: router i
// has loopback 172.16.0.0/12 + i + 1 (its exporter address), customers behind it use
// 10.(i>>8).(i&255).0/24, and each router's interfaces are numbered like SNMP ifIndexes:
// 1..degree for core-facing links (in out-arc order), 1000 for the customer-facing port.

export const MAX_ADDRESSED_NODES = 65536;
export const CUSTOMER_IFINDEX = 1000;
const LOOPBACK_BASE = 0xac100000; // 172.16.0.0

export function loopbackIPv4(node: number): number {
  return (LOOPBACK_BASE + node + 1) >>> 0;
}

/**
 * Where router i's export datagrams come from when the collector is on this machine's loopback:
 * 127.16.x.y for loopback 172.16.x.y (see udp-exporter.ts's sourcePerExporter).
 */
export function loopbackSourceIPv4(node: number): number {
  return ((0x7f << 24) | (loopbackIPv4(node) & 0x00ffffff)) >>> 0;
}

export function formatIPv4(value: number): string {
  return `${value >>> 24}.${(value >>> 16) & 0xff}.${(value >>> 8) & 0xff}.${value & 0xff}`;
}

/** Base of the node's customer /24. */
export function customerPrefixIPv4(node: number): number {
  if (node >= MAX_ADDRESSED_NODES) throw new Error(`sim: node ${node} is beyond the ${MAX_ADDRESSED_NODES}-node addressing plan`);
  return (0x0a000000 | (node << 8)) >>> 0;
}

/** A host address (.1–.254) inside the node's customer /24. */
export function customerHostIPv4(node: number, host: number): number {
  return (customerPrefixIPv4(node) | (1 + (host % 254))) >>> 0;
}

/** Private ASN per customer site (RFC 6996 range, 16-bit so NetFlow v5 can carry it). */
export function customerAsn(node: number): number {
  return 64512 + (node % 1023);
}
