// Templates and options templates of NetFlow v9 (RFC 3954) and IPFIX (RFC 7011): what they are,
// how they are read from template sets, and their plain-JSON form for persistence.
import type { DecodeStats } from './decode-stats.js';
import { compileRecordProgram, VARIABLE_LENGTH, type RecordProgram } from './record-program.js';

export interface TemplateField {
  /** Information element id (IPFIX, enterprise bit removed) or NetFlow v9 field type. */
  id: number;
  /** Field length in bytes; 65535 = variable length (IPFIX). */
  length: number;
  /** Private enterprise number; 0 for IANA / NetFlow v9 types. */
  pen: number;
}

export interface Template {
  version: 9 | 10;
  /** Observation domain (IPFIX) or source id (v9). */
  domain: number;
  templateId: number;
  /** Number of leading scope fields; 0 for a data template, ≥1 for an options template. */
  scopeFieldCount: number;
  /** True for options templates (v9 flowset 1, IPFIX set 3). */
  options: boolean;
  fields: TemplateField[];
  /** When the template was (last) received, µs since the epoch. */
  receivedUs: number;
  program: RecordProgram;
}

/** A template as plain JSON (what the store persists). */
export interface TemplateSnapshot {
  exporter: string; // exporter key "addr:port"
  version: 9 | 10;
  domain: number;
  templateId: number;
  scopeFieldCount: number;
  options: boolean;
  fields: Array<[id: number, length: number, pen: number]>;
  receivedUs: number;
}

export type TemplateEvent =
  | { kind: 'template'; template: Template }
  | { kind: 'withdraw'; templateId: number; options: boolean; all: boolean };

export function makeTemplate(
  version: 9 | 10, domain: number, templateId: number, fields: TemplateField[], scopeFieldCount: number, options: boolean, receivedUs: number,
): Template {
  return { version, domain, templateId, fields, scopeFieldCount, options, receivedUs, program: compileRecordProgram(fields, version === 9) };
}

function checkTemplate(name: string, where: string, t: Template, stats: DecodeStats): boolean {
  if (t.templateId < 256) {
    stats.error('bad_template', `${name}: template ${t.templateId} ${where} has an id below 256`);
    return false;
  }
  if (t.program.minLength === 0) {
    stats.error('bad_template', `${name}: template ${t.templateId} ${where} describes zero-length records`);
    return false;
  }
  return true;
}

/** Reads a NetFlow v9 template flowset (id 0) or options template flowset (id 1). */
export function parseV9TemplateSet(
  bytes: Uint8Array, dv: DataView, start: number, end: number, options: boolean, domain: number, receivedUs: number,
  where: string, stats: DecodeStats, emit: (e: TemplateEvent) => void,
): void {
  let p = start;
  while (p + 4 <= end) {
    const templateId = dv.getUint16(p);
    if (!options) {
      const count = dv.getUint16(p + 2);
      if (templateId === 0 && count === 0) return; // padding
      p += 4;
      if (p + count * 4 > end) {
        stats.error('truncated', `netflow9: template ${templateId} ${where} declares ${count} fields but its flowset ends after ${Math.floor((end - p) / 4)}`);
        return;
      }
      const fields: TemplateField[] = [];
      for (let i = 0; i < count; i++, p += 4) fields.push({ id: dv.getUint16(p), length: dv.getUint16(p + 2), pen: 0 });
      const t = makeTemplate(9, domain, templateId, fields, 0, false, receivedUs);
      if (checkTemplate('netflow9', where, t, stats)) emit({ kind: 'template', template: t });
    } else {
      if (p + 6 > end) return; // padding
      const scopeLen = dv.getUint16(p + 2);
      const optionLen = dv.getUint16(p + 4);
      if (templateId === 0 && scopeLen === 0) return; // padding
      p += 6;
      if (scopeLen % 4 !== 0 || optionLen % 4 !== 0 || p + scopeLen + optionLen > end) {
        stats.error('bad_length', `netflow9: options template ${templateId} ${where} has scope length ${scopeLen} and option length ${optionLen}, which do not fit its flowset`);
        return;
      }
      const fields: TemplateField[] = [];
      const n = (scopeLen + optionLen) / 4;
      for (let i = 0; i < n; i++, p += 4) fields.push({ id: dv.getUint16(p), length: dv.getUint16(p + 2), pen: 0 });
      const t = makeTemplate(9, domain, templateId, fields, scopeLen / 4, true, receivedUs);
      if (checkTemplate('netflow9', where, t, stats)) emit({ kind: 'template', template: t });
      // RFC 3954 pads only the end of the flowset; fewer than 6 bytes left is that padding.
    }
  }
}

/** Reads an IPFIX template set (id 2) or options template set (id 3), including withdrawals. */
export function parseIpfixTemplateSet(
  bytes: Uint8Array, dv: DataView, start: number, end: number, options: boolean, domain: number, receivedUs: number,
  where: string, stats: DecodeStats, emit: (e: TemplateEvent) => void,
): void {
  let p = start;
  while (p + 4 <= end) {
    const templateId = dv.getUint16(p);
    const count = dv.getUint16(p + 2);
    if (templateId === 0 && count === 0) return; // padding
    if (count === 0) {
      // RFC 7011 §8.1: a template withdrawal; id 2 (or 3) withdraws every (options) template.
      emit({ kind: 'withdraw', templateId, options, all: templateId === (options ? 3 : 2) });
      p += 4;
      continue;
    }
    let scopeCount = 0;
    p += 4;
    if (options) {
      if (p + 2 > end) break;
      scopeCount = dv.getUint16(p);
      p += 2;
      if (scopeCount === 0 || scopeCount > count) {
        stats.error('bad_template', `ipfix: options template ${templateId} ${where} has scope field count ${scopeCount} of ${count} fields`);
        return;
      }
    }
    const fields: TemplateField[] = [];
    for (let i = 0; i < count; i++) {
      if (p + 4 > end) {
        stats.error('truncated', `ipfix: template ${templateId} ${where} declares ${count} fields but its set ends after ${i}`);
        return;
      }
      const raw = dv.getUint16(p);
      const length = dv.getUint16(p + 2);
      p += 4;
      let pen = 0;
      if (raw & 0x8000) {
        if (p + 4 > end) {
          stats.error('truncated', `ipfix: template ${templateId} ${where} ends inside an enterprise number`);
          return;
        }
        pen = dv.getUint32(p);
        p += 4;
      }
      fields.push({ id: raw & 0x7fff, length, pen });
    }
    const t = makeTemplate(10, domain, templateId, fields, scopeCount, options, receivedUs);
    if (checkTemplate('ipfix', where, t, stats)) emit({ kind: 'template', template: t });
  }
  void bytes;
}

export function templateToSnapshot(exporter: string, t: Template): TemplateSnapshot {
  return {
    exporter, version: t.version, domain: t.domain, templateId: t.templateId, scopeFieldCount: t.scopeFieldCount,
    options: t.options, fields: t.fields.map((f) => [f.id, f.length, f.pen]), receivedUs: t.receivedUs,
  };
}

/** Rebuilds a template from its snapshot; returns null (and says why) when the snapshot is bad. */
export function templateFromSnapshot(s: TemplateSnapshot): Template | string {
  if (s.version !== 9 && s.version !== 10) return `template snapshot: version ${String(s.version)} is not 9 or 10`;
  if (!Array.isArray(s.fields) || s.fields.length === 0) return `template snapshot: template ${s.templateId} has no fields`;
  const fields: TemplateField[] = [];
  for (const f of s.fields) {
    if (!Array.isArray(f) || f.length !== 3 || !f.every((x) => Number.isInteger(x) && x >= 0)) return `template snapshot: template ${s.templateId} has a malformed field`;
    fields.push({ id: f[0], length: f[1], pen: f[2] });
  }
  const t = makeTemplate(s.version, s.domain >>> 0, s.templateId & 0xffff, fields, s.scopeFieldCount | 0, !!s.options, Number(s.receivedUs) || 0);
  if (t.program.minLength <= 0) return `template snapshot: template ${s.templateId} describes zero-length records`;
  return t;
}

export { VARIABLE_LENGTH };
