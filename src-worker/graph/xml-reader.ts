// A small XML reader for topology files (GraphML): elements, attributes, text and CDATA, with the
// line each element starts on so import errors can name it. No DTDs, no namespaces beyond keeping
// the prefix in the name (`y:NodeLabel`). Errors: `xml: FILE:LINE: what is wrong`.

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** Concatenated text and CDATA directly inside this element. */
  text: string;
  line: number;
}

export function parseXml(source: string, file = 'input'): XmlElement {
  const root: XmlElement = { name: '#document', attrs: {}, children: [], text: '', line: 1 };
  const stack: XmlElement[] = [root];
  let i = 0;
  let line = 1;
  const fail = (message: string, at = line): never => {
    throw new Error(`xml: ${file}:${at}: ${message}`);
  };
  const advance = (to: number) => {
    for (let k = i; k < to; k++) if (source.charCodeAt(k) === 10) line++;
    i = to;
  };
  while (i < source.length) {
    const lt = source.indexOf('<', i);
    if (lt < 0) {
      appendText(stack.at(-1)!, source.slice(i));
      advance(source.length);
      break;
    }
    if (lt > i) appendText(stack.at(-1)!, source.slice(i, lt));
    advance(lt);
    if (source.startsWith('<!--', i)) {
      const end = source.indexOf('-->', i + 4);
      if (end < 0) fail('a comment is never closed');
      advance(end + 3);
    } else if (source.startsWith('<![CDATA[', i)) {
      const end = source.indexOf(']]>', i + 9);
      if (end < 0) fail('a CDATA section is never closed');
      stack.at(-1)!.text += source.slice(i + 9, end);
      advance(end + 3);
    } else if (source.startsWith('<?', i)) {
      const end = source.indexOf('?>', i + 2);
      if (end < 0) fail('a processing instruction is never closed');
      advance(end + 2);
    } else if (source.startsWith('<!', i)) {
      const end = source.indexOf('>', i + 2);
      if (end < 0) fail('a declaration is never closed');
      advance(end + 1);
    } else if (source.startsWith('</', i)) {
      const end = source.indexOf('>', i + 2);
      if (end < 0) fail('a closing tag is never finished');
      const name = source.slice(i + 2, end).trim();
      const open = stack.pop()!;
      if (open === root) fail(`closing tag </${name}> without an opening tag`);
      if (open.name !== name) fail(`closing tag </${name}> does not match <${open.name}> opened on line ${open.line}`);
      advance(end + 1);
    } else {
      const startLine = line;
      const end = findTagEnd(source, i + 1);
      if (end < 0) fail('a tag is never finished');
      const body = source.slice(i + 1, end);
      const selfClosing = body.endsWith('/');
      const inner = selfClosing ? body.slice(0, -1) : body;
      const nameMatch = /^[^\s/>]+/.exec(inner);
      if (!nameMatch) fail('a tag has no name');
      const element: XmlElement = { name: nameMatch![0], attrs: parseAttributes(inner.slice(nameMatch![0].length), (m) => fail(m, startLine)), children: [], text: '', line: startLine };
      stack.at(-1)!.children.push(element);
      if (!selfClosing) stack.push(element);
      advance(end + 1);
    }
  }
  if (stack.length > 1) fail(`<${stack.at(-1)!.name}> opened on line ${stack.at(-1)!.line} is never closed`);
  return root;
}

function findTagEnd(source: string, from: number): number {
  let quote = 0;
  for (let k = from; k < source.length; k++) {
    const c = source.charCodeAt(k);
    if (quote) {
      if (c === quote) quote = 0;
    } else if (c === 34 || c === 39) quote = c;
    else if (c === 62) return k;
  }
  return -1;
}

function parseAttributes(text: string, fail: (message: string) => never): Record<string, string> {
  const attrs: Record<string, string> = {};
  const re = /([^\s=]+)\s*=\s*("([^"]*)"|'([^']*)')/g;
  let rest = text;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    attrs[m[1]!] = decodeEntities(m[3] ?? m[4] ?? '');
    rest = rest.replace(m[0], '');
  }
  if (rest.trim() !== '') fail(`cannot read the attributes "${rest.trim().slice(0, 40)}"`);
  return attrs;
}

function appendText(element: XmlElement, raw: string): void {
  element.text += decodeEntities(raw);
}

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-zA-Z]+);/g, (all, e: string) => {
    if (e.startsWith('#x')) return String.fromCodePoint(parseInt(e.slice(2), 16));
    if (e.startsWith('#')) return String.fromCodePoint(parseInt(e.slice(1), 10));
    return NAMED[e] ?? all;
  });
}

/** Depth-first search for descendants with a given tag name. */
export function findAll(element: XmlElement, name: string, out: XmlElement[] = []): XmlElement[] {
  for (const c of element.children) {
    if (c.name === name) out.push(c);
    findAll(c, name, out);
  }
  return out;
}
