// Fuzzing the flow decoders: thousands of mutations per run (bit flips, truncation, length
// fields that lie, spliced garbage) of real devices' packets and of packets built here. The
// decoder must never throw, never hang, keep its caches within their bounds and count what it
// rejects. The seed is printed so a failure can be replayed (FUZZ_SEED=…).
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { exporterFromText } from '../../../src-worker/flow/exporter.js';
import { FlowBatchBuilder } from '../../../src-worker/flow/flow-batch-builder.js';
import { FlowDecoder } from '../../../src-worker/flow/flow-decoder.js';
import { sharedPath, sharedPresent } from '../../support/shared-data.js';
import { ipfixPacket, netflowV5Packet, netflowV9Packet, sflowPacket } from './packets.js';

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function corpus(): Uint8Array[] {
  const packets: Uint8Array[] = [netflowV5Packet(5), netflowV9Packet(), ipfixPacket({ biflow: true }), ipfixPacket({ variable: true }), sflowPacket()];
  if (sharedPresent) {
    const dir = sharedPath('fixtures/netflow-vendors');
    for (const f of readdirSync(dir).sort()) packets.push(new Uint8Array(readFileSync(`${dir}/${f}`)));
  }
  return packets;
}

type Rng = () => number;

function mutate(src: Uint8Array, rnd: Rng): Uint8Array {
  const int = (n: number) => Math.floor(rnd() * n);
  let p = src.slice();
  const kind = int(6);
  if (kind === 0) {
    // bit flips
    for (let i = 0, n = 1 + int(8); i < n && p.length; i++) p[int(p.length)]! ^= 1 << int(8);
  } else if (kind === 1) {
    // truncation
    p = p.slice(0, int(p.length + 1));
  } else if (kind === 2) {
    // a 16-bit length or count field that lies: at an aligned offset, small/large/off-by-few values
    for (let i = 0, n = 1 + int(3); i < n && p.length >= 2; i++) {
      const o = int(p.length >> 1) * 2;
      const v = [0, 1, 3, 4, 5, 0xffff, 0x7fff, int(0x10000), ((p[o]! << 8) | p[o + 1]!) + int(9) - 4][int(9)]! & 0xffff;
      p[o] = v >> 8;
      p[o + 1] = v & 0xff;
    }
  } else if (kind === 3) {
    // a 32-bit count that lies (sFlow sample/record counts, lengths)
    if (p.length >= 4) {
      const o = int(p.length >> 2) * 4;
      const v = [0, 1, 0xffffffff, 0x7fffffff, int(2 ** 32), int(64)][int(6)]!;
      new DataView(p.buffer).setUint32(o, v >>> 0);
    }
  } else if (kind === 4) {
    // random bytes spliced in
    const at = int(p.length + 1);
    const junk = new Uint8Array(int(64)).map(() => int(256));
    const q = new Uint8Array(p.length + junk.length);
    q.set(p.subarray(0, at));
    q.set(junk, at);
    q.set(p.subarray(at), at + junk.length);
    p = q;
  } else {
    // a region overwritten with 0x00 or 0xff
    const at = int(p.length + 1);
    p.fill(rnd() < 0.5 ? 0 : 0xff, at, at + 1 + int(16));
  }
  return p;
}

describe('flow decoders under fuzzing', () => {
  const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);
  const ITERATIONS = Number(process.env.FUZZ_ITERATIONS ?? 6000);

  it(`never throw, never hang, stay bounded (seed ${seed}, ${ITERATIONS} mutations)`, () => {
    const rnd = mulberry32(seed);
    const packets = corpus();
    const limits = { maxTemplatesPerExporter: 64, maxPendingPerExporter: 16, maxPendingTotal: 64 };
    const decoder = new FlowDecoder(limits);
    const exporters = Array.from({ length: 4 }, (_, i) => exporterFromText(`192.0.2.${i + 1}`, 2055 + i));
    let out = new FlowBatchBuilder(256);
    let slowest = 0;
    let rows = 0;
    for (let i = 0; i < ITERATIONS; i++) {
      const base = packets[Math.floor(rnd() * packets.length)]!;
      // Feed the original now and then so templates exist and data paths are exercised.
      const packet = rnd() < 0.15 ? base : mutate(base, rnd);
      const exporter = exporters[Math.floor(rnd() * exporters.length)]!;
      const t0 = performance.now();
      let threw: unknown = null;
      try {
        rows += decoder.decode(packet, exporter, 1.7e15 + i * 10_000, out);
      } catch (err) {
        threw = err;
      }
      const dt = performance.now() - t0;
      slowest = Math.max(slowest, dt);
      if (threw) throw new Error(`fuzz: decode threw on mutation ${i} (seed ${seed}): ${String(threw)}`);
      if (out.length > 100_000) out = new FlowBatchBuilder(256);
      decoder.takeInterfaceCounters();
    }
    decoder.flushPending();
    const stats = decoder.stats();
    expect(stats.errors.internal, stats.recentErrors.filter((e) => /could not be decoded/.test(e)).join('\n')).toBe(0);
    expect(stats.packets).toBe(ITERATIONS);
    expect(stats.errors.truncated + stats.errors.bad_length).toBeGreaterThan(0);
    expect(rows).toBeGreaterThan(0);
    // Bounded state: template cap per exporter, pending queue cap, nothing left pending.
    expect(decoder.state.templates.size).toBeLessThanOrEqual(limits.maxTemplatesPerExporter * exporters.length);
    expect(decoder.state.templates.pendingCount).toBe(0);
    expect(decoder.state.templates.pendingByteCount).toBe(0);
    // "Never hangs": no single packet takes anywhere near a second (a loop bug would).
    expect(slowest).toBeLessThan(2000);
  });

  it('survives every truncation of every corpus packet', () => {
    const decoder = new FlowDecoder();
    const exporter = exporterFromText('198.51.100.7', 9995);
    const out = new FlowBatchBuilder(64);
    for (const p of corpus()) {
      for (let n = 0; n <= p.length; n += Math.max(1, Math.floor(p.length / 97))) {
        expect(() => decoder.decode(p.subarray(0, n), exporter, 1.7e15, out)).not.toThrow();
      }
    }
    expect(decoder.stats().errors.internal).toBe(0);
  });
});
