// IP addresses as 16-byte values (IPv6, IPv4 as ::ffff:a.b.c.d), the form every flow column uses.

/** Writes an IPv4 address (host-order u32) as IPv4-mapped IPv6 at out[offset..offset+16). */
export function writeIPv4(out: Uint8Array, offset: number, ipv4: number): void {
  out.fill(0, offset, offset + 10);
  out[offset + 10] = 0xff;
  out[offset + 11] = 0xff;
  out[offset + 12] = ipv4 >>> 24;
  out[offset + 13] = (ipv4 >>> 16) & 0xff;
  out[offset + 14] = (ipv4 >>> 8) & 0xff;
  out[offset + 15] = ipv4 & 0xff;
}

/** Copies 4 bytes of an IPv4 address from src as IPv4-mapped IPv6. */
export function copyIPv4(out: Uint8Array, offset: number, src: Uint8Array, srcOffset: number): void {
  // Byte stores instead of fill(): decoders call this for every address of every record.
  out[offset] = 0; out[offset + 1] = 0; out[offset + 2] = 0; out[offset + 3] = 0; out[offset + 4] = 0;
  out[offset + 5] = 0; out[offset + 6] = 0; out[offset + 7] = 0; out[offset + 8] = 0; out[offset + 9] = 0;
  out[offset + 10] = 0xff;
  out[offset + 11] = 0xff;
  out[offset + 12] = src[srcOffset]!;
  out[offset + 13] = src[srcOffset + 1]!;
  out[offset + 14] = src[srcOffset + 2]!;
  out[offset + 15] = src[srcOffset + 3]!;
}

export function isIPv4Mapped(addr: Uint8Array): boolean {
  for (let i = 0; i < 10; i++) if (addr[i] !== 0) return false;
  return addr[10] === 0xff && addr[11] === 0xff;
}

/** Text form: dotted quad for IPv4-mapped, RFC 5952 compressed form for IPv6. */
export function formatAddress(addr: Uint8Array): string {
  if (isIPv4Mapped(addr)) return `${addr[12]}.${addr[13]}.${addr[14]}.${addr[15]}`;
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((addr[i]! << 8) | addr[i + 1]!);
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i > 1) { bestStart = i; bestLen = j - i; }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  const head = hex.slice(0, bestStart).join(':');
  const tail = hex.slice(bestStart + bestLen).join(':');
  return `${head}::${tail}`;
}

/** Parses IPv4 or IPv6 text into 16 bytes; throws `address: …` on bad input. */
export function parseAddress(text: string): Uint8Array {
  const out = new Uint8Array(16);
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (v4) {
    const parts = v4.slice(1).map(Number);
    if (parts.some((p) => p > 255)) throw new Error(`address: "${text}" is not a valid IPv4 address`);
    writeIPv4(out, 0, ((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) >>> 0);
    return out;
  }
  if (!/^[0-9a-fA-F:.]+$/.test(text) || !text.includes(':')) {
    throw new Error(`address: "${text}" is not an IPv4 or IPv6 address`);
  }
  let body = text;
  let tailV4: number[] = [];
  const lastColon = body.lastIndexOf(':');
  if (body.slice(lastColon + 1).includes('.')) {
    const mapped = parseAddress(body.slice(lastColon + 1));
    tailV4 = [...mapped.subarray(12)];
    body = body.slice(0, lastColon + 1) + '0:0';
  }
  const halves = body.split('::');
  if (halves.length > 2) throw new Error(`address: "${text}" has more than one "::"`);
  const toGroups = (s: string) => (s === '' ? [] : s.split(':').map((g) => {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) throw new Error(`address: "${text}" has a bad group "${g}"`);
    return parseInt(g, 16);
  }));
  const head = toGroups(halves[0]!);
  const tail = halves.length === 2 ? toGroups(halves[1]!) : [];
  const missing = 8 - head.length - tail.length;
  if ((halves.length === 1 && missing !== 0) || missing < 0) throw new Error(`address: "${text}" does not have 8 groups`);
  const groups = [...head, ...new Array<number>(halves.length === 2 ? missing : 0).fill(0), ...tail];
  groups.forEach((g, i) => { out[i * 2] = g >> 8; out[i * 2 + 1] = g & 0xff; });
  if (tailV4.length) out.set(tailV4, 12);
  return out;
}
