// The ingest benchmark's sender process: blasts NetFlow v5 or IPFIX at a target flow rate for a
// number of seconds to 127.0.0.1:PORT, with correct sequence numbers, and prints what it sent as
// JSON. Usage: tsx ingest-sender.ts v5|ipfix PORT FLOWS_PER_SECOND SECONDS FIRST_FLOW
import { createSocket } from 'node:dgram';
import { ipfixDataPacket, ipfixTemplatePacket, netflowV5Packet, syntheticTotals } from '../support/export-writers.js';

const [kind, portText, rateText, secondsText, firstText] = process.argv.slice(2);
const port = Number(portText), rate = Number(rateText), seconds = Number(secondsText), first = Number(firstText ?? 0);
const PER_PACKET = 30;
const socket = createSocket({ type: 'udp4', sendBufferSize: 8 << 20 });
const total = Math.round(rate * seconds / PER_PACKET) * PER_PACKET;
// Packets are pre-built (the sender must not be the bottleneck); only sequence numbers change.
const POOL = 512;
const pool: Uint8Array[] = [];
for (let i = 0; i < POOL; i++) pool.push(kind === 'v5' ? netflowV5Packet(0, first + i * PER_PACKET, PER_PACKET) : ipfixDataPacket(0, first + i * PER_PACKET, PER_PACKET));
const seqOffset = kind === 'v5' ? 16 : 8;

async function main(): Promise<void> {
  if (kind === 'ipfix') await new Promise<void>((r) => socket.send(ipfixTemplatePacket(0), port, '127.0.0.1', () => r()));
  const start = performance.now();
  let sent = 0;
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * rate / PER_PACKET) * PER_PACKET + PER_PACKET);
    while (sent < due) {
      const p = pool[(sent / PER_PACKET) % POOL]!;
      new DataView(p.buffer, p.byteOffset).setUint32(seqOffset, sent >>> 0);
      await new Promise<void>((r) => socket.send(p, port, '127.0.0.1', () => r()));
      sent += PER_PACKET;
    }
    await new Promise((r) => setImmediate(r));
  }
  const elapsed = (performance.now() - start) / 1000;
  // What the pool holds, repeated: totals of the flows actually sent.
  const full = Math.floor(sent / (POOL * PER_PACKET));
  const rest = sent - full * POOL * PER_PACKET;
  const one = syntheticTotals(first, POOL * PER_PACKET);
  const tail = syntheticTotals(first, rest);
  process.stdout.write(JSON.stringify({ flows: sent, packets: one.packets * full + tail.packets, bytes: one.bytes * full + tail.bytes, seconds: elapsed, rate: sent / elapsed }) + '\n');
  socket.close();
}

void main();
