// Compiles a (v9 or IPFIX) template into a record program: one small integer op per field that
// says which flow column the field feeds, so the data-record loop is a switch over an Int32Array
// with no per-record lookups or allocation. Fields that no column needs become OP_SKIP and are
// only stepped over (they stay available through the slow `decodeRecordFields` path).
import { REVERSE_PEN } from './ie-registry.js';
import type { TemplateField } from './template.js';
import { compileExtractor, newScratch, type Extractor } from './record-extractor.js';

export const OP_SKIP = 0;
export const OP_SRC_V4 = 1;
export const OP_DST_V4 = 2;
export const OP_SRC_V6 = 3;
export const OP_DST_V6 = 4;
export const OP_NEXTHOP_V4 = 5;
export const OP_NEXTHOP_V6 = 6;
export const OP_BGP_NEXTHOP_V4 = 7;
export const OP_BGP_NEXTHOP_V6 = 8;
export const OP_SRC_PORT = 9;
export const OP_DST_PORT = 10;
export const OP_PROTOCOL = 11;
export const OP_TOS = 12;
export const OP_TCP_FLAGS = 13;
export const OP_IN_IF = 14;
export const OP_OUT_IF = 15;
export const OP_DIRECTION = 16;
export const OP_VLAN = 17;
export const OP_SRC_AS = 18;
export const OP_DST_AS = 19;
export const OP_OCTETS = 20; // octetDeltaCount (1)
export const OP_PACKETS = 21; // packetDeltaCount (2)
export const OP_OCTETS_TOTAL = 22; // octetTotalCount (85)
export const OP_PACKETS_TOTAL = 23; // packetTotalCount (86)
export const OP_INITIATOR_OCTETS = 24; // 231 (ASA fwd_flow_delta_bytes)
export const OP_RESPONDER_OCTETS = 25; // 232
export const OP_INITIATOR_PACKETS = 26; // 298
export const OP_RESPONDER_PACKETS = 27; // 299
export const OP_REV_OCTETS = 28; // RFC 5103 reverse octetDeltaCount / octetTotalCount
export const OP_REV_PACKETS = 29;
export const OP_REV_TCP_FLAGS = 30;
export const OP_FIRST_UPTIME = 31; // flowStartSysUpTime (21), ms
export const OP_LAST_UPTIME = 32; // flowEndSysUpTime (22)
export const OP_START_SEC = 33; // 150
export const OP_END_SEC = 34; // 151
export const OP_START_MS = 35; // 152
export const OP_END_MS = 36; // 153
export const OP_START_US = 37; // 154 (NTP format)
export const OP_END_US = 38; // 155
export const OP_START_NS = 39; // 156 (NTP format)
export const OP_END_NS = 40; // 157
export const OP_START_DELTA_US = 41; // 158, µs before export time
export const OP_END_DELTA_US = 42; // 159
export const OP_SYS_INIT_MS = 43; // 160 systemInitTimeMilliseconds
export const OP_FW_EVENT = 44; // 233 firewallEvent / v9 40005 NF_F_FW_EVENT
export const OP_SAMPLER_ID = 45; // 48 flowSamplerId / 302 selectorId
export const OP_SAMPLING_INTERVAL = 46; // 34 samplingInterval / 50 samplerRandomInterval
export const OP_SAMPLING_PKT_INTERVAL = 47; // 305
export const OP_SAMPLING_PKT_SPACE = 48; // 306
export const OP_ICMP_TYPE_CODE = 49; // 32 / 139 icmpTypeCode
export const OP_POST_VLAN = 50; // 59 postVlanId, used when 58 is absent
export const OP_EVENT_TIME_MS = 51; // 323 observationTimeMilliseconds (ASA event time)
export const OP_SRC_PORT_ALT = 52; // 180/182 udp/tcpSourcePort: only when non-zero (templates repeat 7 and 182)
export const OP_DST_PORT_ALT = 53; // 181/183

export const VARIABLE_LENGTH = 65535;

export interface RecordProgram {
  ops: Int32Array;
  lengths: Int32Array;
  /** Record length when every field has a fixed length, else -1. */
  fixedLength: number;
  /** Smallest possible record (variable fields counted as their 1-byte length prefix). */
  minLength: number;
  /** True when the template can describe a second (reverse) direction: biflow or NSEL. */
  bidirectional: boolean;
  /** Generated straight-line reader for fixed-length templates (null: use the interpreter). */
  extract: Extractor | null;
  /** Its scratch values (see record-extractor.ts). */
  scratch: Float64Array;
}

function standardOp(id: number, length: number): number {
  switch (id) {
    case 1: return OP_OCTETS;
    case 2: return OP_PACKETS;
    case 4: return OP_PROTOCOL;
    case 5: return OP_TOS;
    case 6: return OP_TCP_FLAGS;
    case 7: return OP_SRC_PORT;
    case 11: return OP_DST_PORT;
    case 180: case 182: return OP_SRC_PORT_ALT;
    case 181: case 183: return OP_DST_PORT_ALT;
    case 8: return length === 4 ? OP_SRC_V4 : OP_SKIP;
    case 12: return length === 4 ? OP_DST_V4 : OP_SKIP;
    case 27: return length === 16 ? OP_SRC_V6 : OP_SKIP;
    case 28: return length === 16 ? OP_DST_V6 : OP_SKIP;
    case 15: return length === 4 ? OP_NEXTHOP_V4 : OP_SKIP;
    case 62: return length === 16 ? OP_NEXTHOP_V6 : OP_SKIP;
    case 18: return length === 4 ? OP_BGP_NEXTHOP_V4 : OP_SKIP;
    case 63: return length === 16 ? OP_BGP_NEXTHOP_V6 : OP_SKIP;
    case 10: return OP_IN_IF;
    case 14: return OP_OUT_IF;
    case 61: return OP_DIRECTION;
    case 58: case 243: return OP_VLAN;
    case 59: return OP_POST_VLAN;
    case 16: return OP_SRC_AS;
    case 17: return OP_DST_AS;
    case 85: return OP_OCTETS_TOTAL;
    case 86: return OP_PACKETS_TOTAL;
    case 231: return OP_INITIATOR_OCTETS;
    case 232: return OP_RESPONDER_OCTETS;
    case 298: return OP_INITIATOR_PACKETS;
    case 299: return OP_RESPONDER_PACKETS;
    case 21: return OP_LAST_UPTIME;
    case 22: return OP_FIRST_UPTIME;
    case 150: return OP_START_SEC;
    case 151: return OP_END_SEC;
    case 152: return OP_START_MS;
    case 153: return OP_END_MS;
    case 154: return OP_START_US;
    case 155: return OP_END_US;
    case 156: return OP_START_NS;
    case 157: return OP_END_NS;
    case 158: return OP_START_DELTA_US;
    case 159: return OP_END_DELTA_US;
    case 160: return OP_SYS_INIT_MS;
    case 233: return OP_FW_EVENT;
    case 48: case 302: return OP_SAMPLER_ID;
    case 34: case 50: return OP_SAMPLING_INTERVAL;
    case 305: return OP_SAMPLING_PKT_INTERVAL;
    case 306: return OP_SAMPLING_PKT_SPACE;
    case 32: case 139: return OP_ICMP_TYPE_CODE;
    case 323: return OP_EVENT_TIME_MS;
    default: return OP_SKIP;
  }
}

/** Maps one template field to the op that consumes it. `v9` selects NetFlow v9 type numbering. */
export function fieldOp(field: TemplateField, v9: boolean): number {
  const { id, pen, length } = field;
  if (v9) {
    if (id === 40005) return OP_FW_EVENT; // Cisco ASA NF_F_FW_EVENT (pre-IANA number)
    if (id >= 32768) return OP_SKIP;
    return standardOp(id, length);
  }
  if (pen === 0) return standardOp(id, length);
  if (pen === REVERSE_PEN) {
    if (id === 1 || id === 85) return OP_REV_OCTETS;
    if (id === 2 || id === 86) return OP_REV_PACKETS;
    if (id === 6) return OP_REV_TCP_FLAGS;
  }
  return OP_SKIP;
}

export function compileRecordProgram(fields: readonly TemplateField[], v9: boolean): RecordProgram {
  const ops = new Int32Array(fields.length);
  const lengths = new Int32Array(fields.length);
  let fixed = 0;
  let min = 0;
  let variable = false;
  let bidirectional = false;
  fields.forEach((f, i) => {
    ops[i] = fieldOp(f, v9);
    lengths[i] = f.length;
    // 65535 = variable length (RFC 7011 §7); some NetFlow v9 exporters (H3C) use it too.
    if (f.length === VARIABLE_LENGTH) {
      variable = true;
      min += 1;
    } else {
      fixed += f.length;
      min += f.length;
    }
    const op = ops[i]!;
    if (op === OP_REV_OCTETS || op === OP_REV_PACKETS || op === OP_RESPONDER_OCTETS || op === OP_RESPONDER_PACKETS) bidirectional = true;
  });
  // A field whose value is never used keeps OP_SKIP; adjacent fixed skips could be merged, but
  // the loop already steps over them with one addition each.
  return {
    ops, lengths, fixedLength: variable ? -1 : fixed, minLength: min, bidirectional,
    extract: variable ? null : compileExtractor(ops, lengths), scratch: newScratch(),
  };
}
