// The flow filter language, parsed by recursive descent into a tree whose values are already
// checked against their field (ports 0–65535, known protocol names, valid prefixes):
//
//   expr    := or
//   or      := and (("or" | "||") and)*
//   and     := unary (("and" | "&&")? unary)*        -- juxtaposition means "and", as in tcpdump
//   unary   := ("not" | "!") unary | "(" expr ")" | compare
//   compare := FIELD op value | FIELD ["not"] "in" "(" value ("," value)* ")" | ADDRFIELD ["not"] "in" PREFIX
//            | FIELD "between" value "and" value
//   op      := "=" | "==" | "!=" | "<" | "<=" | ">" | ">=" | "<<" | "<<="   (<< : address within prefix)
//
// e.g. `src_addr << 10.0.0.0/8 and dst_port in (80, 443) and protocol = tcp and not exporter = 192.0.2.1`
import { parseCidr, type Cidr } from '../flows/address-codec.js';
import { FilterError } from './filter-error.js';
import { FIELD_ALIASES, FILTER_FIELDS, type FieldDef } from './filter-fields.js';
import { tokenize, type Token } from './filter-lexer.js';

export type CompareOp = '=' | '!=' | '<' | '<=' | '>' | '>=' | 'within' | 'in' | 'between';

export type FilterValue = { kind: 'integer'; value: number } | { kind: 'address'; cidr: Cidr; exact: boolean };

export type FilterNode =
  | { kind: 'and' | 'or'; left: FilterNode; right: FilterNode }
  | { kind: 'not'; expr: FilterNode }
  | { kind: 'compare'; field: string; def: FieldDef; op: CompareOp; values: FilterValue[]; column: number };

type CompareBase = { kind: 'compare'; field: string; def: FieldDef; column: number };

const MAX_DEPTH = 64;
const MAX_LIST = 1000;

export function parseFilter(input: string): FilterNode | null {
  const parser = new Parser(input, tokenize(input));
  if (parser.peek().kind === 'end') return null;
  const node = parser.expr(0);
  const rest = parser.peek();
  if (rest.kind !== 'end') {
    throw new FilterError(rest.kind === 'rparen' ? 'this ")" has no matching "("' : `expected "and", "or" or the end of the filter, found "${rest.text}"`, rest.column, input);
  }
  return node;
}

const isWord = (t: Token, ...words: string[]) => t.kind === 'word' && words.includes(t.text.toLowerCase());

class Parser {
  private pos = 0;
  constructor(private readonly input: string, private readonly tokens: Token[]) {}

  peek(): Token {
    return this.tokens[this.pos]!;
  }

  private next(): Token {
    return this.tokens[this.pos++]!;
  }

  private fail(reason: string, token: Token = this.peek()): never {
    throw new FilterError(reason, token.column, this.input);
  }

  private describe(t: Token): string {
    return t.kind === 'end' ? 'the end of the filter' : `"${t.text}"`;
  }

  expr(depth: number): FilterNode {
    if (depth > MAX_DEPTH) this.fail(`the filter nests deeper than ${MAX_DEPTH} levels`);
    let left = this.and(depth);
    while (isWord(this.peek(), 'or') || (this.peek().kind === 'op' && this.peek().text === '||')) {
      this.next();
      left = { kind: 'or', left, right: this.and(depth) };
    }
    return left;
  }

  private and(depth: number): FilterNode {
    let left = this.unary(depth);
    for (;;) {
      const t = this.peek();
      if (isWord(t, 'and') || (t.kind === 'op' && t.text === '&&')) {
        this.next();
      } else if (!(t.kind === 'lparen' || (t.kind === 'word' && !isWord(t, 'or')) || (t.kind === 'op' && t.text === '!'))) {
        return left;
      }
      left = { kind: 'and', left, right: this.unary(depth) };
    }
  }

  private unary(depth: number): FilterNode {
    const t = this.peek();
    if (depth > MAX_DEPTH) this.fail(`the filter nests deeper than ${MAX_DEPTH} levels`);
    if (isWord(t, 'not') || (t.kind === 'op' && t.text === '!')) {
      this.next();
      return { kind: 'not', expr: this.unary(depth + 1) };
    }
    if (t.kind === 'lparen') {
      this.next();
      if (this.peek().kind === 'rparen') this.fail('empty parentheses: put a condition inside');
      const inner = this.expr(depth + 1);
      if (this.peek().kind !== 'rparen') this.fail(`expected ")" to close the "(" at column ${t.column}, found ${this.describe(this.peek())}`);
      this.next();
      return inner;
    }
    return this.compare();
  }

  private field(): { name: string; def: FieldDef; token: Token } {
    const t = this.next();
    if (t.kind !== 'word') this.fail(`expected a field name (${Object.keys(FILTER_FIELDS).slice(0, 6).join(', ')} …), found ${this.describe(t)}`, t);
    const lower = t.text.toLowerCase();
    const name = FIELD_ALIASES[lower] ?? lower;
    const def = FILTER_FIELDS[name];
    if (!def) this.fail(`unknown field "${t.text}"; fields are ${Object.keys(FILTER_FIELDS).join(', ')}`, t);
    return { name, def, token: t };
  }

  private compare(): FilterNode {
    const { name, def, token } = this.field();
    const opToken = this.next();
    const base = { kind: 'compare' as const, field: name, def, column: token.column };
    // `not in (…)` after a field: the negation of the list.
    if (isWord(opToken, 'not') && isWord(this.peek(), 'in')) {
      this.next();
      return { kind: 'not', expr: this.inList(base, def, name) };
    }
    if (isWord(opToken, 'in')) return this.inList(base, def, name);
    return this.comparison(base, def, name, token, opToken);
  }

  private inList(base: CompareBase, def: FieldDef, name: string): FilterNode {
    // `addr in 10.0.0.0/8` (no parentheses) reads as "within the prefix".
    if (def.type === 'address' && this.peek().kind === 'address') return { ...base, op: 'within', values: [this.value(def, name)] };
    if (this.peek().kind !== 'lparen') this.fail(`expected "(" after "in", found ${this.describe(this.peek())}`);
    this.next();
    const values: FilterValue[] = [this.value(def, name)];
    while (this.peek().kind === 'comma') {
      this.next();
      if (values.length >= MAX_LIST) this.fail(`an "in" list may hold at most ${MAX_LIST} values`);
      values.push(this.value(def, name));
    }
    if (this.peek().kind !== 'rparen') this.fail(`expected "," or ")" in the list, found ${this.describe(this.peek())}`);
    this.next();
    return { ...base, op: 'in', values };
  }

  private comparison(base: CompareBase, def: FieldDef, name: string, token: Token, opToken: Token): FilterNode {
    if (isWord(opToken, 'between')) {
      if (def.type !== 'integer') this.fail(`"between" needs a numeric field; ${name} is an address (use << PREFIX)`, opToken);
      const lo = this.value(def, name);
      if (!isWord(this.peek(), 'and')) this.fail(`expected "and" in "between … and …", found ${this.describe(this.peek())}`);
      this.next();
      return { ...base, op: 'between', values: [lo, this.value(def, name)] };
    }
    if (opToken.kind !== 'op' || ['&&', '||', '!'].includes(opToken.text)) {
      this.fail(`expected a comparison after "${token.text}" (=, !=, <, <=, >, >=, <<, in, between), found ${this.describe(opToken)}`, opToken);
    }
    const op: CompareOp = opToken.text === '==' ? '=' : opToken.text === '<<' || opToken.text === '<<=' ? 'within' : (opToken.text as CompareOp);
    if (def.type === 'address' && !['=', '!=', 'within'].includes(op)) {
      this.fail(`"${opToken.text}" does not apply to addresses; use =, !=, << PREFIX or in (…)`, opToken);
    }
    if (def.type === 'integer' && op === 'within') this.fail(`"<<" means "address within prefix"; ${name} is a number`, opToken);
    const value = this.value(def, name);
    return { ...base, op, values: [value] };
  }

  private value(def: FieldDef, field: string): FilterValue {
    const t = this.next();
    if (def.type === 'address') {
      if (t.kind !== 'address' && t.kind !== 'string') this.fail(`expected an address or prefix for ${field} (e.g. 192.0.2.1, 10.0.0.0/8, 2001:db8::/32), found ${this.describe(t)}`, t);
      try {
        const cidr = parseCidr(t.text);
        return { kind: 'address', cidr, exact: !t.text.includes('/') };
      } catch (error) {
        this.fail((error as Error).message, t);
      }
    }
    if (t.kind === 'word' || t.kind === 'string') {
      const known = def.names?.[t.text.toLowerCase()];
      if (known === undefined) {
        const names = def.names ? `: one of ${Object.keys(def.names).join(', ')}, or a number` : ' (a number)';
        this.fail(`"${t.text}" is not a value ${field} can have${names}`, t);
      }
      return { kind: 'integer', value: known };
    }
    if (t.kind !== 'number') this.fail(`expected a number for ${field}, found ${this.describe(t)}`, t);
    const value = parseNumber(t.text);
    if (!Number.isSafeInteger(value) || value < (def.min ?? 0) || value > (def.max ?? Number.MAX_SAFE_INTEGER)) {
      this.fail(`${t.text} is out of range for ${field} (${def.min ?? 0}–${def.max})`, t);
    }
    return { kind: 'integer', value };
  }
}

/** 443, 0x1bb, 10k, 1.5M, 2G (decimal multipliers, for bytes thresholds). */
function parseNumber(text: string): number {
  if (/^0x/i.test(text)) return parseInt(text.slice(2), 16);
  const m = /^(\d+(?:\.\d+)?)([kKmMgG])?$/.exec(text);
  if (!m) return NaN;
  const scale = { k: 1e3, m: 1e6, g: 1e9 }[(m[2] ?? '').toLowerCase() as 'k' | 'm' | 'g'] ?? 1;
  return Math.round(Number(m[1]) * scale);
}
