// Tokens of the flow filter language, each with the 1-based column where it starts so that
// errors can point at the mistake. Nothing here ever reaches SQL as text.
import { FilterError } from './filter-error.js';

export type TokenKind = 'word' | 'number' | 'address' | 'string' | 'op' | 'lparen' | 'rparen' | 'comma' | 'end';

export interface Token {
  kind: TokenKind;
  text: string;
  column: number;
}

const OPS = ['<<=', '<<', '==', '!=', '<=', '>=', '<', '>', '=', '&&', '||', '!'];
export const MAX_FILTER_LENGTH = 8192;

export function tokenize(input: string): Token[] {
  if (input.length > MAX_FILTER_LENGTH) throw new FilterError(`the filter is ${input.length} characters long; the limit is ${MAX_FILTER_LENGTH}`, MAX_FILTER_LENGTH + 1, input);
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i]!;
    const column = i + 1;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') { i++; continue; }
    if (c === '(') { tokens.push({ kind: 'lparen', text: c, column }); i++; continue; }
    if (c === ')') { tokens.push({ kind: 'rparen', text: c, column }); i++; continue; }
    if (c === ',') { tokens.push({ kind: 'comma', text: c, column }); i++; continue; }
    if (c === '"' || c === "'") {
      const close = input.indexOf(c, i + 1);
      if (close < 0) throw new FilterError(`this quoted text is never closed (missing ${c})`, column, input);
      tokens.push({ kind: 'string', text: input.slice(i + 1, close), column });
      i = close + 1;
      continue;
    }
    const op = OPS.find((o) => input.startsWith(o, i));
    if (op) { tokens.push({ kind: 'op', text: op, column }); i += op.length; continue; }
    // Addresses (IPv4, IPv6, with an optional /len), numbers and words share characters; read the
    // longest run of them and classify it.
    const m = /^[0-9A-Za-z_:.\/-]+/.exec(input.slice(i));
    if (!m) throw new FilterError(`unexpected character "${c}"`, column, input);
    const text = m[0];
    tokens.push({ kind: classify(text), text, column });
    i += text.length;
  }
  tokens.push({ kind: 'end', text: '', column: input.length + 1 });
  return tokens;
}

function classify(text: string): TokenKind {
  if (/^\d+$/.test(text) || /^0x[0-9a-fA-F]+$/.test(text) || /^\d+(\.\d+)?[kKmMgG]$/.test(text)) return 'number';
  if (/^\d{1,3}(\.\d{1,3}){3}(\/\d+)?$/.test(text) || (text.includes(':') && /^[0-9A-Fa-f:.]+(\/\d+)?$/.test(text))) return 'address';
  return 'word';
}
