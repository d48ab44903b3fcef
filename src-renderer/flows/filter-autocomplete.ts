// Autocomplete for the flow filter language (Akvorado-like: `src_port = 443 and protocol = tcp`,
// `dst_addr in 10.0.0.0/8`, `not exporter = 192.0.2.1`). Suggests what can come next at the
// cursor: a field name, an operator after a field, a known value after an operator, or a
// connective after a complete comparison. The parser that says whether a filter is valid is the
// service's; this only helps typing.

export interface FieldInfo {
  name: string;
  kind: 'address' | 'port' | 'number' | 'enum' | 'time' | 'text';
  description: string;
  values?: string[];
}

/** The filter language's fields (the flow record's names plus the either-direction shorthands
 *  `addr`, `port`, `as`, `if`), as the service's filter parser knows them. */
export const FLOW_FIELDS: FieldInfo[] = [
  { name: 'src_addr', kind: 'address', description: 'source address or prefix' },
  { name: 'dst_addr', kind: 'address', description: 'destination address or prefix' },
  { name: 'addr', kind: 'address', description: 'source or destination address' },
  { name: 'src_port', kind: 'port', description: 'source port', values: ['22', '53', '80', '123', '443', '8080'] },
  { name: 'dst_port', kind: 'port', description: 'destination port', values: ['22', '53', '80', '123', '443', '8080'] },
  { name: 'port', kind: 'port', description: 'source or destination port', values: ['22', '53', '80', '123', '443', '8080'] },
  { name: 'protocol', kind: 'enum', description: 'IP protocol', values: ['tcp', 'udp', 'icmp', 'icmpv6', 'gre', 'esp', 'sctp', 'ospf'] },
  { name: 'exporter', kind: 'address', description: 'exporting device' },
  { name: 'source', kind: 'enum', description: 'how the flow arrived', values: ['netflow5', 'netflow9', 'ipfix', 'sflow', 'pcap', 'sim'] },
  { name: 'in_if', kind: 'number', description: 'input interface index' },
  { name: 'out_if', kind: 'number', description: 'output interface index' },
  { name: 'if', kind: 'number', description: 'input or output interface index' },
  { name: 'direction', kind: 'enum', description: 'ingress or egress', values: ['ingress', 'egress'] },
  { name: 'tcp_flags', kind: 'number', description: 'TCP flags (OR of all packets)' },
  { name: 'tos', kind: 'number', description: 'type of service / DSCP+ECN byte' },
  { name: 'vlan', kind: 'number', description: 'VLAN id' },
  { name: 'src_as', kind: 'number', description: 'source AS number' },
  { name: 'dst_as', kind: 'number', description: 'destination AS number' },
  { name: 'as', kind: 'number', description: 'source or destination AS number' },
  { name: 'next_hop', kind: 'address', description: 'next-hop address' },
  { name: 'bytes', kind: 'number', description: 'bytes in the flow' },
  { name: 'packets', kind: 'number', description: 'packets in the flow' },
  { name: 'sampling_rate', kind: 'number', description: 'sampling rate (1 = unsampled)' },
];

/** `<<` is "address within prefix"; `in (a, b)` a list; `between a and b` a range. */
export const OPERATORS: Record<FieldInfo['kind'], string[]> = {
  address: ['=', '!=', '<<', 'in'],
  port: ['=', '!=', '<', '>', '<=', '>=', 'in', 'between'],
  number: ['=', '!=', '<', '>', '<=', '>=', 'in', 'between'],
  enum: ['=', '!=', 'in'],
  time: ['<', '>', '<=', '>='],
  text: ['=', '!='],
};

export const CONNECTIVES = ['and', 'or', 'not', '('];

export interface Suggestion {
  /** Text inserted in place of the word being typed. */
  insert: string;
  label: string;
  detail?: string;
}

export interface CompletionContext {
  /** Start of the word being completed (replace text[start, cursor)). */
  start: number;
  suggestions: Suggestion[];
}

interface Token {
  text: string;
  start: number;
}

function tokens(text: string): Token[] {
  const out: Token[] = [];
  const re = /"(?:[^"\\]|\\.)*"?|'(?:[^'\\]|\\.)*'?|<<=|<<|!=|<=|>=|==|[=<>(),]|[^\s=<>!(),]+|!/g;
  for (let m; (m = re.exec(text)); ) out.push({ text: m[0], start: m.index });
  return out;
}

/** What to suggest at `cursor` in `text`. `values` adds known values per field (e.g. exporters seen). */
export function complete(text: string, cursor: number, values: Record<string, string[]> = {}): CompletionContext {
  const before = text.slice(0, cursor);
  const toks = tokens(before);
  const endsInSpace = /\s$/.test(before) || before === '';
  const current = !endsInSpace && toks.length ? toks[toks.length - 1]! : null;
  const prior = current ? toks.slice(0, -1) : toks;
  const word = current?.text ?? '';
  const start = current ? current.start : cursor;
  const lower = word.toLowerCase();
  const match = (list: Suggestion[]) => list.filter((s) => s.insert.toLowerCase().startsWith(lower) && s.insert.toLowerCase() !== lower);

  const last = prior[prior.length - 1]?.text.toLowerCase();
  const last2 = prior[prior.length - 2]?.text.toLowerCase();
  const field = (name: string | undefined) => FLOW_FIELDS.find((f) => f.name === name);
  const fieldSuggestions = FLOW_FIELDS.map((f) => ({ insert: f.name, label: f.name, detail: f.description }));

  // After "field": operators. After "field op" (or "field not in"): values.
  if (last && field(last)) {
    const ops = OPERATORS[field(last)!.kind].map((o) => ({ insert: o, label: o }));
    return { start, suggestions: match(ops) };
  }
  const opField = field(last2);
  if (last && opField && OPERATORS[opField.kind].includes(last)) {
    const known = [...(opField.values ?? []), ...(values[opField.name] ?? [])];
    return { start, suggestions: match([...new Set(known)].map((v) => ({ insert: v, label: v, detail: opField.description }))) };
  }
  // After a complete comparison or a closing paren: connectives.
  const completeComparison = prior.length >= 3 && field(prior[prior.length - 3]?.text.toLowerCase()) && OPERATORS[field(prior[prior.length - 3]!.text.toLowerCase())!.kind].includes(last2 ?? '');
  if (last === ')' || completeComparison) return { start, suggestions: match(['and', 'or', ')'].map((c) => ({ insert: c, label: c }))) };
  // At the start, or after and/or/not/(: fields (and not/().
  return { start, suggestions: match([...fieldSuggestions, { insert: 'not', label: 'not', detail: 'negate what follows' }, { insert: '(', label: '(', detail: 'group' }]) };
}

/** Applies a suggestion: replaces the word being typed and adds a space after it. */
export function applySuggestion(text: string, cursor: number, ctx: CompletionContext, s: Suggestion): { text: string; cursor: number } {
  const next = text.slice(0, ctx.start) + s.insert + ' ' + text.slice(cursor).replace(/^\s+/, '');
  return { text: next, cursor: ctx.start + s.insert.length + 1 };
}

/** The column (1-based) and reason of a filter error from the service ("filter: column 12: …"). */
export function filterErrorPosition(message: string): { column: number; reason: string } | null {
  const m = /filter: column (\d+): ([\s\S]*)$/.exec(message);
  return m ? { column: Number(m[1]), reason: m[2]!.trim() } : null;
}

/** Adds one `field = value` per entry (a multi-dimension series or sankey band), skipping nulls. */
export function addConditions(filter: string, key: Record<string, string | number | null>): string {
  return Object.entries(key).reduce((f, [field, v]) => (v === null || v === undefined ? f : addCondition(f, field, String(v))), filter);
}

/** Adds `field = value` to a filter (click-to-filter), with `and` when the filter is not empty. */
export function addCondition(filter: string, field: string, value: string, negate = false): string {
  const quoted = /^[\w.:/-]+$/.test(value) ? value : JSON.stringify(value);
  const cond = `${field} ${negate ? '!=' : '='} ${quoted}`;
  const trimmed = filter.trim();
  if (!trimmed) return cond;
  return /\bor\b/i.test(trimmed) ? `(${trimmed}) and ${cond}` : `${trimmed} and ${cond}`;
}
