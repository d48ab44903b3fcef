// Real traffic, real capture, real oracle: two network namespaces joined by a veth pair (10.203.0.0/24
// and fd00:203::/64, chosen here, inside the namespaces only) exchange HTTP (curl against a python
// server, over IPv4 and IPv6), DNS (dig against a small UDP responder), ping and an iperf3 bulk
// transfer while tcpdump captures in one namespace. The capture is imported and its conversations
// — addresses, ports, packets and bytes per direction — must equal what
// `tshark -q -z conv,tcp -z conv,udp` computes from the same file.
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flowRecords } from '../../src-worker/flow/record.js';
import { CaptureImporter, type CaptureImportSummary } from '../../src-worker/packet/capture-import.js';
import { debianPython, which } from '../support/tools.js';

const tools = ['ip', 'tcpdump', 'tshark', 'curl', 'dig', 'ping', 'iperf3'];
const missing = tools.filter((t) => !which(t));
const isRoot = process.getuid?.() === 0;
const netnsWorks = isRoot && missing.length === 0 && spawnSync('ip', ['netns', 'list']).status === 0;
const skipReason = !isRoot
  ? 'needs root to create network namespaces (ip netns)'
  : missing.length
    ? `needs ${missing.join(', ')} (not installed)`
    : !netnsWorks
      ? '`ip netns` does not work here'
      : '';

const tag = `${process.pid % 100000}`;
const NS_A = `nwcap-a-${tag}`;
const NS_B = `nwcap-b-${tag}`;
const VETH_A = `nwca${tag}`;
const VETH_B = `nwcb${tag}`;
const A4 = '10.203.0.1';
const B4 = '10.203.0.2';
const A6 = 'fd00:203::1';
const B6 = 'fd00:203::2';

const DNS_RESPONDER = `
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind((sys.argv[1], 53))
while True:
    q, peer = s.recvfrom(512)
    if len(q) < 12: continue
    # Echo the question, answer it with one A record 192.0.2.53 (pointer to the question name).
    end = 12
    while end < len(q) and q[end] != 0: end += q[end] + 1
    question = q[12:end + 5]
    answer = b'\\xc0\\x0c' + b'\\x00\\x01\\x00\\x01' + b'\\x00\\x00\\x00\\x3c' + b'\\x00\\x04' + bytes([192, 0, 2, 53])
    s.sendto(q[:2] + b'\\x81\\x80' + b'\\x00\\x01\\x00\\x01\\x00\\x00\\x00\\x00' + question + answer, peer)
`;

function ip(...args: string[]): void {
  execFileSync('ip', args, { stdio: 'pipe' });
}

function inNs(ns: string, cmd: string, args: string[], timeoutMs = 30_000): string {
  return execFileSync('ip', ['netns', 'exec', ns, cmd, ...args], { encoding: 'utf8', timeout: timeoutMs, stdio: ['ignore', 'pipe', 'pipe'] });
}

function startInNs(ns: string, cmd: string, args: string[]): ChildProcess {
  return spawn('ip', ['netns', 'exec', ns, cmd, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
}

function waitForOutput(child: ChildProcess, pattern: RegExp, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`netns test: timed out waiting for ${pattern} (got: ${text.slice(-300)})`)), timeoutMs);
    const onData = (d: Buffer) => {
      text += d.toString();
      if (pattern.test(text)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
  });
}

async function waitUntil(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`netns test: timed out waiting for ${what}`);
}

interface Direction {
  packets: number;
  bytes: number;
}
type Conversations = Map<string, { ab: Direction; ba: Direction }>;
/** A conversation as tshark prints it: frames exact, bytes in its own units ("4628 bytes", "9492 kB"). */
type Printed = Map<string, { ab: { packets: number; bytes: string }; ba: { packets: number; bytes: string } }>;

/**
 * Wireshark's format_size with SI prefixes, as -z conv prints byte counts: integer division,
 * moving to the next prefix once the value reaches 10 of it.
 */
function wiresharkSize(n: number): string {
  for (const [unit, power] of [['TB', 1e12], ['GB', 1e9], ['MB', 1e6], ['kB', 1e3]] as const) {
    if (Math.floor(n / power) >= 10) return `${Math.floor(n / power)} ${unit}`;
  }
  return `${n} bytes`;
}

function printed(map: Conversations): Printed {
  const out: Printed = new Map();
  for (const [key, c] of map) {
    out.set(key, { ab: { packets: c.ab.packets, bytes: wiresharkSize(c.ab.bytes) }, ba: { packets: c.ba.packets, bytes: wiresharkSize(c.ba.bytes) } });
  }
  return out;
}

/** Unordered conversation key; `forward` says whether (src,dst) is in key order. */
function convKey(proto: string, src: string, sport: number, dst: string, dport: number): { key: string; forward: boolean } {
  const a = `${src} ${sport}`;
  const b = `${dst} ${dport}`;
  return a <= b ? { key: `${proto} ${a} | ${b}`, forward: true } : { key: `${proto} ${b} | ${a}`, forward: false };
}

function addTo(map: Conversations, proto: string, src: string, sport: number, dst: string, dport: number, packets: number, bytes: number): void {
  const { key, forward } = convKey(proto, src, sport, dst, dport);
  const c = map.get(key) ?? { ab: { packets: 0, bytes: 0 }, ba: { packets: 0, bytes: 0 } };
  const d = forward ? c.ab : c.ba;
  d.packets += packets;
  d.bytes += bytes;
  map.set(key, c);
}

/** Parses tshark's conv,tcp / conv,udp tables. */
function tsharkConversations(file: string): { map: Printed; raw: string; duplicates: string[] } {
  const raw = execFileSync('tshark', ['-q', '-n', '-r', file, '-z', 'conv,tcp', '-z', 'conv,udp'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const map: Printed = new Map();
  const duplicates: string[] = [];
  let proto = '';
  const size = '(\\d+ (?:bytes|kB|MB|GB|TB))';
  const line = new RegExp(`^(\\S+):(\\d+)\\s+<->\\s+(\\S+):(\\d+)\\s+(\\d+)\\s+${size}\\s+(\\d+)\\s+${size}`);
  for (const text of raw.split('\n')) {
    if (/^TCP Conversations/.test(text)) proto = 'tcp';
    else if (/^UDP Conversations/.test(text)) proto = 'udp';
    const m = line.exec(text);
    if (!m || !proto) continue;
    const [, addrA, portA, addrB, portB, framesBA, bytesBA, framesAB, bytesAB] = m;
    // "<-" columns come first: frames/bytes from B to A; then "->": from A to B.
    const ab = { packets: Number(framesAB), bytes: bytesAB! };
    const ba = { packets: Number(framesBA), bytes: bytesBA! };
    const { key, forward } = convKey(proto, addrA!, Number(portA), addrB!, Number(portB));
    if (map.has(key)) duplicates.push(key); // the same 5-tuple twice (port reuse): not comparable in printed units
    map.set(key, forward ? { ab, ba } : { ab: ba, ba: ab });
  }
  return { map, raw, duplicates };
}

describe.skipIf(!netnsWorks)(`capture of real traffic between namespaces ${skipReason}`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'nw-netns-'));
  const capture = join(dir, 'veth.pcap');
  const children: ChildProcess[] = [];
  let summary: CaptureImportSummary;
  const ours: Conversations = new Map();

  beforeAll(async () => {
    ip('netns', 'add', NS_A);
    ip('netns', 'add', NS_B);
    ip('link', 'add', VETH_A, 'type', 'veth', 'peer', 'name', VETH_B);
    ip('link', 'set', VETH_A, 'netns', NS_A);
    ip('link', 'set', VETH_B, 'netns', NS_B);
    for (const [ns, dev, v4, v6] of [[NS_A, VETH_A, A4, A6], [NS_B, VETH_B, B4, B6]] as const) {
      inNs(ns, 'ip', ['addr', 'add', `${v4}/24`, 'dev', dev]);
      inNs(ns, 'ip', ['-6', 'addr', 'add', `${v6}/64`, 'dev', dev, 'nodad']);
      inNs(ns, 'ip', ['link', 'set', dev, 'up']);
      inNs(ns, 'ip', ['link', 'set', 'lo', 'up']);
    }
    writeFileSync(join(dir, 'index.html'), `<html><body>${'netweaver '.repeat(500)}</body></html>\n`);
    writeFileSync(join(dir, 'big.bin'), Buffer.alloc(2_000_000, 7));
    writeFileSync(join(dir, 'dns.py'), DNS_RESPONDER);

    const http = spawn('ip', ['netns', 'exec', NS_B, debianPython, '-m', 'http.server', '8080', '--bind', '::', '--directory', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(http);
    const dns = startInNs(NS_B, debianPython, [join(dir, 'dns.py'), B4]);
    children.push(dns);
    const iperf = startInNs(NS_B, 'iperf3', ['-s', '-1', '--forceflush', '-B', B4]);
    children.push(iperf);
    await waitForOutput(iperf, /Server listening/, 10_000);
    await waitUntil(() => spawnSync('ip', ['netns', 'exec', NS_A, 'curl', '-s', '-o', '/dev/null', `http://${B4}:8080/`]).status === 0, 10_000, 'the HTTP server');

    const tcpdump = startInNs(NS_A, 'tcpdump', ['-i', VETH_A, '-n', '-U', '--immediate-mode', '-B', '32768', '-w', capture]);
    children.push(tcpdump);
    await waitForOutput(tcpdump, /listening on/, 10_000);

    for (let i = 0; i < 3; i++) inNs(NS_A, 'curl', ['-s', '-o', '/dev/null', `http://${B4}:8080/index.html`]);
    inNs(NS_A, 'curl', ['-s', '-o', '/dev/null', `http://${B4}:8080/big.bin`]);
    inNs(NS_A, 'curl', ['-s', '-o', '/dev/null', '-g', `http://[${B6}]:8080/index.html`]);
    for (const name of ['router.lab.test', 'switch.lab.test', 'collector.lab.test']) inNs(NS_A, 'dig', ['+tries=1', '+time=2', `@${B4}`, name, 'A']);
    inNs(NS_A, 'ping', ['-c', '4', '-i', '0.2', B4]);
    inNs(NS_A, 'ping', ['-6', '-c', '2', '-i', '0.2', B6]);
    inNs(NS_A, 'iperf3', ['-c', B4, '-n', '20M', '-B', A4], 60_000);
    await new Promise((r) => setTimeout(r, 500));
    tcpdump.kill('SIGINT');
    await new Promise((r) => tcpdump.once('exit', r));

    const importer = new CaptureImporter({
      flowCache: { byteCount: 'frame' },
      onFlows: (batch) => {
        for (const r of flowRecords(batch)) {
          if (r.protocol !== 6 && r.protocol !== 17) continue;
          addTo(ours, r.protocol === 6 ? 'tcp' : 'udp', r.src_addr, r.src_port, r.dst_addr, r.dst_port, r.packets, r.bytes);
        }
      },
    });
    summary = await importer.run([capture]);
  }, 180_000);

  afterAll(() => {
    for (const child of children) if (child.exitCode === null && child.pid) child.kill('SIGTERM');
    spawnSync('ip', ['netns', 'del', NS_A]);
    spawnSync('ip', ['netns', 'del', NS_B]);
  });

  it('imports the capture cleanly', () => {
    expect(summary.files[0]!.truncated).toBeNull();
    expect(summary.files[0]!.error).toBeNull();
    expect(summary.packets).toBeGreaterThan(100);
    expect(summary.errors).toEqual({});
  });

  it('finds the conversations of every kind of traffic that ran', () => {
    const keys = [...ours.keys()];
    expect(keys.some((k) => k.startsWith('tcp') && k.includes(`${B4} 8080`))).toBe(true);
    expect(keys.some((k) => k.startsWith('tcp') && k.includes(`${B6} 8080`))).toBe(true);
    expect(keys.some((k) => k.startsWith('udp') && k.includes(`${B4} 53`))).toBe(true);
    expect(keys.some((k) => k.startsWith('tcp') && k.includes(`${B4} 5201`))).toBe(true);
    // iperf3's data connection carried megabytes from A to B (tcpdump may drop some under load).
    const bulk = [...ours.entries()].filter(([k]) => k.includes(`${B4} 5201`)).map(([, c]) => c.ab.bytes);
    expect(Math.max(...bulk)).toBeGreaterThan(2e6);
  });

  it('has the same conversations, packets and bytes per direction as tshark -z conv,tcp -z conv,udp', () => {
    const { map: theirs, raw, duplicates } = tsharkConversations(capture);
    expect(theirs.size, `tshark output:\n${raw}`).toBeGreaterThan(5);
    expect(duplicates).toEqual([]);
    const sorted = (m: Printed) => new Map([...m.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
    // Byte counts compared as tshark prints them (exact below 10 kB, then in its units).
    expect(sorted(printed(ours))).toEqual(sorted(theirs));
  });
});
