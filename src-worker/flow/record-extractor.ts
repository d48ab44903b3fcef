// Per-template code generation for the NetFlow v9 / IPFIX hot path: a fixed-length template is
// turned into one straight-line JavaScript function that reads every field at its constant
// offset (DataView / Uint8Array) straight into the batch columns or into a per-template scratch
// array of values the row's finishing step needs (counters, times, sampling, NSEL, biflow). No
// per-field switch, no per-field bounds checks (the caller checks the record fits), nothing
// allocated per record. Variable-length templates keep the interpreter in data-records.ts.
import { copyIPv4 } from './address.js';
import type { FlowBatch } from './record.js';
import { allZero, copy16, ntpToUs, readUint } from './wire.js';
import * as P from './record-program.js';

/** Scratch slots; a slot the template does not fill keeps its "absent" value forever. */
export const S_OCTETS = 0, S_PACKETS = 1, S_OCT_TOTAL = 2, S_PKT_TOTAL = 3, S_INIT_OCT = 4, S_RESP_OCT = 5,
  S_INIT_PKTS = 6, S_RESP_PKTS = 7, S_REV_OCT = 8, S_REV_PKTS = 9, S_REV_FLAGS = 10, S_FW_EVENT = 11,
  S_SAMPLER_ID = 12, S_INTERVAL = 13, S_PKT_INTERVAL = 14, S_PKT_SPACE = 15, S_ICMP = 16, S_POST_VLAN = 17,
  S_FIRST_UP = 18, S_LAST_UP = 19, S_START_ABS = 20, S_END_ABS = 21, S_START_DELTA = 22, S_END_DELTA = 23,
  S_SYS_INIT = 24, S_EVENT_MS = 25, SLOT_COUNT = 26;

/** Fresh scratch: counters/ids absent = -1, times absent = NaN, packet space absent = 0. */
export function newScratch(): Float64Array {
  const v = new Float64Array(SLOT_COUNT).fill(-1);
  v.fill(NaN, S_FIRST_UP);
  v[S_PKT_SPACE] = 0;
  return v;
}

export type Extractor = (bytes: Uint8Array, dv: DataView, p: number, b: FlowBatch, row: number, a: number, v: Float64Array) => void;

// Built on first use: record-program.ts (which defines the ops) imports this module.
let SLOT_OF: Record<number, number> = {};
let COLUMN_OF: Record<number, string> = {};

function buildTables(): void {
  if (Object.keys(SLOT_OF).length) return;
  SLOT_OF = {
  [P.OP_OCTETS]: S_OCTETS, [P.OP_PACKETS]: S_PACKETS, [P.OP_OCTETS_TOTAL]: S_OCT_TOTAL, [P.OP_PACKETS_TOTAL]: S_PKT_TOTAL,
  [P.OP_INITIATOR_OCTETS]: S_INIT_OCT, [P.OP_RESPONDER_OCTETS]: S_RESP_OCT, [P.OP_INITIATOR_PACKETS]: S_INIT_PKTS,
  [P.OP_RESPONDER_PACKETS]: S_RESP_PKTS, [P.OP_REV_OCTETS]: S_REV_OCT, [P.OP_REV_PACKETS]: S_REV_PKTS,
  [P.OP_REV_TCP_FLAGS]: S_REV_FLAGS, [P.OP_FW_EVENT]: S_FW_EVENT, [P.OP_SAMPLER_ID]: S_SAMPLER_ID,
  [P.OP_SAMPLING_INTERVAL]: S_INTERVAL, [P.OP_SAMPLING_PKT_INTERVAL]: S_PKT_INTERVAL, [P.OP_SAMPLING_PKT_SPACE]: S_PKT_SPACE,
  [P.OP_ICMP_TYPE_CODE]: S_ICMP, [P.OP_POST_VLAN]: S_POST_VLAN, [P.OP_FIRST_UPTIME]: S_FIRST_UP, [P.OP_LAST_UPTIME]: S_LAST_UP,
  [P.OP_START_DELTA_US]: S_START_DELTA, [P.OP_END_DELTA_US]: S_END_DELTA, [P.OP_SYS_INIT_MS]: S_SYS_INIT, [P.OP_EVENT_TIME_MS]: S_EVENT_MS,
};
  COLUMN_OF = {
  [P.OP_SRC_PORT]: 'src_port', [P.OP_DST_PORT]: 'dst_port', [P.OP_TCP_FLAGS]: 'tcp_flags', [P.OP_IN_IF]: 'in_if',
  [P.OP_OUT_IF]: 'out_if', [P.OP_SRC_AS]: 'src_as', [P.OP_DST_AS]: 'dst_as',
};
}

function uint(o: number, len: number): string {
  switch (len) {
    case 1: return `bytes[p + ${o}]`;
    case 2: return `dv.getUint16(p + ${o})`;
    case 4: return `dv.getUint32(p + ${o})`;
    case 8: return `(dv.getUint32(p + ${o}) * 4294967296 + dv.getUint32(p + ${o + 4}))`;
    default: return `readUint(bytes, dv, p + ${o}, ${len})`;
  }
}






/** Generates the extractor for a fixed-length template; null when a field has variable length. */
export function compileExtractor(ops: Int32Array, lengths: Int32Array): Extractor | null {
  buildTables();
  const lines: string[] = [];
  let o = 0;
  const has = (op: number) => ops.includes(op);
  const bothSrc = has(P.OP_SRC_V4) && has(P.OP_SRC_V6);
  const bothDst = has(P.OP_DST_V4) && has(P.OP_DST_V6);
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i]!;
    const len = lengths[i]!;
    if (len === P.VARIABLE_LENGTH) return null;
    const slot = SLOT_OF[op];
    const column = COLUMN_OF[op];
    if (slot !== undefined) lines.push(`v[${slot}] = ${uint(o, len)};`);
    else if (column) lines.push(`b.${column}[row] = ${uint(o, len)};`);
    else {
      switch (op) {
        case P.OP_SKIP: break;
        case P.OP_SRC_V4: lines.push(bothSrc ? `if (dv.getUint32(p + ${o}) !== 0 || allZero(b.src_addr, a, a + 16)) copyIPv4(b.src_addr, a, bytes, p + ${o});` : `copyIPv4(b.src_addr, a, bytes, p + ${o});`); break;
        case P.OP_DST_V4: lines.push(bothDst ? `if (dv.getUint32(p + ${o}) !== 0 || allZero(b.dst_addr, a, a + 16)) copyIPv4(b.dst_addr, a, bytes, p + ${o});` : `copyIPv4(b.dst_addr, a, bytes, p + ${o});`); break;
        case P.OP_SRC_V6: lines.push(bothSrc ? `if (!allZero(bytes, p + ${o}, p + ${o + 16})) copy16(b.src_addr, a, bytes, p + ${o});` : `copy16(b.src_addr, a, bytes, p + ${o});`); break;
        case P.OP_DST_V6: lines.push(bothDst ? `if (!allZero(bytes, p + ${o}, p + ${o + 16})) copy16(b.dst_addr, a, bytes, p + ${o});` : `copy16(b.dst_addr, a, bytes, p + ${o});`); break;
        case P.OP_NEXTHOP_V4: lines.push(`if (dv.getUint32(p + ${o}) !== 0) copyIPv4(b.next_hop, a, bytes, p + ${o});`); break;
        case P.OP_NEXTHOP_V6: lines.push(`if (!allZero(bytes, p + ${o}, p + ${o + 16})) copy16(b.next_hop, a, bytes, p + ${o});`); break;
        case P.OP_BGP_NEXTHOP_V4: lines.push(`if (dv.getUint32(p + ${o}) !== 0 && allZero(b.next_hop, a, a + 16)) copyIPv4(b.next_hop, a, bytes, p + ${o});`); break;
        case P.OP_BGP_NEXTHOP_V6: lines.push(`if (!allZero(bytes, p + ${o}, p + ${o + 16}) && allZero(b.next_hop, a, a + 16)) copy16(b.next_hop, a, bytes, p + ${o});`); break;
        case P.OP_SRC_PORT_ALT: lines.push(`{ const x = ${uint(o, len)}; if (x !== 0) b.src_port[row] = x; }`); break;
        case P.OP_DST_PORT_ALT: lines.push(`{ const x = ${uint(o, len)}; if (x !== 0) b.dst_port[row] = x; }`); break;
        case P.OP_PROTOCOL: if (len >= 1) lines.push(`b.protocol[row] = bytes[p + ${o}];`); break;
        case P.OP_TOS: if (len >= 1) lines.push(`b.tos[row] = bytes[p + ${o}];`); break;
        case P.OP_DIRECTION: if (len >= 1) lines.push(`b.direction[row] = bytes[p + ${o}];`); break;
        case P.OP_VLAN: lines.push(`b.vlan[row] = ${uint(o, len)} & 0xfff;`); break;
        case P.OP_START_SEC: lines.push(`v[${S_START_ABS}] = ${uint(o, len)} * 1e6;`); break;
        case P.OP_END_SEC: lines.push(`v[${S_END_ABS}] = ${uint(o, len)} * 1e6;`); break;
        case P.OP_START_MS: lines.push(`v[${S_START_ABS}] = ${uint(o, len)} * 1000;`); break;
        case P.OP_END_MS: lines.push(`v[${S_END_ABS}] = ${uint(o, len)} * 1000;`); break;
        case P.OP_START_US: case P.OP_START_NS: lines.push(len === 8 ? `v[${S_START_ABS}] = ntpToUs(dv, p + ${o});` : `v[${S_START_ABS}] = NaN;`); break;
        case P.OP_END_US: case P.OP_END_NS: lines.push(len === 8 ? `v[${S_END_ABS}] = ntpToUs(dv, p + ${o});` : `v[${S_END_ABS}] = NaN;`); break;
        default: break;
      }
    }
    o += len;
  }
  // The source is built only from template field ids, lengths and offsets (numbers), never from packet data.
  const factory = new Function('readUint', 'allZero', 'copyIPv4', 'copy16', 'ntpToUs',
    `return function extract(bytes, dv, p, b, row, a, v) {\n  ${lines.join('\n  ')}\n};`);
  return factory(readUint, allZero, copyIPv4, copy16, ntpToUs) as Extractor;
}
