// The collector view's logic: per-exporter rates and sparkline history from successive
// snapshots (first sight, steady rate, silence, counter reset, history length), the template
// status words, and the base64 the capture upload sends (checked against Node's encoder).
import { describe, expect, it } from 'vitest';
import { EMPTY_RATES, nextExporterRates } from '../../../src-renderer/collector/exporter-rates.js';
import { templateStatus } from '../../../src-renderer/collector/ExporterTable.js';
import { blobToBase64 } from '../../../src-renderer/captures/upload-file.js';

describe('exporter rates', () => {
  it('starts at zero, follows the counters per second, falls to zero in silence, survives a reset', () => {
    let s = nextExporterRates(EMPTY_RATES, [{ exporter: 'a', packets: 10, records: 100 }], 1000);
    expect(s.rates.get('a')).toEqual({ pps: 0, rps: 0, history: [] });
    s = nextExporterRates(s, [{ exporter: 'a', packets: 30, records: 500 }, { exporter: 'b', packets: 5, records: 5 }], 3000);
    expect(s.rates.get('a')).toEqual({ pps: 10, rps: 200, history: [10] });
    expect(s.rates.get('b')!.history).toEqual([]); // first seen now: no rate yet
    s = nextExporterRates(s, [{ exporter: 'a', packets: 30, records: 500 }], 4000);
    expect(s.rates.get('a')).toEqual({ pps: 0, rps: 0, history: [10, 0] });
    expect(s.rates.has('b')).toBe(false);
    s = nextExporterRates(s, [{ exporter: 'a', packets: 2, records: 20 }], 5000); // collector restarted
    expect(s.rates.get('a')!.pps).toBe(0);
  });

  it('keeps at most `length` points of history', () => {
    let s = EMPTY_RATES;
    for (let i = 0; i <= 10; i++) s = nextExporterRates(s, [{ exporter: 'a', packets: i * i, records: 0 }], i * 1000, 4);
    expect(s.rates.get('a')!.history).toEqual([13, 15, 17, 19]);
  });
});

describe('template status', () => {
  it('says known and missing for v9/IPFIX, n/a for protocols without templates', () => {
    const t = { version: 9 as const, domain: 0, templateId: 256, options: false, fields: 10, scopeFields: 0, receivedMs: 0 };
    const m = { version: 9, domain: 0, templateId: 257, sets: 2, waitingSinceMs: 0 };
    expect(templateStatus({ protocols: ['netflow9'], templates: [t], missingTemplates: [m] })).toBe('1 known · 1 missing');
    expect(templateStatus({ protocols: ['ipfix'], templates: [], missingTemplates: [] })).toBe('none yet');
    expect(templateStatus({ protocols: ['netflow5'], templates: [], missingTemplates: [] })).toBe('n/a');
  });
});

describe('upload base64', () => {
  it('encodes every length and byte value as Node does', async () => {
    for (const n of [0, 1, 2, 3, 4, 5, 255, 256, 70_000]) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 0xff);
      expect(await blobToBase64(new Blob([bytes]))).toBe(Buffer.from(bytes).toString('base64'));
    }
  });
});
