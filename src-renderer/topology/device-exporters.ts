// Which flows belong to a device on the map: those its exporter addresses reported.

const IP_LIKE = /^(\d{1,3}(\.\d{1,3}){3}|[0-9a-fA-F:]*:[0-9a-fA-F:.]*)$/;

/** The addresses a device exports flows from: its listed addresses, or its id when that is one. */
export function exporterAddresses(node: { id: string; addresses?: string[] }): string[] {
  const listed = (node.addresses ?? []).filter((a) => IP_LIKE.test(a));
  return listed.length ? listed : IP_LIKE.test(node.id) ? [node.id] : [];
}

/** A flow filter selecting what those addresses exported. */
export function exporterFilter(addresses: string[]): string {
  return addresses.map((a) => `exporter = ${a}`).join(' or ');
}
