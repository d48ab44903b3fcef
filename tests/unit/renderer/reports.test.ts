// The reports form's request building: types, lists, and errors that name the field.
import { describe, expect, it } from 'vitest';
import { buildReportRequest } from '../../../src-renderer/reports/report-form.js';

describe('report form', () => {
  it('turns text fields into a typed request and leaves empty ones out', () => {
    expect(buildReportRequest('topology', 'html', { topology: ' /n.graph ', demands: '/n.demands', top: '20', filter: '' })).toEqual({ kind: 'topology', format: 'html', wait: false, topology: '/n.graph', demands: '/n.demands', top: 20 });
    expect(buildReportRequest('capture', 'pdf', { captures: '/a.pcap\n\n/b.pcapng\n' }).captures).toEqual(['/a.pcap', '/b.pcapng']);
    expect(buildReportRequest('capacity', 'csv', { links: '/wan1.csv 10G WAN one\n/wan2.csv 1000000000' }).links).toEqual([
      { series: '/wan1.csv', capacity: '10G', name: 'WAN one' },
      { series: '/wan2.csv', capacity: 1e9 },
    ]);
  });
  it('names the field that is wrong', () => {
    expect(() => buildReportRequest('topology', 'html', { top: 'many' })).toThrow(/top must be a whole number/);
    expect(() => buildReportRequest('capacity', 'html', { links: '/only-a-path.csv' })).toThrow(/links line 1/);
  });
});
