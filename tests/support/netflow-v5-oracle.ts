// An independent reading of NetFlow v5 datagrams (header count, dPkts, dOctets per record) used
// as the oracle for "what was sent" in collector tests — deliberately not the project's decoder.
export interface V5Totals {
  datagrams: number;
  flows: number;
  packets: number;
  bytes: number;
}

export function v5Totals(datagrams: Uint8Array[]): V5Totals {
  const t: V5Totals = { datagrams: 0, flows: 0, packets: 0, bytes: 0 };
  for (const d of datagrams) {
    const dv = new DataView(d.buffer, d.byteOffset, d.byteLength);
    if (d.length < 24 || dv.getUint16(0) !== 5) continue;
    const count = dv.getUint16(2);
    if (d.length < 24 + count * 48) continue;
    t.datagrams++;
    for (let i = 0; i < count; i++) {
      const r = 24 + i * 48;
      t.flows++;
      t.packets += dv.getUint32(r + 16);
      t.bytes += dv.getUint32(r + 20);
    }
  }
  return t;
}
