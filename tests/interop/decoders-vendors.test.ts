// Every real device's payload in ../shared/fixtures/netflow-vendors/ is decoded (templates fed
// before data, per exporter) and each flow's key and counters are checked against tshark's own
// decoding of the same bytes, wrapped in Ethernet/IPv4/UDP and run through `tshark -d
// udp.port==2055,cflow` at test time. The deliberately invalid files must yield counted errors.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exporterFromText } from '../../src-worker/flow/exporter.js';
import { FlowBatchBuilder } from '../../src-worker/flow/flow-batch-builder.js';
import { FlowDecoder } from '../../src-worker/flow/flow-decoder.js';
import { flowRecords, type FlowRecord } from '../../src-worker/flow/record.js';
import { sharedMissingReason, sharedPath, sharedPresent } from '../support/shared-data.js';
import { missingToolReason, which } from '../support/tools.js';
import { tsharkJson, writePcap } from './decoders-pcap.js';

const dir = sharedPath('fixtures/netflow-vendors');
const tshark = which('tshark');
const PORT = 2055;
const INVALID = /invalid/;

/** Files grouped per exporter (common prefix), templates first. */
function exporterGroups(): Array<{ name: string; files: string[] }> {
  const groups = new Map<string, string[]>();
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.dat')).sort()) {
    const g = f.replace(/_(tpl|data|opttpl|tplopt|tpldata|tpls).*$/, '').replace(/\.dat$/, '');
    groups.set(g, [...(groups.get(g) ?? []), f]);
  }
  const isTemplate = (f: string) => /tpl/.test(f) && !/tpldata|tpl_data/.test(f);
  return [...groups.entries()].map(([name, files]) => ({
    name,
    files: [...files].sort((a, b) => Number(isTemplate(b)) - Number(isTemplate(a)) || a.localeCompare(b)),
  }));
}

function decodeGroup(files: string[], config: ConstructorParameters<typeof FlowDecoder>[0] = {}) {
  const decoder = new FlowDecoder(config);
  const out = new FlowBatchBuilder(64);
  const exporter = exporterFromText('192.0.2.1', 40000);
  /** Rows each packet produced: [first, end). */
  const perPacket: Array<[number, number]> = [];
  files.forEach((f, i) => {
    const before = out.length;
    decoder.decode(new Uint8Array(readFileSync(join(dir, f))), exporter, 1.7e15 + i * 1000, out);
    perPacket.push([before, out.length]);
  });
  return { decoder, rows: flowRecords(out.batch), perPacket };
}

// tshark stops at the v9 header's record count, which this file understates; we decode every
// flowset present (as nfdump and goflow2 do), so tshark sees a prefix of what we see.
const TSHARK_STOPS_AT_COUNT = new Set(['netflow9_test_invalid01']);

type Layer = Record<string, unknown>;

/** tshark's flow records (into `flows`) from data flowsets whose template is not an options template. */
function collectFlows(layer: Layer, optionTemplates: Set<number>, flows: Layer[]): void {
  {
    const cflows = layer.cflow;
    for (const c of (Array.isArray(cflows) ? cflows : [cflows]) as Layer[]) {
      if (!c) continue;
      if (c['cflow.version'] === '5' || c['cflow.version'] === '1' || c['cflow.version'] === '7') {
        for (const [k, v] of Object.entries(c)) if (/^pdu \d+/.test(k)) flows.push(v as Layer);
        continue;
      }
      for (const v of Object.values(c)) {
        if (!v || typeof v !== 'object' || !('cflow.flowset_id' in v)) continue;
        const set = v as Layer;
        const id = Number(set['cflow.flowset_id']);
        if (id < 256 || optionTemplates.has(id)) continue;
        for (const [k, f] of Object.entries(set)) if (/^Flow \d+/.test(k)) flows.push(f as Layer);
      }
    }
  }
}

function first(f: Layer, ...names: string[]): string | undefined {
  for (const n of names) {
    const v = f[n];
    if (typeof v === 'string') return v;
    if (Array.isArray(v) && typeof v[0] === 'string') return v[0];
  }
  return undefined;
}

/** An address field, skipping the all-zero one of templates that carry both IPv4 and IPv6. */
function address(f: Layer, v4: string, v6: string): string | undefined {
  const a = first(f, v4);
  const b = first(f, v6);
  if (a !== undefined && b !== undefined && a === '0.0.0.0' && b !== '::') return b;
  return a ?? b;
}

/** Differences between tshark's flow and ours, as readable strings (empty = equal). */
function compare(t: Layer, r: FlowRecord): string[] {
  const diffs: string[] = [];
  const check = (what: string, theirs: string | undefined, ours: string | number | null) => {
    if (theirs === undefined) return;
    const n = /^0x[0-9a-f]+$/i.test(theirs) ? parseInt(theirs, 16) : theirs;
    if (String(n) !== String(ours)) diffs.push(`${what}: tshark ${theirs}, ours ${ours}`);
  };
  check('src_addr', address(t, 'cflow.srcaddr', 'cflow.srcaddrv6'), r.src_addr);
  check('dst_addr', address(t, 'cflow.dstaddr', 'cflow.dstaddrv6'), r.dst_addr);
  check('protocol', first(t, 'cflow.protocol'), r.protocol);
  check('src_port', first(t, 'cflow.srcport'), r.src_port);
  const dport = first(t, 'cflow.dstport');
  if (!(dport === '0' && (r.protocol === 1 || r.protocol === 58))) check('dst_port', dport, r.dst_port);
  check('bytes', first(t, 'cflow.octets', 'cflow.octets64', 'cflow.permanent_octets'), r.bytes);
  check('packets', first(t, 'cflow.packets', 'cflow.packets64', 'cflow.permanent_packets'), r.packets);
  check('in_if', first(t, 'cflow.inputint'), r.in_if);
  check('out_if', first(t, 'cflow.outputint'), r.out_if);
  check('src_as', first(t, 'cflow.srcas'), r.src_as);
  check('dst_as', first(t, 'cflow.dstas'), r.dst_as);
  check('tos', first(t, 'cflow.tos'), r.tos);
  return diffs;
}

describe.skipIf(!sharedPresent)('decoders: real devices\' NetFlow/IPFIX payloads', () => {
  const groups = sharedPresent ? exporterGroups() : [];

  it('finds the vendor corpus', () => {
    expect(groups.length).toBeGreaterThan(30);
  });

  for (const { name, files } of groups) {
    if (INVALID.test(name) && !/netflow9_test_invalid01/.test(name)) {
      it(`${name}: deliberately invalid, yields counted errors without throwing`, () => {
        const { decoder, rows } = decodeGroup(files);
        const stats = decoder.stats();
        expect(stats.errors.internal).toBe(0);
        expect(Object.values(stats.errors).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
        expect(rows.length).toBe(0);
      });
      continue;
    }
    it(`${name}: decodes without internal errors`, () => {
      const { decoder } = decodeGroup(files);
      const stats = decoder.stats();
      expect(stats.errors.internal, stats.recentErrors.join('\n')).toBe(0);
      expect(stats.errors.truncated + stats.errors.bad_length + stats.errors.bad_version, stats.recentErrors.join('\n')).toBe(0);
      expect(stats.records + stats.optionRecords + stats.templates).toBeGreaterThan(0);
    });
  }
});

const skipReason = !sharedPresent ? ` (skipped: ${sharedMissingReason})` : !tshark ? ` (skipped: ${missingToolReason('tshark')})` : '';
describe.skipIf(!sharedPresent || !tshark)(`decoders: field values equal tshark's${skipReason}`, () => {
  const work = mkdtempSync(join(tmpdir(), 'nw-decoders-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const groups = sharedPresent ? exporterGroups().filter((g) => !/_invalid0[12]/.test(g.name) || /netflow9/.test(g.name)) : [];
  let compared = 0;

  for (const { name, files } of groups) {
    it(`${name}: every flow matches tshark`, () => {
      // One row per data record, in order, so rows line up with tshark's records.
      const { decoder, rows, perPacket } = decodeGroup(files, { splitBiflows: false, nselOnce: false });
      const optionTemplates = new Set(decoder.exportTemplates().filter((t) => t.options).map((t) => t.templateId));
      const pcap = join(work, `${name}.pcap`);
      writePcap(pcap, files.map((f, i) => ({ payload: new Uint8Array(readFileSync(join(dir, f))), srcAddr: '192.0.2.1', srcPort: 40000, dstPort: PORT, timeUs: 1.7e15 + i * 1000 })));
      const layers = tsharkJson(pcap, PORT, 'cflow');
      expect(layers.length).toBe(files.length);
      const problems: string[] = [];
      layers.forEach((layer, k) => {
        const theirs: Layer[] = [];
        collectFlows(layer, optionTemplates, theirs);
        const [from, to] = perPacket[k]!;
        // tshark gives up on a packet at a field it cannot parse ("Malformed Packet"); then
        // only the records it did decode are compared.
        const tsharkGaveUp = '_ws.malformed' in layer || TSHARK_STOPS_AT_COUNT.has(name);
        if (tsharkGaveUp) expect(to - from).toBeGreaterThanOrEqual(theirs.length);
        else expect(to - from, `${files[k]}: our ${to - from} rows vs tshark's ${theirs.length} records`).toBe(theirs.length);
        theirs.forEach((t, i) => {
          for (const d of compare(t, rows[from + i]!)) problems.push(`${files[k]} record ${i + 1}: ${d}`);
        });
        compared += theirs.length;
      });
      expect(problems.slice(0, 20)).toEqual([]);

      // With the defaults, rows differ from tshark's records only by biflow reverse rows added
      // and NSEL create/update events folded — and only events tshark shows as 1 or 5 fold.
      const defaults = decodeGroup(files);
      const d = defaults.decoder.stats();
      const all: Layer[] = [];
      for (const l of layers) collectFlows(l, optionTemplates, all);
      const foldable = all.filter((f) => ['1', '5'].includes(first(f, 'cflow.firewall_event', 'cflow.fw_event') ?? '')).length;
      expect(d.nselEventsFolded).toBeLessThanOrEqual(foldable);
      const tsharkDecoded = layers.every((l) => !('_ws.malformed' in l)) && !TSHARK_STOPS_AT_COUNT.has(name);
      if (tsharkDecoded) expect(defaults.rows.length).toBe(all.length + d.biflowReverseRows - d.nselEventsFolded);
      // Folding never drops traffic in these files (no update-with-totals events): the bytes
      // with NSEL folding equal the bytes without it.
      const sum = (rs: FlowRecord[]) => rs.reduce((a, r) => a + r.bytes, 0);
      expect(sum(defaults.rows)).toBe(sum(decodeGroup(files, { nselOnce: false }).rows));
    });
  }

  it('compared a substantial number of records', () => {
    expect(compared).toBeGreaterThan(300);
  });
});
