// The slow, complete view of NetFlow v9 / IPFIX data: every field of every record with its
// registry name and a typed value (addresses as text, timestamps as ISO strings, strings as
// text, unknown or enterprise fields by PEN+id as hex). For "show me this packet" in the UI and
// CLI and for checking vendor fields; the hot path (data-records.ts) never uses it.
import { formatAddress } from './address.js';
import { DecodeStats } from './decode-stats.js';
import type { Exporter } from './exporter.js';
import { lookupIE, lookupNetflowV9, type IeType } from './ie-registry.js';
import { parseIpfixTemplateSet, parseV9TemplateSet, type Template, type TemplateEvent } from './template.js';
import { templateKey, type TemplateCache } from './template-cache.js';

export interface FieldValue {
  name: string;
  id: number;
  pen: number;
  scope: boolean;
  value: number | string | boolean | null;
}

export interface SetInspection {
  setId: number;
  kind: 'templates' | 'options-templates' | 'data' | 'options-data' | 'no-template' | 'reserved';
  templateId?: number;
  templates?: Array<{ templateId: number; fields: Array<{ name: string; id: number; pen: number; length: number }> }>;
  records?: FieldValue[][];
}

export interface PacketInspection {
  protocol: 'netflow9' | 'ipfix' | 'other';
  version: number;
  domain: number;
  sequence: number;
  exportTime: string | null;
  sets: SetInspection[];
  problems: string[];
}

const V9_SCOPE_NAMES = ['scope0', 'scopeSystem', 'scopeInterface', 'scopeLineCard', 'scopeCache', 'scopeTemplate'];
const textDecoder = new TextDecoder('utf-8', { fatal: false });
const NTP_UNIX_OFFSET = 2208988800;

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function unsigned(bytes: Uint8Array): number | string {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
}

function iso(us: number): string | null {
  return Number.isFinite(us) && Math.abs(us) < 8.64e18 ? new Date(us / 1000).toISOString() : null;
}

/** A field's bytes as a value of its registry type (reduced-size integers included). */
export function fieldValue(type: IeType | undefined, b: Uint8Array): FieldValue['value'] {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const n = b.length;
  switch (type) {
    case 'unsigned8': case 'unsigned16': case 'unsigned32': case 'unsigned64':
      return n >= 1 && n <= 8 ? unsigned(b) : hex(b);
    case 'signed8': case 'signed16': case 'signed32': case 'signed64': {
      if (n < 1 || n > 8) return hex(b);
      let v = 0n;
      for (const x of b) v = (v << 8n) | BigInt(x);
      if (b[0]! & 0x80) v -= 1n << BigInt(n * 8);
      return Number(v);
    }
    case 'float32': return n === 4 ? dv.getFloat32(0) : hex(b);
    case 'float64': return n === 8 ? dv.getFloat64(0) : hex(b);
    case 'boolean': return n === 1 ? b[0] === 1 : hex(b);
    case 'macAddress': return n === 6 ? Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(':') : hex(b);
    case 'string': {
      let e = 0;
      while (e < n && b[e] !== 0) e++;
      return textDecoder.decode(b.subarray(0, e));
    }
    case 'ipv4Address': return n === 4 ? `${b[0]}.${b[1]}.${b[2]}.${b[3]}` : hex(b);
    case 'ipv6Address': return n === 16 ? formatAddress(b) : hex(b);
    case 'dateTimeSeconds': return n === 4 ? iso(dv.getUint32(0) * 1e6) : hex(b);
    case 'dateTimeMilliseconds': return n === 8 ? iso((dv.getUint32(0) * 4294967296 + dv.getUint32(4)) * 1000) : hex(b);
    case 'dateTimeMicroseconds': case 'dateTimeNanoseconds':
      return n === 8 ? iso((dv.getUint32(0) - NTP_UNIX_OFFSET) * 1e6 + Math.floor((dv.getUint32(4) * 1e6) / 4294967296)) : hex(b);
    default: return hex(b);
  }
}

/** Every record of a data set as named, typed fields (at most `maxRecords`). */
export function decodeRecordFields(t: Template, bytes: Uint8Array, start: number, end: number, maxRecords = 1000): FieldValue[][] {
  const v9 = t.version === 9;
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const records: FieldValue[][] = [];
  let p = start;
  while (p + t.program.minLength <= end && t.program.minLength > 0 && records.length < maxRecords) {
    const rec: FieldValue[] = [];
    for (let i = 0; i < t.fields.length; i++) {
      const f = t.fields[i]!;
      let len = f.length;
      if (len === 65535) {
        if (p >= end) return records;
        len = bytes[p++]!;
        if (len === 255) {
          if (p + 2 > end) return records;
          len = dv.getUint16(p);
          p += 2;
        }
      }
      if (p + len > end) return records;
      const scope = i < t.scopeFieldCount;
      const ie = v9 && scope ? undefined : v9 ? lookupNetflowV9(f.id) : lookupIE(f.pen, f.id);
      const name = v9 && scope ? (V9_SCOPE_NAMES[f.id] ?? `scope${f.id}`) : (ie?.name ?? (f.pen ? `pen${f.pen}.ie${f.id}` : `ie${f.id}`));
      const type = v9 && scope ? 'unsigned32' : ie?.type;
      rec.push({ name, id: f.id, pen: f.pen, scope, value: fieldValue(type, bytes.subarray(p, p + len)) });
      p += len;
    }
    records.push(rec);
  }
  return records;
}

function fieldNames(t: Template) {
  return t.fields.map((f, i) => {
    const scope = i < t.scopeFieldCount;
    const name = t.version === 9 && scope ? (V9_SCOPE_NAMES[f.id] ?? `scope${f.id}`)
      : (t.version === 9 ? lookupNetflowV9(f.id)?.name : lookupIE(f.pen, f.id)?.name) ?? (f.pen ? `pen${f.pen}.ie${f.id}` : `ie${f.id}`);
    return { name, id: f.id, pen: f.pen, length: f.length };
  });
}

/**
 * Describes a v9/IPFIX packet field by field, using templates in the packet itself and then the
 * cache. It changes no decoder state.
 */
export function inspectPacket(packet: Uint8Array, exporter: Exporter, cache: TemplateCache): PacketInspection {
  const dv = new DataView(packet.buffer, packet.byteOffset, packet.byteLength);
  const version = packet.length >= 2 ? dv.getUint16(0) : 0;
  const result: PacketInspection = { protocol: 'other', version, domain: 0, sequence: 0, exportTime: null, sets: [], problems: [] };
  const header = version === 9 ? 20 : version === 10 ? 16 : 0;
  if (!header) {
    result.problems.push(`inspect: version ${version} is not NetFlow v9 or IPFIX`);
    return result;
  }
  if (packet.length < header) {
    result.problems.push(`inspect: ${packet.length} bytes is shorter than the ${header}-byte header`);
    return result;
  }
  result.protocol = version === 9 ? 'netflow9' : 'ipfix';
  result.domain = dv.getUint32(version === 9 ? 16 : 12);
  result.sequence = dv.getUint32(version === 9 ? 12 : 8);
  result.exportTime = iso(dv.getUint32(version === 9 ? 8 : 4) * 1e6);
  const local = new Map<number, Template>();
  const stats = new DecodeStats();
  const end = version === 10 ? Math.min(packet.length, dv.getUint16(2)) : packet.length;
  let p = header;
  while (p + 4 <= end) {
    const id = dv.getUint16(p);
    const length = dv.getUint16(p + 2);
    if (length < 4) break;
    const setEnd = Math.min(end, p + length);
    const isTemplate = version === 9 ? id <= 1 : id === 2 || id === 3;
    if (isTemplate) {
      const options = version === 9 ? id === 1 : id === 3;
      const templates: Template[] = [];
      const emit = (e: TemplateEvent) => { if (e.kind === 'template') templates.push(e.template); };
      if (version === 9) parseV9TemplateSet(packet, dv, p + 4, setEnd, options, result.domain, 0, 'in inspected packet', stats, emit);
      else parseIpfixTemplateSet(packet, dv, p + 4, setEnd, options, result.domain, 0, 'in inspected packet', stats, emit);
      for (const t of templates) local.set(t.templateId, t);
      result.sets.push({ setId: id, kind: options ? 'options-templates' : 'templates', templates: templates.map((t) => ({ templateId: t.templateId, fields: fieldNames(t) })) });
    } else if (id >= 256) {
      const t = local.get(id) ?? cache.get(templateKey(exporter.key, version, result.domain, id));
      if (!t) result.sets.push({ setId: id, kind: 'no-template', templateId: id });
      else result.sets.push({ setId: id, kind: t.options ? 'options-data' : 'data', templateId: id, records: decodeRecordFields(t, packet, p + 4, setEnd) });
    } else result.sets.push({ setId: id, kind: 'reserved' });
    p += length;
  }
  result.problems.push(...stats.snapshot().recentErrors);
  return result;
}
