// The complete, registry-named view of v9/IPFIX records: enterprise and reverse elements by name,
// unknown ones by PEN+id, typed values; and on every vendor file the slow path agrees with the
// fast path's rows (addresses, ports, protocol, counters).
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { exporterFromText } from '../../../src-worker/flow/exporter.js';
import { FlowBatchBuilder } from '../../../src-worker/flow/flow-batch-builder.js';
import { FlowDecoder } from '../../../src-worker/flow/flow-decoder.js';
import { flowRecords } from '../../../src-worker/flow/record.js';
import type { FieldValue } from '../../../src-worker/flow/record-fields.js';
import { sharedPath, sharedPresent } from '../../support/shared-data.js';
import { ByteWriter, ipfixMessage, setOf, templateRecord, type FieldSpec } from './packets.js';

const exporter = exporterFromText('192.0.2.1', 4739);

describe('record fields by registry name', () => {
  it('names IANA, enterprise, reverse and unknown elements and types their values', () => {
    const fields: FieldSpec[] = [[8, 4], [27, 16], [14, 2, 6871], [1, 8, 29305], [7, 3, 424242], [152, 8], [82, 65535]];
    const w = new ByteWriter().ipv4('10.0.0.1').ipv6('2001:db8::5').u16(0x12).u64(4242).bytes([1, 2, 3]).u64(1_700_000_000_123).u8(3).bytes([101, 116, 48]);
    const packet = ipfixMessage([setOf(2, templateRecord(10, 600, fields)), setOf(600, w.finish())], { domain: 9 });
    const inspection = new FlowDecoder().inspect(packet, exporter);
    expect(inspection.protocol).toBe('ipfix');
    expect(inspection.domain).toBe(9);
    const data = inspection.sets.find((s) => s.kind === 'data')!;
    const rec = Object.fromEntries(data.records![0]!.map((f: FieldValue) => [f.name, f.value]));
    expect(rec).toEqual({
      sourceIPv4Address: '10.0.0.1', sourceIPv6Address: '2001:db8::5', initialTCPFlags: 0x12, reverseOctetDeltaCount: 4242,
      'pen424242.ie7': '010203', flowStartMilliseconds: '2023-11-14T22:13:20.123Z', interfaceName: 'et0',
    });
  });

  it.skipIf(!sharedPresent)('agrees with the fast path on every vendor file', () => {
    const dir = sharedPath('fixtures/netflow-vendors');
    const files = readdirSync(dir).filter((f) => !/invalid/.test(f)).sort((a, b) => Number(/tpl/.test(b)) - Number(/tpl/.test(a)));
    let checked = 0;
    for (const prefix of new Set(files.map((f) => f.replace(/_(tpl|data|opttpl|tplopt|tpldata|tpls).*$/, '')))) {
      const decoder = new FlowDecoder({ splitBiflows: false, nselOnce: false });
      for (const f of files.filter((x) => x.startsWith(prefix))) {
        const packet = new Uint8Array(readFileSync(`${dir}/${f}`));
        if (packet[1] !== 9 && packet[1] !== 10) continue;
        const out = new FlowBatchBuilder();
        decoder.decode(packet, exporter, 1.7e15, out);
        const rows = flowRecords(out.batch);
        const slow = decoder.inspect(packet, exporter).sets.filter((s) => s.kind === 'data').flatMap((s) => s.records ?? []);
        if (rows.length !== slow.length) continue; // pending data (template later in the file set)
        slow.forEach((rec, i) => {
          const v = Object.fromEntries(rec.map((x) => [x.id + (x.pen ? `@${x.pen}` : ''), x.value]));
          const r = rows[i]!;
          if (v['8'] !== undefined && v['27'] === undefined) expect(v['8'], `${f} record ${i}`).toBe(r.src_addr);
          if (v['12'] !== undefined && v['28'] === undefined) expect(v['12']).toBe(r.dst_addr);
          if (v['7'] !== undefined && v['180'] === undefined && v['182'] === undefined) expect(v['7']).toBe(r.src_port);
          if (v['4'] !== undefined) expect(v['4']).toBe(r.protocol);
          if (v['1'] !== undefined) expect(Number(v['1'])).toBe(r.bytes);
          if (v['2'] !== undefined) expect(Number(v['2'])).toBe(r.packets);
          checked++;
        });
      }
    }
    expect(checked).toBeGreaterThan(200);
  });
});
