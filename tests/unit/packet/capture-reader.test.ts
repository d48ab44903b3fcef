// The streaming pcap/pcapng reader: formats, byte orders, timestamp resolutions, several
// interfaces and sections, chunk boundaries anywhere, gzip, truncation, corruption, non-captures.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readCaptureFile } from '../../../src-worker/packet/capture-file.js';
import { CaptureFormatError, CaptureReader, sniffFileKind } from '../../../src-worker/packet/capture-reader.js';
import { LINKTYPE_ETHERNET, LINKTYPE_LINUX_SLL2, LINKTYPE_RAW } from '../../../src-worker/packet/headers.js';
import { pcapngSection, type TestPacket, writePcap } from './capture-files.js';

interface Seen {
  data: number[];
  orig: number;
  ts: number;
  link: number;
  iface: number;
}

function collect(file: Uint8Array, chunk = file.length): { seen: Seen[]; reader: CaptureReader } {
  const seen: Seen[] = [];
  const reader = new CaptureReader((d, o, cap, orig, ts, link, iface) => {
    seen.push({ data: [...d.subarray(o, o + cap)], orig, ts, link, iface });
  }, 'test.pcap');
  for (let i = 0; i < file.length; i += chunk) reader.push(file.subarray(i, Math.min(file.length, i + chunk)));
  reader.finish();
  return { seen, reader };
}

function packets(n: number, start = 1_700_000_000_123_456, iface = 0): TestPacket[] {
  return Array.from({ length: n }, (_, i) => ({
    data: Uint8Array.from({ length: 20 + ((i * 37) % 90) }, (_, j) => (i + j) & 0xff),
    timestampUs: start + i * 1_001_001,
    interfaceId: iface,
  }));
}

describe('pcap', () => {
  for (const nanoseconds of [false, true]) {
    for (const bigEndian of [false, true]) {
      it(`${nanoseconds ? 'ns' : 'µs'} ${bigEndian ? 'big' : 'little'}-endian round-trips at any chunk size`, () => {
        const input = packets(50);
        const file = writePcap({ linkType: LINKTYPE_ETHERNET, nanoseconds, bigEndian }, input);
        for (const chunk of [file.length, 4096, 7, 1]) {
          const { seen, reader } = collect(file, chunk);
          expect(reader.error).toBeNull();
          expect(reader.truncated).toBeNull();
          expect(reader.stats.format).toBe('pcap');
          expect(seen.length).toBe(50);
          expect(seen.map((s) => s.ts)).toEqual(input.map((p) => p.timestampUs));
          expect(seen.map((s) => s.data)).toEqual(input.map((p) => [...p.data]));
          expect(seen.every((s) => s.link === LINKTYPE_ETHERNET && s.iface === 0)).toBe(true);
          expect(reader.stats.bytes).toBe(file.length);
        }
      });
    }
  }

  it('keeps the original length of snapped packets', () => {
    const file = writePcap({ linkType: LINKTYPE_RAW, snapLength: 64 }, [{ data: new Uint8Array(64), timestampUs: 5, originalLength: 1500 }]);
    const { seen, reader } = collect(file);
    expect(seen[0]!.orig).toBe(1500);
    expect(seen[0]!.data.length).toBe(64);
    expect(reader.interfaces[0]!.snapLength).toBe(64);
  });

  it('a truncated file yields the packets before the cut and says so', () => {
    const file = writePcap({ linkType: LINKTYPE_ETHERNET }, packets(10));
    const cut = file.subarray(0, file.length - 5);
    const { seen, reader } = collect(cut, 100);
    expect(seen.length).toBe(9);
    expect(reader.error).toBeNull();
    expect(reader.truncated).toMatch(/^capture: test\.pcap ends inside a packet record at byte \d+ .*truncated capture/);
    const headerOnly = collect(file.subarray(0, 10));
    expect(headerOnly.reader.truncated).toMatch(/file header/);
  });

  it('a record with an absurd length stops the reader with a worded error, keeping what came before', () => {
    const file = writePcap({ linkType: LINKTYPE_ETHERNET }, packets(5));
    const dv = new DataView(file.buffer);
    // Third record's caplen field: header 24 + two records.
    const first = 16 + packets(5)[0]!.data.length;
    const second = 16 + packets(5)[1]!.data.length;
    dv.setUint32(24 + first + second + 8, 0x7fffffff, true);
    const { seen, reader } = collect(file);
    expect(seen.length).toBe(2);
    expect(reader.error).toMatch(/^capture: test\.pcap: packet record 3 at byte \d+ claims 2147483647 captured bytes/);
  });
});

describe('pcapng', () => {
  const ifaces = [
    { linkType: LINKTYPE_ETHERNET, name: 'eth0' },
    { linkType: LINKTYPE_RAW, name: 'tun0', tsresol: 9 },
    { linkType: LINKTYPE_LINUX_SLL2, name: 'any', tsresol: 0x80 | 20 },
  ];
  const input = [...packets(10, 1_700_000_000_000_000, 0), ...packets(10, 1_700_000_100_000_000, 1), ...packets(10, 1_700_000_200_000_000, 2)];
  // 2^-20 s resolution cannot hold every µs value exactly; the reader must floor the exact tick value.
  const expectedTs = (p: TestPacket) => {
    const units = BigInt(2 ** 20);
    if (p.interfaceId !== 2) return p.timestampUs;
    const ticks = (BigInt(p.timestampUs) * units) / 1_000_000n;
    return Number((ticks * 1_000_000n) / units);
  };

  for (const bigEndian of [false, true]) {
    it(`several interfaces with their own link types and resolutions, ${bigEndian ? 'big' : 'little'}-endian`, () => {
      const file = pcapngSection(ifaces, input, { bigEndian, unknownBlock: true });
      for (const chunk of [file.length, 1000, 3]) {
        const { seen, reader } = collect(file, chunk);
        expect(reader.error).toBeNull();
        expect(reader.truncated).toBeNull();
        expect(reader.stats.format).toBe('pcapng');
        expect(reader.interfaces.map((i) => [i.linkType, i.name, i.unitsPerSecond, i.packets])).toEqual([
          [LINKTYPE_ETHERNET, 'eth0', 1e6, 10], [LINKTYPE_RAW, 'tun0', 1e9, 10], [LINKTYPE_LINUX_SLL2, 'any', 2 ** 20, 10],
        ]);
        expect(seen.map((s) => s.iface)).toEqual(input.map((p) => p.interfaceId));
        expect(seen.map((s) => s.link)).toEqual(input.map((p) => ifaces[p.interfaceId!]!.linkType));
        for (let i = 0; i < seen.length; i++) expect(Math.abs(seen[i]!.ts - expectedTs(input[i]!))).toBeLessThanOrEqual(1);
        expect(seen.map((s) => s.data)).toEqual(input.map((p) => [...p.data]));
        expect(reader.stats.skippedBlocks).toBe(2); // the unknown block and the statistics block
      }
    });
  }

  it('a second section (other byte order) brings its own interfaces', () => {
    const a = pcapngSection([{ linkType: LINKTYPE_ETHERNET }], packets(3, 1_000_000, 0));
    const b = pcapngSection([{ linkType: LINKTYPE_RAW }, { linkType: LINKTYPE_ETHERNET }], packets(4, 2_000_000, 1), { bigEndian: true });
    const file = new Uint8Array(a.length + b.length);
    file.set(a);
    file.set(b, a.length);
    const { seen, reader } = collect(file, 50);
    expect(reader.error).toBeNull();
    expect(reader.interfaces.length).toBe(3);
    expect(seen.map((s) => s.iface)).toEqual([0, 0, 0, 2, 2, 2, 2]);
    expect(seen.slice(3).every((s) => s.link === LINKTYPE_ETHERNET)).toBe(true);
  });

  it('simple packet blocks take interface 0 and its snap length', () => {
    const file = pcapngSection([{ linkType: LINKTYPE_RAW, snapLength: 30 }], [{ data: new Uint8Array(30), timestampUs: 0, originalLength: 200 }], { simpleBlocks: true });
    const { seen } = collect(file);
    expect(seen.length).toBe(1);
    expect(seen[0]!.data.length).toBe(30);
    expect(seen[0]!.orig).toBe(200);
  });

  it('a packet naming an undescribed interface is counted and skipped', () => {
    const file = pcapngSection([{ linkType: LINKTYPE_RAW }], [...packets(2, 0, 0), { data: new Uint8Array(4), timestampUs: 0, interfaceId: 0 }]);
    // Rewrite the last EPB's interface id to 7.
    const dv = new DataView(file.buffer);
    const lastEpb = file.length - (32 + 4);
    expect(dv.getUint32(lastEpb, true)).toBe(6);
    dv.setUint32(lastEpb + 8, 7, true);
    const { seen, reader } = collect(file);
    expect(seen.length).toBe(2);
    expect(reader.stats.unknownInterface).toBe(1);
  });

  it('a block with mismatched lengths stops the reader with a worded error', () => {
    const file = pcapngSection([{ linkType: LINKTYPE_RAW }], packets(3));
    new DataView(file.buffer).setUint32(file.length - 4, 12, true);
    const { seen, reader } = collect(file);
    expect(seen.length).toBe(2);
    expect(reader.error).toMatch(/mismatched leading and trailing lengths/);
  });

  it('truncated inside a block', () => {
    const file = pcapngSection([{ linkType: LINKTYPE_RAW }], packets(3));
    const { seen, reader } = collect(file.subarray(0, file.length - 1));
    expect(seen.length).toBe(2);
    expect(reader.truncated).toMatch(/ends inside a block/);
  });
});

describe('file kinds', () => {
  it('sniffs magic numbers', () => {
    expect(sniffFileKind(Uint8Array.of(0xd4, 0xc3, 0xb2, 0xa1))).toBe('pcap');
    expect(sniffFileKind(Uint8Array.of(0xa1, 0xb2, 0x3c, 0x4d))).toBe('pcap');
    expect(sniffFileKind(Uint8Array.of(0x0a, 0x0d, 0x0d, 0x0a))).toBe('pcapng');
    expect(sniffFileKind(Uint8Array.of(0x1f, 0x8b, 8, 0))).toBe('gzip');
    expect(sniffFileKind(Uint8Array.of(0x28, 0xb5, 0x2f, 0xfd))).toBe('zstd');
    expect(sniffFileKind(new TextEncoder().encode('hello'))).toBe('unknown');
  });

  it('a non-capture gets one clear error', () => {
    const r = new CaptureReader(() => {}, 'notes.txt');
    expect(() => r.push(new TextEncoder().encode('this is not a capture, just notes'))).toThrow(CaptureFormatError);
    expect(() => new CaptureReader(() => {}, 'notes.txt').push(new TextEncoder().encode('this is'))).toThrow(
      /^capture: notes\.txt is not a pcap or pcapng capture \(it starts with 74 68 69 73 20 69 73\)$/,
    );
    expect(() => new CaptureReader(() => {}, 'empty.pcap').finish()).toThrow(/empty\.pcap is empty/);
  });
});

describe('readCaptureFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nw-capture-'));
  const input = packets(2000);
  const file = writePcap({ linkType: LINKTYPE_ETHERNET, nanoseconds: true }, input);

  it('reads plain and gzip-compressed files identically, reporting progress', async () => {
    writeFileSync(join(dir, 'a.pcap'), file);
    writeFileSync(join(dir, 'a.pcap.gz'), gzipSync(file));
    for (const name of ['a.pcap', 'a.pcap.gz']) {
      const ts: number[] = [];
      const progress: number[] = [];
      const result = await readCaptureFile(join(dir, name), (_d, _o, _c, _l, t) => ts.push(t), {
        chunkSize: 4096,
        onChunk: (read) => void progress.push(read),
      });
      expect(result.compressed).toBe(name.endsWith('.gz'));
      expect(ts).toEqual(input.map((p) => p.timestampUs));
      expect(result.reader.truncated).toBeNull();
      expect(progress.at(-1)).toBe(result.fileSize);
      expect(progress.length).toBeGreaterThan(1);
    }
  });

  it('a cut gzip file keeps what decompressed and says so', async () => {
    const gz = gzipSync(file);
    writeFileSync(join(dir, 'cut.pcap.gz'), gz.subarray(0, Math.floor(gz.length / 2)));
    let n = 0;
    const result = await readCaptureFile(join(dir, 'cut.pcap.gz'), () => n++);
    expect(n).toBeGreaterThan(0);
    expect(n).toBeLessThan(2000);
    expect(result.reader.truncated).toMatch(/cut\.pcap\.gz/);
  });

  it('stops between chunks when asked, keeping what was read', async () => {
    writeFileSync(join(dir, 'b.pcap'), file);
    let n = 0;
    const result = await readCaptureFile(join(dir, 'b.pcap'), () => n++, { chunkSize: 1024, shouldStop: () => n >= 100 });
    expect(result.stopped).toBe(true);
    expect(n).toBeGreaterThanOrEqual(100);
    expect(n).toBeLessThan(2000);
  });

  it('a non-capture file is one clear error', async () => {
    writeFileSync(join(dir, 'x.csv'), 'time,src,dst\n1,2,3\n');
    await expect(readCaptureFile(join(dir, 'x.csv'), () => {})).rejects.toThrow(/^capture: x\.csv is not a pcap or pcapng capture/);
  });
});
