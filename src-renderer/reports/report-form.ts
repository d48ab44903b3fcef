// The report request built from the reports form's text fields: numbers checked, one path per
// line for captures, "SERIES.csv CAPACITY [name]" per line for capacity links. Errors name the field.
import type { Params } from '../../src-main/api/contract.js';

export type Request = Params<'reports.generate'>;
export type Kind = Request['kind'];
export type Format = NonNullable<Request['format']>;

/** Builds the request from the form's text fields; errors name the field. */
export function buildReportRequest(kind: Kind, format: Format, fields: Record<string, string>): Request {
  const req: Record<string, unknown> = { kind, format, wait: false };
  for (const [field, raw] of Object.entries(fields)) {
    const text = raw.trim();
    if (!text) continue;
    switch (field) {
      case 'top':
      case 'stepSeconds':
      case 'horizonDays': {
        const n = Number(text);
        if (!Number.isInteger(n) || n < 1) throw new Error(`reports: ${field} must be a whole number ≥ 1, not "${text}"`);
        req[field] = n;
        break;
      }
      case 'captures':
        req.captures = text.split('\n').map((l) => l.trim()).filter(Boolean);
        break;
      case 'failureKinds':
        req.failureKinds = text.split(/[\s,]+/).filter(Boolean);
        break;
      case 'links':
        req.links = text
          .split('\n')
          .map((l) => l.trim())
          .filter(Boolean)
          .map((line, i) => {
            const [series, capacity, ...name] = line.split(/\s+/);
            if (!series || !capacity) throw new Error(`reports: links line ${i + 1}: give "SERIES.csv CAPACITY [name]", e.g. "/data/wan1.csv 10G WAN 1"`);
            return { series, capacity: /^\d+(\.\d+)?$/.test(capacity) ? Number(capacity) : capacity, ...(name.length ? { name: name.join(' ') } : {}) };
          });
        break;
      default:
        req[field] = text;
    }
  }
  return req as Request;
}

