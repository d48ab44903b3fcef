// Received export datagrams as a pcap (LINKTYPE_IPV4, each wrapped in IPv4/UDP headers to the
// collector port), so tshark can dissect exactly the bytes that crossed the loopback.
import { writeFileSync } from 'node:fs';

export function writePcap(path: string, datagrams: Buffer[], srcPort: number, dstPort: number): void {
  const global = Buffer.alloc(24);
  global.writeUInt32LE(0xa1b2c3d4, 0);
  global.writeUInt16LE(2, 4);
  global.writeUInt16LE(4, 6);
  global.writeUInt32LE(262144, 16);
  global.writeUInt32LE(228, 20);
  const parts: Buffer[] = [global];
  datagrams.forEach((payload, i) => {
    const ip = Buffer.alloc(28);
    ip[0] = 0x45;
    ip.writeUInt16BE(28 + payload.length, 2);
    ip[8] = 64;
    ip[9] = 17;
    ip.writeUInt32BE(0x7f000001, 12);
    ip.writeUInt32BE(0x7f000001, 16);
    ip.writeUInt16BE(srcPort, 20);
    ip.writeUInt16BE(dstPort, 22);
    ip.writeUInt16BE(8 + payload.length, 24);
    const rec = Buffer.alloc(16);
    rec.writeUInt32LE(1_700_000_000 + Math.floor(i / 1000), 0);
    rec.writeUInt32LE((i % 1000) * 1000, 4);
    rec.writeUInt32LE(28 + payload.length, 8);
    rec.writeUInt32LE(28 + payload.length, 12);
    parts.push(rec, ip, payload);
  });
  writeFileSync(path, Buffer.concat(parts));
}
