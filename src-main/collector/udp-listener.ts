// One UDP port for one protocol: a socket per bind address (IPv6 "::" is dual-stack on Linux),
// with a large receive buffer and, where supported, several SO_REUSEPORT sockets so the kernel
// spreads exporters across them. Errors are reported with the port and address, never thrown
// from the receive path.
import { createSocket, type RemoteInfo, type Socket, type SocketOptions } from 'node:dgram';
import type { ListenerProtocol } from './collector-config.js';

export interface ListenerSpec {
  protocol: ListenerProtocol;
  port: number;
  bind: string;
  receiveBufferBytes: number;
  sockets: number;
}

export type PacketHandler = (packet: Buffer, remote: RemoteInfo, protocol: ListenerProtocol, localPort: number) => void;

/** dgram's reusePort option arrived in Node 22.12 / 23.1. */
export function reusePortSupported(): boolean {
  const [major, minor] = process.versions.node.split('.').map(Number) as [number, number];
  return process.platform === 'linux' && (major > 23 || (major === 23 && minor >= 1) || (major === 22 && minor >= 12));
}

export interface ListenerStatus {
  protocol: ListenerProtocol;
  port: number;
  bind: string;
  sockets: number;
  receiveBufferBytes: number;
  error?: string;
}

export class UdpListener {
  private sockets: Socket[] = [];
  status: ListenerStatus;

  constructor(private readonly spec: ListenerSpec, private readonly onPacket: PacketHandler) {
    this.status = { protocol: spec.protocol, port: spec.port, bind: spec.bind, sockets: 0, receiveBufferBytes: 0 };
  }

  async start(): Promise<void> {
    const count = reusePortSupported() ? Math.max(1, this.spec.sockets) : 1;
    for (let i = 0; i < count; i++) {
      const socket = await this.open(count > 1);
      this.sockets.push(socket);
      if (this.spec.port === 0) this.spec.port = socket.address().port;
    }
    this.status = { ...this.status, port: this.spec.port, sockets: this.sockets.length, receiveBufferBytes: this.sockets[0]?.getRecvBufferSize() ?? 0 };
  }

  private open(reusePort: boolean): Promise<Socket> {
    const type = this.spec.bind.includes(':') ? 'udp6' : 'udp4';
    const options: SocketOptions & { reusePort?: boolean } = { type, reuseAddr: false, ipv6Only: false, recvBufferSize: this.spec.receiveBufferBytes };
    if (reusePort) options.reusePort = true;
    const socket = createSocket(options);
    const { protocol } = this.spec;
    return new Promise((resolve, reject) => {
      const fail = (error: Error) => {
        socket.close();
        reject(new Error(`collector: cannot listen for ${protocol} on ${this.spec.bind} port ${this.spec.port}: ${error.message}`));
      };
      socket.once('error', fail);
      socket.on('message', (msg, rinfo) => this.onPacket(msg, rinfo, protocol, this.spec.port));
      socket.bind({ port: this.spec.port, address: this.spec.bind, exclusive: !reusePort }, () => {
        socket.off('error', fail);
        socket.on('error', (error) => { this.status = { ...this.status, error: `collector: ${protocol} port ${this.spec.port}: ${error.message}` }; });
        resolve(socket);
      });
    });
  }

  get port(): number {
    return this.spec.port;
  }

  async stop(): Promise<void> {
    await Promise.all(this.sockets.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    this.sockets = [];
  }
}
