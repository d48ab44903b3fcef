// A large synthetic pcap for progress and cancel tests: `packets` UDP packets over 64 flows,
// 1 ms apart, written straight into one buffer (fast, whatever the size).
import { LINKTYPE_ETHERNET } from '../../src-worker/packet/headers.js';
import { ethernet, ipv4, udp } from '../unit/packet/frames.js';

export function bigPcap(packets: number): Buffer {
  const frames = Array.from({ length: 64 }, (_, i) => ethernet(0x0800, ipv4({ protocol: 17, src: `10.9.0.${i + 1}`, dst: '10.9.1.1' }, udp(40000 + i, 5001, new Uint8Array(60)))));
  const out = Buffer.alloc(24 + packets * (16 + frames[0]!.length));
  out.writeUInt32LE(0xa1b2c3d4, 0);
  out.writeUInt16LE(2, 4);
  out.writeUInt16LE(4, 6);
  out.writeUInt32LE(262144, 16);
  out.writeUInt32LE(LINKTYPE_ETHERNET, 20);
  let o = 24;
  for (let i = 0; i < packets; i++) {
    const f = frames[i % 64]!;
    const us = 1_700_000_000_000_000 + i * 1000;
    out.writeUInt32LE(Math.floor(us / 1e6), o);
    out.writeUInt32LE(us % 1e6, o + 4);
    out.writeUInt32LE(f.length, o + 8);
    out.writeUInt32LE(f.length, o + 12);
    out.set(f, o + 16);
    o += 16 + f.length;
  }
  return out;
}
