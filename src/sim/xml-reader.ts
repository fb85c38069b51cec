// A small strict XML reader for the simulator's ncs.conf: namespace-aware elements and their character data,
// nothing else. Each daemon start reads one ncs.conf for a handful of leaves, and loading a DOM library took
// longer than all the rest of the daemon's start. Like NSO it refuses what is not well-formed XML 1.0 with
// namespaces, naming the line and column; comments and processing instructions are skipped; a DOCTYPE is
// accepted only without an internal subset, so no entity but the five predefined ones can appear.

/** An element: its name as written, its local name and namespace, and its children in document order. */
export interface XmlElement {
  qname: string;
  localName: string;
  /** The namespace the element is in; null when none. */
  namespaceURI: string | null;
  children: XmlChild[];
}

/** A child: an element, or character data (text or CDATA, references decoded, line breaks as LF). */
export type XmlChild = XmlElement | string;

/** What makes a document not well-formed, and where (1-based line and column). */
export class XmlSyntaxError extends Error {
  constructor(
    readonly reason: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`${reason} (line ${line}, column ${column})`);
    this.name = 'XmlSyntaxError';
  }
}

const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';
const MAX_DEPTH = 256;
const START =
  ':A-Z_a-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD\\u{10000}-\\u{EFFFF}';
const NAME = new RegExp(`[${START}][${START}\\-.0-9\\u00B7\\u0300-\\u036F\\u203F\\u2040]*`, 'uy');
const NOT_A_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const DECLARATION =
  /^\s+version\s*=\s*(["'])1\.\d+\1(\s+encoding\s*=\s*(["'])[A-Za-z][\w.-]*\3)?(\s+standalone\s*=\s*(["'])(yes|no)\5)?\s*$/;

type Scope = ReadonlyMap<string, string | null>;

class Cursor {
  pos = 0;
  constructor(readonly text: string) {}

  fail(reason: string, at = this.pos): never {
    const before = this.text.slice(0, at);
    const line = before.split('\n').length;
    throw new XmlSyntaxError(reason, line, at - before.lastIndexOf('\n'));
  }
  at(token: string): boolean {
    return this.text.startsWith(token, this.pos);
  }
  get done(): boolean {
    return this.pos >= this.text.length;
  }
  space(): boolean {
    const from = this.pos;
    while (/[ \t\n]/.test(this.text[this.pos] ?? '')) this.pos++;
    return this.pos > from;
  }
  name(what: string): string {
    NAME.lastIndex = this.pos;
    const match = NAME.exec(this.text);
    if (match === null) this.fail(`${what} expected`);
    this.pos += match[0].length;
    return match[0];
  }
  // Everything up to `end`, which is consumed too.
  upTo(end: string, what: string): string {
    const stop = this.text.indexOf(end, this.pos);
    if (stop < 0) this.fail(`unterminated ${what}`);
    const body = this.text.slice(this.pos, stop);
    this.pos = stop + end.length;
    return body;
  }
}

// Parses `text` and returns its root element; throws XmlSyntaxError where it is not well-formed.
export function readXml(text: string): XmlElement {
  // XML processors see every line break as LF; line numbers stay those of the file.
  const c = new Cursor(text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n'));
  const bad = NOT_A_CHAR.exec(c.text);
  if (bad !== null)
    c.fail(`character U+${bad[0].codePointAt(0)?.toString(16).toUpperCase()} is not allowed`, bad.index);
  if (/^<\?xml[\s?]/.test(c.text)) {
    c.pos = 5;
    if (!DECLARATION.test(c.upTo('?>', 'XML declaration'))) c.fail('malformed XML declaration', 0);
  }
  misc(c, true);
  if (c.done || !c.at('<')) c.fail('the root element is missing');
  const root = element(c, new Map([['xml', XML_NS]]), 0);
  misc(c, false);
  if (!c.done) c.fail('only comments and processing instructions may follow the root element');
  return root;
}

// All character data inside `element`, nested elements included (as a DOM's textContent).
export function textContent(element: XmlElement): string {
  return element.children.map((child) => (typeof child === 'string' ? child : textContent(child))).join('');
}

function misc(c: Cursor, doctypeAllowed: boolean): void {
  for (;;) {
    c.space();
    if (c.at('<!--')) comment(c);
    else if (c.at('<?')) instruction(c);
    else if (doctypeAllowed && c.at('<!DOCTYPE')) {
      const at = c.pos;
      c.pos += 9;
      if (c.upTo('>', 'DOCTYPE').includes('['))
        c.fail('a DOCTYPE with an internal subset is not supported', at);
      doctypeAllowed = false;
    } else return;
  }
}

function comment(c: Cursor): void {
  const at = c.pos;
  c.pos += 4;
  const body = c.upTo('-->', 'comment');
  if (body.includes('--') || body.endsWith('-')) c.fail("'--' inside a comment", at);
}

function instruction(c: Cursor): void {
  const at = c.pos;
  c.pos += 2;
  const target = c.name('a processing instruction target');
  if (target.toLowerCase() === 'xml') c.fail('the XML declaration must come first in the file', at);
  if (!c.space() && !c.at('?>')) c.fail('whitespace expected after the processing instruction target');
  c.upTo('?>', 'processing instruction');
}

// Decodes the references in character data or an attribute value that starts at `offset`.
function decode(c: Cursor, raw: string, offset: number): string {
  if (!raw.includes('&')) return raw;
  return raw.replace(/&([^;&\s<]*)(;?)/g, (whole, name: string, semi: string, index: number) => {
    const at = offset + index;
    if (semi === '') c.fail("'&' must start a reference such as &amp;", at);
    const predefined = PREDEFINED[name];
    if (predefined !== undefined) return predefined;
    const code = /^#[0-9]+$/.test(name)
      ? Number(name.slice(1))
      : /^#x[0-9A-Fa-f]+$/.test(name)
        ? Number.parseInt(name.slice(2), 16)
        : undefined;
    if (code === undefined) c.fail(`unknown entity ${whole}`, at);
    const char = code <= 0x10ffff ? String.fromCodePoint(code) : '';
    if (char === '' || NOT_A_CHAR.test(char)) c.fail(`${whole} is not an allowed character`, at);
    return char;
  });
}

function splitName(c: Cursor, qname: string, at: number): [prefix: string, local: string] {
  const parts = qname.split(':');
  if (parts.length === 1) return ['', qname];
  if (parts.length > 2 || parts[0] === '' || parts[1] === '') c.fail(`${qname} is not a qualified name`, at);
  return [parts[0] ?? '', parts[1] ?? ''];
}

interface Attribute {
  name: string;
  value: string;
  at: number;
}

function attributes(c: Cursor): Attribute[] {
  const list: Attribute[] = [];
  for (;;) {
    const spaced = c.space();
    if (c.at('>') || c.at('/>')) return list;
    if (!spaced) c.fail('whitespace expected before an attribute');
    const at = c.pos;
    const name = c.name('an attribute name');
    c.space();
    if (!c.at('=')) c.fail(`'=' expected after attribute ${name}`);
    c.pos++;
    c.space();
    const quote = c.text[c.pos];
    if (quote !== '"' && quote !== "'") c.fail(`the value of attribute ${name} must be in quotes`);
    c.pos++;
    const from = c.pos;
    const raw = c.upTo(quote, `value of attribute ${name}`);
    if (raw.includes('<')) c.fail(`'<' in the value of attribute ${name}`, from + raw.indexOf('<'));
    if (list.some((a) => a.name === name)) c.fail(`attribute ${name} is given twice`, at);
    list.push({ name, value: decode(c, raw.replace(/[\t\n]/g, ' '), from), at });
  }
}

// Applies the element's namespace declarations to the scope it inherits.
function declare(c: Cursor, list: readonly Attribute[], inherited: Scope): Scope {
  let scope: Map<string, string | null> | undefined;
  for (const { name, value, at } of list) {
    if (name !== 'xmlns' && !name.startsWith('xmlns:')) continue;
    const prefix = name === 'xmlns' ? '' : splitName(c, name, at)[1];
    if (prefix === 'xmlns' || value === XMLNS_NS) c.fail('the xmlns prefix and namespace are reserved', at);
    if ((prefix === 'xml') !== (value === XML_NS)) c.fail('the xml prefix and namespace belong together', at);
    if (prefix !== '' && value === '') c.fail(`prefix ${prefix} cannot be bound to no namespace`, at);
    scope ??= new Map(inherited);
    scope.set(prefix, value === '' ? null : value);
  }
  return scope ?? inherited;
}

function element(c: Cursor, inherited: Scope, depth: number): XmlElement {
  const at = c.pos;
  if (depth >= MAX_DEPTH) c.fail(`elements are nested more than ${MAX_DEPTH} deep`);
  c.pos++;
  const qname = c.name('an element name');
  const list = attributes(c);
  const scope = declare(c, list, inherited);
  const [prefix, localName] = splitName(c, qname, at);
  const namespaceURI = prefix === '' ? (scope.get('') ?? null) : scope.get(prefix);
  if (namespaceURI === undefined) c.fail(`namespace prefix ${prefix} is not declared`, at);
  const expanded = new Set<string>();
  for (const a of list) {
    if (a.name === 'xmlns' || a.name.startsWith('xmlns:')) continue;
    const [p, local] = splitName(c, a.name, a.at);
    const ns = p === '' ? '' : scope.get(p);
    if (ns === undefined) c.fail(`namespace prefix ${p} is not declared`, a.at);
    if (expanded.has(`${ns} ${local}`)) c.fail(`attribute ${a.name} is given twice`, a.at);
    expanded.add(`${ns} ${local}`);
  }
  const result: XmlElement = { qname, localName, namespaceURI, children: [] };
  if (c.at('/>')) {
    c.pos += 2;
    return result;
  }
  c.pos++;
  content(c, result, scope, depth);
  return result;
}

function content(c: Cursor, parent: XmlElement, scope: Scope, depth: number): void {
  const push = (text: string) => {
    const last = parent.children.length - 1;
    if (typeof parent.children[last] === 'string') parent.children[last] += text;
    else parent.children.push(text);
  };
  for (;;) {
    const next = c.text.indexOf('<', c.pos);
    if (next < 0) c.fail(`<${parent.qname}> is not closed`, c.text.length);
    if (next > c.pos) {
      const raw = c.text.slice(c.pos, next);
      if (raw.includes(']]>')) c.fail("']]>' is not allowed in text", c.pos + raw.indexOf(']]>'));
      push(decode(c, raw, c.pos));
    }
    c.pos = next;
    if (c.at('</')) {
      c.pos += 2;
      const name = c.name('an element name');
      c.space();
      if (!c.at('>')) c.fail(`'>' expected to end </${name}>`);
      if (name !== parent.qname) c.fail(`</${name}> does not close <${parent.qname}>`, next);
      c.pos++;
      return;
    }
    if (c.at('<!--')) comment(c);
    else if (c.at('<![CDATA[')) {
      c.pos += 9;
      push(c.upTo(']]>', 'CDATA section'));
    } else if (c.at('<?')) instruction(c);
    else if (c.at('<!')) c.fail('a markup declaration is not allowed inside an element');
    else parent.children.push(element(c, scope, depth + 1));
  }
}
