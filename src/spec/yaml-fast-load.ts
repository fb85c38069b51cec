// A fast load of plain, valid spec text with js-yaml (~10× cheaper than yaml's Document with positions). It
// must give exactly the data yaml's parseDocument(...).toJS() gives, so it declines (returns undefined)
// whenever it might not: anything rare or error-prone goes to the yaml path, which keeps every position.
import jsyaml from 'js-yaml';

type Resolver = [test: RegExp, construct: (text: string) => unknown];

const TAG = 'tag:yaml.org,2002:';

// yaml's YAML 1.2 core schema (node_modules/yaml/dist/schema/core), in its order; js-yaml's own core schema
// differs (it reads `1_000`, `0b1`, `+.5e3`...). Within one tag the tests exclude each other.
const INT: Resolver[] = [
  [/^0o[0-7]+$/, (text) => Number.parseInt(text.substring(2), 8)],
  [/^[-+]?[0-9]+$/, (text) => Number.parseInt(text, 10)],
  [/^0x[0-9a-fA-F]+$/, (text) => Number.parseInt(text.substring(2), 16)],
];
const FLOAT: Resolver[] = [
  [
    /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
    (text) =>
      text.slice(-3).toLowerCase() === 'nan'
        ? Number.NaN
        : text[0] === '-'
          ? Number.NEGATIVE_INFINITY
          : Number.POSITIVE_INFINITY,
  ],
  [/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/, (text) => Number.parseFloat(text)],
  [/^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/, (text) => Number.parseFloat(text)],
];

function implicitType(tag: string, resolvers: Resolver[]): jsyaml.Type {
  const find = (data: unknown) =>
    typeof data === 'string' ? resolvers.find(([test]) => test.test(data)) : undefined;
  return new jsyaml.Type(TAG + tag, {
    kind: 'scalar',
    resolve: (data) => find(data) !== undefined,
    construct: (data) => find(data)?.[1](data as string),
  });
}

const CORE_LIKE_YAML = jsyaml.FAILSAFE_SCHEMA.extend({
  implicit: [
    implicitType('null', [[/^(?:~|[Nn]ull|NULL)?$/, () => null]]),
    implicitType('bool', [
      [/^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/, (text) => text[0] === 't' || text[0] === 'T'],
    ]),
    implicitType('int', INT),
    implicitType('float', FLOAT),
  ],
});

const COMMENT_LINE = /^[ ]*#.*$/gm;
// Anchors, aliases, tags, directives, merge keys, tabs, CR, a BOM: rare in a spec, so left to yaml.
const RARE_SYNTAX = /[&*!%\t\r\ufeff]|<</;
// An explicit key (`? key`): its key may be a collection, which the two libraries turn into different strings.
const EXPLICIT_KEY = /(?:^|[\s[{,])\?(?:\s|$)/;
// An empty block sequence entry (`-` ending its line): js-yaml 4.3.2 wrongly adds the items of an outer,
// less indented sequence after it to the inner one.
const EMPTY_ENTRY = /(?:^|\s)-[ ]*(?:#.*)?$/m;
// Content on the line of a document marker (`--- a: 1`): yaml refuses a block mapping there, js-yaml does not.
const MARKER_LINE = /^(?:---|\.\.\.)(?!(?:[ ]+#.*)?[ ]*$)/m;
// A last line of only spaces without a line break: js-yaml adds one, which a kept (`|+`) block scalar keeps.
const SPACES_AT_END = /(?:^|\n)[ ]+$/;
// A \U escape: js-yaml reads code points beyond U+10FFFF, which yaml refuses.
const LONG_ESCAPE = /\\U/;
// yaml refuses implicit keys longer than 1024 characters; js-yaml does not.
const LONG_KEY = 1000;

/** What js-yaml's listener is given: the loader's state. */
interface LoaderState {
  input: string;
  position: number;
  kind: string | null;
  result: unknown;
}

function skipBlank(input: string, from: number, end: number): number {
  let at = from;
  while (at < end) {
    const char = input[at];
    if (char === ' ' || char === '\n') at++;
    else if (char === '#') {
      while (at < end && input[at] !== '\n') at++;
    } else break;
  }
  return at;
}

// A collection in a flow mapping (`{ [a] }`, `{ {a: 1}, b }`) that no `:` comes before is a key. The parent
// must open before it: a document's root node opens where its flow collection does (a JSON spec).
function isFlowMappingKey(input: string, start: number, parentOpen: number | undefined): boolean {
  if (parentOpen === undefined) return false;
  const open = skipBlank(input, parentOpen, start);
  if (open >= start || input[open] !== '{') return false;
  let before = start - 1;
  while (input[before] === ' ') before--;
  return input[before] !== ':';
}

// Watches every node js-yaml reads for what yaml treats differently: quoted scalars and flow collections over
// several lines (yaml checks their indentation), a comment right after a closing quote or bracket (yaml wants
// a space), and keys that are collections (also without a value in a flow mapping), null or very long (yaml turns them into other strings, or refuses).
function nodeWatcher(): { unsure: () => boolean; listener: (event: string, state: LoaderState) => void } {
  const starts: number[] = [];
  let unsure = false;
  const listener = (event: string, state: LoaderState) => {
    if (event === 'open') {
      starts.push(state.position);
      return;
    }
    const { input, position: end } = state;
    const start = skipBlank(input, starts.pop() ?? 0, end);
    const first = input[start];
    const quoted = (first === '"' || first === "'") && state.kind === 'scalar';
    if (quoted || first === '[' || first === '{') {
      const lineBreak = input.indexOf('\n', start);
      if ((lineBreak !== -1 && lineBreak < end) || input[end] === '#') unsure = true;
    }
    if ((first === '[' || first === '{') && isFlowMappingKey(input, start, starts.at(-1))) unsure = true;
    let next = end;
    while (input[next] === ' ') next++;
    if (input[next] === ':' && (state.kind !== 'scalar' || state.result === null || end - start > LONG_KEY))
      unsure = true;
  };
  return { unsure: () => unsure, listener };
}

// js-yaml writes a null key as "null", yaml as "".
function hasNullKey(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasNullKey);
  if (typeof value !== 'object' || value === null) return false;
  for (const [key, inner] of Object.entries(value)) if (key === 'null' || hasNullKey(inner)) return true;
  return false;
}

/** The data of a spec text, loaded without positions. */
export interface FastLoaded {
  data: unknown;
}

// Loads the text with js-yaml when that surely gives yaml's data for a valid document; undefined otherwise
// (including every text yaml would report a problem in), and the caller parses with yaml.
export function fastLoadYaml(text: string): FastLoaded | undefined {
  if (MARKER_LINE.test(text) || SPACES_AT_END.test(text)) return undefined;
  // A line that holds only a comment is no YAML syntax for either library (in a block scalar it is text).
  const code = text.replace(COMMENT_LINE, '');
  for (const pattern of [RARE_SYNTAX, EXPLICIT_KEY, EMPTY_ENTRY, LONG_ESCAPE])
    if (pattern.test(code)) return undefined;
  const watcher = nodeWatcher();
  let data: unknown;
  try {
    data = jsyaml.load(text, { schema: CORE_LIKE_YAML, listener: watcher.listener });
  } catch {
    return undefined;
  }
  if (watcher.unsure() || hasNullKey(data)) return undefined;
  // js-yaml gives undefined for a text without a document, yaml null.
  return { data: data === undefined ? null : data };
}
