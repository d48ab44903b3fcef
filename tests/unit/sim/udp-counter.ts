// A UDP socket on 127.0.0.1 that counts (and keeps) what it receives: the collector end of the
// simulator's export tests.
import { createSocket } from 'node:dgram';
import type { AddressInfo } from 'node:net';

export interface UdpCounter {
  port: number;
  /** With `keep`: every datagram and who sent it. */
  payloads: Array<{ msg: Buffer; address: string; port: number }>;
  /** Waits until `n` datagrams arrived (or 5 s passed), then closes the socket. */
  close(expect?: number): Promise<number>;
}

export async function udpCounter(keep = false): Promise<UdpCounter> {
  const socket = createSocket('udp4');
  const payloads: UdpCounter['payloads'] = [];
  let count = 0;
  socket.on('message', (msg, rinfo) => {
    count++;
    if (keep) payloads.push({ msg, address: rinfo.address, port: rinfo.port });
  });
  await new Promise<void>((r) => socket.bind(0, '127.0.0.1', () => r()));
  socket.setRecvBufferSize(16 * 1024 * 1024);
  return {
    port: (socket.address() as AddressInfo).port,
    payloads,
    async close(expect = 0) {
      const deadline = Date.now() + 5000;
      while (count < expect && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      socket.close();
      return count;
    },
  };
}
