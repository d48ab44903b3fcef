// Streaming pcap/pcapng reader. Bytes are pushed in chunks of any size (from a file, a gunzip
// stream, a socket) and every complete packet record is handed to a callback; only a partial
// record is carried between chunks, so memory stays constant however big the capture is.
// pcap: micro- and nanosecond, both byte orders, Kuznetsov's modified format. pcapng: several
// sections, interfaces with their own link types and if_tsresol/if_tsoffset, enhanced, simple and
// obsolete packet blocks; other blocks are skipped. Corruption stops the reader with a counted,
// worded error; the packets before it stay imported.

export type CaptureFormat = 'pcap' | 'pcapng';

export interface CaptureInterface {
  /** Index in capture order (pcapng: across all sections, so ids stay unique). */
  id: number;
  linkType: number;
  snapLength: number;
  name: string | null;
  description: string | null;
  /** Timestamp units per second (1e6 for µs pcap, 1e9 for ns, pcapng if_tsresol). */
  unitsPerSecond: number;
  packets: number;
}

/** Called for every packet record: data[offset, offset+capturedLength), the timestamp in µs. */
export type PacketCallback = (
  data: Uint8Array,
  offset: number,
  capturedLength: number,
  originalLength: number,
  timestampUs: number,
  linkType: number,
  interfaceId: number,
) => void;

export class CaptureFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CaptureFormatError';
  }
}

const PCAP_MAGIC_US = 0xa1b2c3d4;
const PCAP_MAGIC_NS = 0xa1b23c4d;
const PCAP_MAGIC_KUZNETSOV = 0xa1b2cd34;
const PCAPNG_SHB = 0x0a0d0d0a;
const PCAPNG_BYTE_ORDER = 0x1a2b3c4d;
/** Larger records than this are corruption, not packets (libpcap's limit is 256 KiB; allow jumbo offload). */
const MAX_RECORD = 16 * 1024 * 1024;
const INITIAL_BUFFER = 4 * 1024 * 1024;

/** What the first bytes of a file say it is. */
export type FileKind = 'pcap' | 'pcapng' | 'gzip' | 'zstd' | 'bzip2' | 'xz' | 'unknown';

export function sniffFileKind(head: Uint8Array): FileKind {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.length < 4) return 'unknown';
  const be = ((head[0]! << 24) | (head[1]! << 16) | (head[2]! << 8) | head[3]!) >>> 0;
  const le = ((head[3]! << 24) | (head[2]! << 16) | (head[1]! << 8) | head[0]!) >>> 0;
  for (const m of [PCAP_MAGIC_US, PCAP_MAGIC_NS, PCAP_MAGIC_KUZNETSOV]) if (be === m || le === m) return 'pcap';
  if (be === PCAPNG_SHB) return 'pcapng';
  if (be === 0x28b52ffd) return 'zstd';
  if (head[0] === 0x42 && head[1] === 0x5a && head[2] === 0x68) return 'bzip2';
  if (be === 0xfd377a58) return 'xz';
  return 'unknown';
}

export interface CaptureReaderStats {
  format: CaptureFormat | null;
  /** Bytes of the (decompressed) capture consumed by complete records. */
  bytes: number;
  packets: number;
  /** Records whose captured length exceeds the original length (kept, clamped). */
  badLengths: number;
  /** pcapng blocks of other types (statistics, name resolution, custom …) skipped. */
  skippedBlocks: number;
  /** Packet blocks naming an interface that was never described (skipped, counted). */
  unknownInterface: number;
  firstTimestampUs: number;
  lastTimestampUs: number;
}

/**
 * Push-style reader: `push(chunk)` for each piece of the file, `finish()` at the end.
 * After a corruption error `failed` is set and further input is ignored.
 */
export class CaptureReader {
  readonly stats: CaptureReaderStats = {
    format: null, bytes: 0, packets: 0, badLengths: 0, skippedBlocks: 0, unknownInterface: 0,
    firstTimestampUs: NaN, lastTimestampUs: NaN,
  };
  readonly interfaces: CaptureInterface[] = [];
  /** Set when the file is corrupt from some point on: the words say where and why. */
  error: string | null = null;
  /** Set by finish() when the file ended inside a record. */
  truncated: string | null = null;

  private buf = new Uint8Array(INITIAL_BUFFER);
  private view = new DataView(this.buf.buffer);
  private start = 0;
  private end = 0;
  /** Capture bytes before buf[0]: for error messages that name a file offset. */
  private base = 0;
  private little = true;
  private pcapScale = 1; // µs per timestamp fraction unit
  private pcapRecordHeader = 16;
  private pcapLinkType = 0;
  private pcapSnap = 0;
  private headerDone = false;
  /** pcapng: interfaces of the current section map to these global ids. */
  private sectionInterfaces: number[] = [];
  private sectionCount = 0;

  constructor(private readonly onPacket: PacketCallback, private readonly fileName = 'capture') {}

  get failed(): boolean {
    return this.error !== null;
  }

  push(chunk: Uint8Array): void {
    if (this.error) return;
    this.append(chunk);
    if (!this.headerDone && !this.readFileHeader()) return;
    if (this.stats.format === 'pcap') this.readPcapRecords();
    else this.readPcapngBlocks();
  }

  /** Call once after the last chunk; sets `truncated` when bytes were left over. */
  finish(): void {
    if (this.error) return;
    const left = this.end - this.start;
    if (!this.headerDone) {
      if (left === 0) throw new CaptureFormatError(`capture: ${this.fileName} is empty`);
      // Fewer bytes than a file header: say what the bytes look like.
      const kind = sniffFileKind(this.buf.subarray(this.start, this.end));
      if (kind === 'unknown') throw notACapture(this.fileName, this.buf.subarray(this.start, this.end));
      this.truncated = `capture: ${this.fileName} ends inside its file header (${left} bytes): truncated capture`;
      return;
    }
    if (left > 0) {
      this.truncated = `capture: ${this.fileName} ends inside a ${this.stats.format === 'pcap' ? 'packet record' : 'block'} at byte ${this.base + this.start} (${left} bytes left over): truncated capture; the ${this.stats.packets} packets before it were read`;
    }
  }

  private append(chunk: Uint8Array): void {
    const pending = this.end - this.start;
    if (this.end + chunk.length > this.buf.length) {
      if (pending + chunk.length <= this.buf.length) {
        this.buf.copyWithin(0, this.start, this.end);
      } else {
        const bigger = new Uint8Array(Math.max(this.buf.length * 2, pending + chunk.length));
        bigger.set(this.buf.subarray(this.start, this.end));
        this.buf = bigger;
        this.view = new DataView(bigger.buffer);
      }
      this.base += this.start;
      this.start = 0;
      this.end = pending;
    }
    this.buf.set(chunk, this.end);
    this.end += chunk.length;
  }

  /** Shrinks the buffer back after one huge record made it grow (constant memory). */
  private maybeShrink(): void {
    if (this.buf.length > INITIAL_BUFFER * 4 && this.end - this.start < INITIAL_BUFFER) {
      const small = new Uint8Array(INITIAL_BUFFER);
      small.set(this.buf.subarray(this.start, this.end));
      this.base += this.start;
      this.end -= this.start;
      this.start = 0;
      this.buf = small;
      this.view = new DataView(small.buffer);
    }
  }

  private u32(o: number): number {
    return this.view.getUint32(o, this.little);
  }

  private u16(o: number): number {
    return this.view.getUint16(o, this.little);
  }

  private fail(message: string): void {
    this.error = `capture: ${this.fileName}: ${message}`;
  }

  private readFileHeader(): boolean {
    if (this.end - this.start < 4) return false;
    const head = this.buf.subarray(this.start, this.end);
    const kind = sniffFileKind(head);
    if (kind === 'pcap') {
      if (this.end - this.start < 24) return false;
      const magicLe = this.view.getUint32(this.start, true);
      this.little = magicLe === PCAP_MAGIC_US || magicLe === PCAP_MAGIC_NS || magicLe === PCAP_MAGIC_KUZNETSOV;
      const magic = this.u32(this.start);
      this.pcapScale = magic === PCAP_MAGIC_NS ? 1e-3 : 1;
      this.pcapRecordHeader = magic === PCAP_MAGIC_KUZNETSOV ? 24 : 16;
      this.pcapSnap = this.u32(this.start + 16);
      // The upper bits of the link-type field carry FCS information (pcap spec "LinkType and additional information").
      this.pcapLinkType = this.u32(this.start + 20) & 0xffff;
      this.interfaces.push({
        id: 0, linkType: this.pcapLinkType, snapLength: this.pcapSnap, name: null, description: null,
        unitsPerSecond: magic === PCAP_MAGIC_NS ? 1e9 : 1e6, packets: 0,
      });
      this.stats.format = 'pcap';
      this.start += 24;
      this.stats.bytes += 24;
      this.headerDone = true;
      return true;
    }
    if (kind === 'pcapng') {
      this.stats.format = 'pcapng';
      this.headerDone = true;
      return true;
    }
    if (kind === 'gzip') throw new CaptureFormatError(`capture: ${this.fileName} is gzip-compressed; open it through the gzip-aware reader`);
    if (kind === 'zstd' || kind === 'bzip2' || kind === 'xz') {
      throw new CaptureFormatError(`capture: ${this.fileName} is ${kind}-compressed, which is not supported; decompress it first (or recompress with gzip)`);
    }
    throw notACapture(this.fileName, head);
  }

  private readPcapRecords(): void {
    const buf = this.buf;
    const hdr = this.pcapRecordHeader;
    const limit = Math.max(MAX_RECORD, this.pcapSnap);
    const link = this.pcapLinkType;
    const scale = this.pcapScale;
    const iface = this.interfaces[0]!;
    let p = this.start;
    const end = this.end;
    let packets = 0;
    while (end - p >= hdr) {
      const caplen = this.u32(p + 8);
      let origlen = this.u32(p + 12);
      if (caplen > limit) {
        this.fail(`packet record ${this.stats.packets + packets + 1} at byte ${this.base + p} claims ${caplen} captured bytes (more than the ${limit}-byte limit): the file is corrupt from here; the packets before it were read`);
        break;
      }
      if (end - p - hdr < caplen) break;
      if (origlen < caplen) {
        this.stats.badLengths++;
        origlen = caplen;
      }
      const ts = this.u32(p) * 1e6 + Math.floor(this.u32(p + 4) * scale);
      this.onPacket(buf, p + hdr, caplen, origlen, ts, link, 0);
      packets++;
      if (packets === 1 && Number.isNaN(this.stats.firstTimestampUs)) this.stats.firstTimestampUs = ts;
      this.stats.lastTimestampUs = ts;
      p += hdr + caplen;
    }
    iface.packets += packets;
    this.stats.packets += packets;
    this.stats.bytes += p - this.start;
    this.start = p;
    this.maybeShrink();
  }

  private readPcapngBlocks(): void {
    while (!this.error && this.end - this.start >= 12) {
      const p = this.start;
      let type = this.u32(p);
      if (type === PCAPNG_SHB) {
        // The byte-order magic decides how to read this section, including its own length.
        const bom = this.view.getUint32(p + 8, true);
        if (bom === PCAPNG_BYTE_ORDER) this.little = true;
        else if (this.view.getUint32(p + 8, false) === PCAPNG_BYTE_ORDER) this.little = false;
        else {
          this.fail(`section header at byte ${this.base + p} has an invalid byte-order magic: the file is corrupt from here`);
          return;
        }
        type = PCAPNG_SHB;
      }
      const length = this.u32(p + 4);
      if (length < 12 || length % 4 !== 0 || length > MAX_RECORD + 64) {
        this.fail(`block at byte ${this.base + p} (type 0x${type.toString(16)}) has an invalid length ${length}: the file is corrupt from here; the packets before it were read`);
        return;
      }
      if (this.end - p < length) break;
      if (this.u32(p + length - 4) !== length) {
        this.fail(`block at byte ${this.base + p} (type 0x${type.toString(16)}) has mismatched leading and trailing lengths: the file is corrupt from here`);
        return;
      }
      this.readBlock(type, p, length);
      this.start = p + length;
      this.stats.bytes += length;
    }
    this.maybeShrink();
  }

  private readBlock(type: number, p: number, length: number): void {
    switch (type) {
      case PCAPNG_SHB:
        this.sectionInterfaces = [];
        this.sectionCount++;
        return;
      case 1:
        this.readInterfaceBlock(p, length);
        return;
      case 6: // enhanced packet block
        if (length < 32) return this.fail(`enhanced packet block at byte ${this.base + p} is too short (${length} bytes)`);
        this.emitPacket(this.u32(p + 8), this.u32(p + 12), this.u32(p + 16), this.u32(p + 20), this.u32(p + 24), p + 28, p + length - 4);
        return;
      case 2: // obsolete packet block
        if (length < 32) return this.fail(`packet block at byte ${this.base + p} is too short (${length} bytes)`);
        this.emitPacket(this.u16(p + 8), this.u32(p + 12), this.u32(p + 16), this.u32(p + 20), this.u32(p + 24), p + 28, p + length - 4);
        return;
      case 3: { // simple packet block: interface 0, no timestamp
        if (length < 16) return this.fail(`simple packet block at byte ${this.base + p} is too short (${length} bytes)`);
        const orig = this.u32(p + 8);
        const snap = this.interfaces[this.sectionInterfaces[0] ?? -1]?.snapLength || orig;
        const cap = Math.min(orig, snap, length - 16);
        this.emitPacket(0, NaN, NaN, cap, orig, p + 12, p + length - 4);
        return;
      }
      default:
        this.stats.skippedBlocks++;
    }
  }

  private readInterfaceBlock(p: number, length: number): void {
    if (length < 20) return this.fail(`interface description block at byte ${this.base + p} is too short (${length} bytes)`);
    const iface: CaptureInterface = {
      id: this.interfaces.length, linkType: this.u16(p + 8), snapLength: this.u32(p + 12), name: null, description: null,
      unitsPerSecond: 1e6, packets: 0,
    };
    let tsOffsetSeconds = 0;
    // Options: code u16, length u16, value padded to 4.
    let o = p + 16;
    const end = p + length - 4;
    while (end - o >= 4) {
      const code = this.u16(o);
      const len = this.u16(o + 2);
      if (code === 0 || o + 4 + len > end) break;
      const v = o + 4;
      if (code === 2) iface.name = decodeText(this.buf, v, len);
      else if (code === 3) iface.description = decodeText(this.buf, v, len);
      else if (code === 9 && len >= 1) {
        const r = this.buf[v]!;
        iface.unitsPerSecond = r & 0x80 ? 2 ** (r & 0x7f) : 10 ** r;
      } else if (code === 14 && len >= 8) {
        tsOffsetSeconds = Number(this.view.getBigInt64(v, this.little));
      }
      o = v + ((len + 3) & ~3);
    }
    this.ifaceOffsetUs[iface.id] = tsOffsetSeconds * 1e6;
    this.sectionInterfaces.push(iface.id);
    this.interfaces.push(iface);
  }

  private readonly ifaceOffsetUs: number[] = [];

  private emitPacket(localId: number, tsHigh: number, tsLow: number, caplen: number, origlen: number, dataStart: number, bodyEnd: number): void {
    const id = this.sectionInterfaces[localId];
    if (id === undefined) {
      this.stats.unknownInterface++;
      return;
    }
    const iface = this.interfaces[id]!;
    if (caplen > bodyEnd - dataStart) {
      this.stats.badLengths++;
      caplen = bodyEnd - dataStart;
    }
    if (origlen < caplen) {
      this.stats.badLengths++;
      origlen = caplen;
    }
    let ts: number;
    if (Number.isNaN(tsHigh)) ts = Number.isNaN(this.stats.lastTimestampUs) ? 0 : this.stats.lastTimestampUs; // simple packet blocks carry no time
    else {
      const scale = 1e6 / iface.unitsPerSecond;
      ts = Math.floor(tsHigh * (4294967296 * scale) + tsLow * scale) + this.ifaceOffsetUs[id]!;
    }
    iface.packets++;
    this.stats.packets++;
    if (Number.isNaN(this.stats.firstTimestampUs)) this.stats.firstTimestampUs = ts;
    this.stats.lastTimestampUs = ts;
    this.onPacket(this.buf, dataStart, caplen, origlen, ts, iface.linkType, id);
  }
}

function decodeText(buf: Uint8Array, offset: number, length: number): string {
  let n = length;
  while (n > 0 && buf[offset + n - 1] === 0) n--;
  return new TextDecoder().decode(buf.subarray(offset, offset + n));
}

function notACapture(fileName: string, head: Uint8Array): CaptureFormatError {
  const hex = [...head.subarray(0, 8)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
  return new CaptureFormatError(`capture: ${fileName} is not a pcap or pcapng capture (it starts with ${hex})`);
}
