// The IPFIX / NetFlow v9 information-element registry: names and data types by (enterprise
// number, element id), from the table scripts/gen-ie-registry.mjs generates out of the IANA and
// vendor XML definitions. Unknown elements are never an error: they get a synthetic name
// (`pen6871.ie42`) and are carried as octet arrays.
import { IE_SCOPES } from './ie-registry.generated.js';

/** Data types of RFC 7012 (plus the list types of RFC 6313); index = code in the generated table. */
export const IE_TYPES = [
  'octetArray', 'unsigned8', 'unsigned16', 'unsigned32', 'unsigned64', 'signed8', 'signed16', 'signed32',
  'signed64', 'float32', 'float64', 'boolean', 'macAddress', 'string', 'dateTimeSeconds',
  'dateTimeMilliseconds', 'dateTimeMicroseconds', 'dateTimeNanoseconds', 'ipv4Address', 'ipv6Address',
  'basicList', 'subTemplateList', 'subTemplateMultiList',
] as const;
export type IeType = (typeof IE_TYPES)[number];

export interface InformationElement {
  pen: number;
  id: number;
  name: string;
  type: IeType;
  /** Scope the definition came from (iana, cisco, cert …). */
  scope: string;
  /** True for RFC 5103 reverse elements (PEN 29305, or a split-mode scope's reverse bit). */
  reverse: boolean;
}

/** RFC 5103: reverse information elements use this private enterprise number. */
export const REVERSE_PEN = 29305;
/** libfds' pseudo-PENs for NetFlow v9 field types that have no IANA equivalent. */
export const NETFLOW_PEN = 4294967294;
export const NETFLOW_EXTRA_PEN = 4294967295;

let table: Map<number, InformationElement> | null = null;
const splitScopes = new Map<number, { name: string; bit: number }>();

function key(pen: number, id: number): number {
  return pen * 65536 + id;
}

function load(): Map<number, InformationElement> {
  if (table) return table;
  table = new Map();
  for (const scope of IE_SCOPES) {
    if (scope.biflowMode === 'split' && scope.biflowValue) splitScopes.set(scope.pen, { name: scope.name, bit: 1 << (scope.biflowValue - 1) });
    for (const entry of scope.elements.split(';')) {
      if (!entry) continue;
      const [id, name, code] = entry.split(':');
      const ie: InformationElement = { pen: scope.pen, id: Number(id), name: name!, type: IE_TYPES[Number(code)] ?? 'octetArray', scope: scope.name, reverse: false };
      table.set(key(scope.pen, ie.id), ie);
    }
  }
  return table;
}

/** The definition of an IPFIX element, or undefined when no registry knows it. */
export function lookupIE(pen: number, id: number): InformationElement | undefined {
  const t = load();
  const direct = t.get(key(pen, id));
  if (direct) return direct;
  if (pen === REVERSE_PEN) {
    const forward = t.get(key(0, id));
    if (forward) return { ...forward, pen, name: `reverse${forward.name[0]!.toUpperCase()}${forward.name.slice(1)}`, reverse: true };
  }
  const split = splitScopes.get(pen);
  if (split && id & split.bit) {
    const forward = t.get(key(pen, id & ~split.bit));
    if (forward) return { ...forward, id, name: `reverse${forward.name[0]!.toUpperCase()}${forward.name.slice(1)}`, reverse: true };
  }
  return undefined;
}

/** The definition of a NetFlow v9 field type (IANA ids below 128, Cisco's extensions above). */
export function lookupNetflowV9(type: number): InformationElement | undefined {
  if (type >= 32768) return lookupIE(NETFLOW_EXTRA_PEN, type - 32768);
  return lookupIE(NETFLOW_PEN, type) ?? lookupIE(0, type);
}

/** A name for any element: the registry's, else `ie42` / `pen6871.ie42`. */
export function ieName(pen: number, id: number): string {
  return lookupIE(pen, id)?.name ?? (pen === 0 ? `ie${id}` : `pen${pen}.ie${id}`);
}
