// Options data (records of v9/IPFIX options templates): not flows, but facts about the exporter
// that the flow rows depend on — sampling rates (IEs 34/50, 305/306, sampler tables keyed by
// 48/302 with 49 mode and 84/335 names), interface names (82/83 keyed by ifIndex 10/14 or the
// v9 Interface scope) and the system init time (160) that IPFIX relative timestamps need.
import type { DecodeStats } from './decode-stats.js';
import type { Exporter } from './exporter.js';
import type { DomainState, ExporterInventory } from './exporter-inventory.js';
import type { Template } from './template.js';
import { readUint } from './wire.js';

const textDecoder = new TextDecoder('utf-8', { fatal: false });

// NetFlow v9 options scope field types (RFC 3954 §6.1).
const V9_SCOPE_SYSTEM = 1;
const V9_SCOPE_INTERFACE = 2;


function readText(bytes: Uint8Array, p: number, len: number): string {
  let e = p;
  while (e < p + len && bytes[e] !== 0) e++;
  return textDecoder.decode(bytes.subarray(p, e)).trim();
}

export interface OptionsContext {
  exporter: Exporter;
  domain: DomainState;
  inventory: ExporterInventory;
  stats: DecodeStats;
}

/** Absorbs the options records in bytes[start, end); returns how many were read. */
export function decodeOptionRecords(t: Template, bytes: Uint8Array, dv: DataView, start: number, end: number, ctx: OptionsContext): number {
  const v9 = t.version === 9;
  const min = t.program.minLength;
  if (min <= 0) return 0;
  let p = start;
  let n = 0;
  while (p + min <= end) {
    let ifIndex = -1, samplerId = -1, rate = -1, pktInterval = -1, pktSpace = 0, sysInit = NaN;
    let name: string | undefined, description: string | undefined, samplerName: string | undefined;
    let ok = true;
    for (let i = 0; i < t.fields.length; i++) {
      const f = t.fields[i]!;
      let len = f.length;
      if (len === 65535) {
        if (p >= end) { ok = false; break; }
        len = bytes[p++]!;
        if (len === 255) {
          if (p + 2 > end) { ok = false; break; }
          len = dv.getUint16(p);
          p += 2;
        }
      }
      if (p + len > end) { ok = false; break; }
      const scope = i < t.scopeFieldCount;
      if (f.pen === 0) {
        if (v9 && scope) {
          if (f.id === V9_SCOPE_INTERFACE) ifIndex = readUint(bytes, dv, p, Math.min(len, 8));
          else if (f.id !== V9_SCOPE_SYSTEM) { /* line card, cache, template: nothing to learn */ }
        } else {
          switch (f.id) {
            case 10: case 14: ifIndex = readUint(bytes, dv, p, Math.min(len, 8)); break;
            case 48: case 302: samplerId = readUint(bytes, dv, p, Math.min(len, 8)); break;
            case 34: case 50: rate = readUint(bytes, dv, p, Math.min(len, 8)); break;
            case 305: pktInterval = readUint(bytes, dv, p, Math.min(len, 8)); break;
            case 306: pktSpace = readUint(bytes, dv, p, Math.min(len, 8)); break;
            case 82: name = readText(bytes, p, len); break;
            case 83: description = readText(bytes, p, len); break;
            case 84: case 335: samplerName = readText(bytes, p, len); break;
            case 160: sysInit = readUint(bytes, dv, p, Math.min(len, 8)); break;
            default: break;
          }
        }
      }
      p += len;
    }
    if (!ok) {
      ctx.stats.error('truncated', `${v9 ? 'netflow9' : 'ipfix'}: an options record of template ${t.templateId} from ${ctx.exporter.key} runs past the end of its set`);
      break;
    }
    n++;
    if (rate < 0 && pktInterval > 0) rate = (pktInterval + pktSpace) / pktInterval;
    if (rate > 0) {
      if (samplerId >= 0) ctx.domain.samplers.set(samplerId, rate);
      else ctx.domain.samplingRate = rate;
    }
    if (samplerId >= 0 && samplerName) ctx.domain.samplerNames.set(samplerId, samplerName);
    if (!Number.isNaN(sysInit)) ctx.domain.sysInitMs = sysInit;
    if (ifIndex >= 0 && (name || description)) {
      ctx.inventory.setInterface(ctx.exporter.key, ctx.exporter.text, ifIndex, {
        ...(name ? { name } : {}), ...(description ? { description } : {}),
      });
    }
  }
  ctx.stats.optionRecords += n;
  return n;
}
