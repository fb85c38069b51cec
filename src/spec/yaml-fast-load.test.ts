// The fast load must give exactly yaml's data whenever it answers, and decline whenever yaml reports a problem.
import { readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { fastLoadYaml } from './yaml-fast-load.js';
import { parseSpecText } from './yaml-source.js';

// Same value with the same key order; Object.is for -0 and NaN.
function same(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b) || Object.getPrototypeOf(a) !== Object.getPrototypeOf(b))
    return false;
  const aKeys = Object.keys(a);
  const bKeys = Object.keys(b);
  const aRecord = a as Record<string, unknown>;
  const bRecord = b as Record<string, unknown>;
  return (
    aKeys.length === bKeys.length && aKeys.every((k, i) => k === bKeys[i] && same(aRecord[k], bRecord[k]))
  );
}

function yamlData(text: string): { errors: string[]; data?: unknown } {
  const doc = parseDocument(text, { uniqueKeys: true });
  if (doc.errors.length > 0) return { errors: doc.errors.map((e) => e.code) };
  return { errors: [], data: doc.toJS({ maxAliasCount: 100 }) };
}

const TRICKY = [
  '0',
  '007',
  '0o17',
  '0o8',
  '0x1F',
  '0xg',
  '0X1F',
  '1_000',
  '1e3',
  '1E-3',
  '+1e+3',
  '.5',
  '5.',
  '+12',
  '-0',
  '+0.0',
  '-0.0',
  '.inf',
  '-.Inf',
  '+.INF',
  '.NaN',
  '.nan',
  '.NAN',
  'nan',
  'inf',
  'yes',
  'no',
  'on',
  'off',
  'y',
  'n',
  'True',
  'TRUE',
  'tRue',
  'false',
  'FALSE',
  'NULL',
  'Null',
  'nULL',
  'null',
  '~',
  '2001-12-14',
  '2001-12-14t21:59:43.10-05:00',
  '12:30:45',
  '1:20',
  'a:b',
  'a#b',
  'x # note',
  'http://x.y/z?q=1',
  '123456789012345678901234567890',
  '9007199254740993',
  '0b101',
  '1.0',
  '-1.5e+10',
  'foo bar',
  'foo',
  'é',
  '-x',
  '.',
  'a,b',
  'a]b',
  'a}b',
  '-1',
];
const word = fc.stringMatching(/^[a-z][a-z0-9-]{0,6}$/);
const plain = fc.oneof(fc.constantFrom(...TRICKY), word);
const singleQuoted = fc
  .array(fc.constantFrom('a', ' ', "''", ':', '#', '"', '\\', 'é', '1'), { maxLength: 6 })
  .map((parts) => `'${parts.join('')}'`);
const doubleQuoted = fc
  .array(
    fc.constantFrom(
      'a',
      ' ',
      ':',
      '#',
      "'",
      '\\n',
      '\\t',
      '\\"',
      '\\\\',
      '\\x41',
      '\\u00e9',
      '\\U0001F600',
      '\\/',
      '\\ ',
      '\\_',
      '\\N',
      '\\0',
      '1',
    ),
    { maxLength: 6 },
  )
  .map((parts) => `"${parts.join('')}"`);
const scalar = fc.oneof({ weight: 4, arbitrary: plain }, singleQuoted, doubleQuoted, fc.constant(''));
const key = fc.oneof({ weight: 6, arbitrary: word }, fc.constantFrom(...TRICKY), singleQuoted, doubleQuoted);

// Flow collections, with the entries YAML allows there: a key without a value, a pair inside a sequence.
const flow: fc.Memo<string> = fc.memo((n) => {
  const leaf = scalar.filter((s) => s !== '');
  if (n <= 1) return leaf;
  const pair = fc.tuple(key, flow(n - 1)).map(([k, v]) => `${k}: ${v}`);
  return fc.oneof(
    { weight: 2, arbitrary: leaf },
    fc
      .array(fc.oneof({ weight: 3, arbitrary: flow(n - 1) }, pair), { maxLength: 3 })
      .map((items) => `[${items.join(', ')}]`),
    fc
      .array(fc.oneof({ weight: 3, arbitrary: pair }, key, flow(n - 1)), { maxLength: 3 })
      .map((entries) => `{${entries.join(', ')}}`),
  );
});

const blockScalar = fc
  .tuple(
    fc.constantFrom('|', '>'),
    fc.constantFrom('', '-', '+'),
    fc.array(fc.constantFrom('text', 'more words', '', '  indented', 'a: b', '# not a comment'), {
      minLength: 1,
      maxLength: 4,
    }),
  )
  .map(([style, chomp, lines]) => ({ header: `${style}${chomp}`, lines }));

type Node =
  | { kind: 'scalar'; text: string }
  | { kind: 'block'; header: string; lines: string[] }
  | { kind: 'map'; pairs: [string, Node][] }
  | { kind: 'seq'; items: Node[] };

const node: fc.Memo<Node> = fc.memo((n) =>
  n <= 1
    ? fc.oneof(
        { weight: 4, arbitrary: fc.oneof(scalar, flow(2)).map((text): Node => ({ kind: 'scalar', text })) },
        blockScalar.map((b): Node => ({ kind: 'block', ...b })),
      )
    : fc.oneof(
        { weight: 2, arbitrary: node(1) },
        fc
          .array(fc.tuple(key, node(n - 1)), { minLength: 1, maxLength: 4 })
          .map((pairs): Node => ({ kind: 'map', pairs })),
        fc.array(node(n - 1), { minLength: 1, maxLength: 3 }).map((items): Node => ({ kind: 'seq', items })),
      ),
);

// Writes the node as block YAML at `indent`; `inline` is what precedes it on its line ("key:" or "-").
function render(value: Node, indent: string, comment: boolean): string[] {
  const note = comment ? ' # note' : '';
  if (value.kind === 'scalar') return [` ${value.text}${value.text === '' ? '' : note}`];
  if (value.kind === 'block')
    return [` ${value.header}`, ...value.lines.map((l) => (l === '' ? '' : `${indent}  ${l}`))];
  const lines: string[] = [''];
  const inner = `${indent}  `;
  if (comment) lines.push(`${indent}  # see &x *y !z 50% ? a << b \\U`);
  if (value.kind === 'map') {
    for (const [k, v] of value.pairs) {
      const [head, ...rest] = render(v, inner, comment);
      lines.push(`${inner}${k}:${head}`, ...rest);
    }
  } else {
    for (const item of value.items) {
      const [head, ...rest] = render(item, inner, comment);
      lines.push(`${inner}-${head}`, ...rest);
    }
  }
  return lines;
}

const document = fc
  .tuple(fc.array(fc.tuple(key, node(3)), { minLength: 1, maxLength: 5 }), fc.boolean(), fc.boolean())
  .map(([pairs, comment, docStart]) => {
    const lines = docStart ? ['---'] : [];
    for (const [k, v] of pairs) {
      const [head, ...rest] = render(v, '', comment);
      lines.push(`${k}:${head}`, ...rest);
    }
    return `${lines.join('\n')}\n`;
  });

// Real specs: the example and every bad-spec fixture.
const FIXTURES = new URL('../../test/fixtures/bad-specs/', import.meta.url);
const realSpecs = [
  readFileSync(new URL('../../instances.example.yaml', import.meta.url), 'utf8'),
  ...readdirSync(FIXTURES)
    .filter((name) => /\.(?:ya?ml|json)$/.test(name))
    .map((name) => readFileSync(new URL(name, FIXTURES), 'utf8')),
];

// Small edits that often break YAML: what yaml rejects must never be taken by the fast load.
const mutated = fc
  .tuple(
    fc.oneof(document, fc.constantFrom(...realSpecs)),
    fc.array(
      fc.tuple(
        fc.nat(),
        fc.nat(3),
        fc.constantFrom(
          ' ',
          '  ',
          '\n',
          ':',
          '- ',
          '#',
          '"',
          "'",
          '[',
          ']',
          '{',
          '}',
          ',',
          '? ',
          '|',
          '>',
          'a',
          '1',
          '.',
          '\t',
          '\r\n',
          '',
        ),
      ),
      {
        minLength: 1,
        maxLength: 3,
      },
    ),
  )
  .map(([text, edits]) => {
    let out = text;
    for (const [at, cut, insert] of edits) {
      const i = at % (out.length + 1);
      out = out.slice(0, i) + insert + out.slice(i + cut);
    }
    return out;
  });

describe('fastLoadYaml: exactly yaml’s data, or it declines', () => {
  it('gives yaml’s data for generated spec-like documents, and takes most of them', () => {
    let taken = 0;
    let runs = 0;
    fc.assert(
      fc.property(document, (text) => {
        runs++;
        const fast = fastLoadYaml(text);
        if (fast === undefined) return;
        taken++;
        const expected = yamlData(text);
        expect(expected.errors, text).toEqual([]);
        expect(same(fast.data, expected.data), text).toBe(true);
      }),
      { numRuns: 3000 },
    );
    // The generator is full of traps, yet a fast path that declined nearly everything would prove nothing.
    expect(taken).toBeGreaterThan(runs / 5);
  });

  it('never answers for a text yaml reports a problem in, and answers yaml’s data for the rest', () => {
    fc.assert(
      fc.property(mutated, (text) => {
        const fast = fastLoadYaml(text);
        if (fast === undefined) return;
        const expected = yamlData(text);
        expect(expected.errors, JSON.stringify(text)).toEqual([]);
        expect(same(fast.data, expected.data), JSON.stringify(text)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it.each([
    ['an anchor and alias', 'a: &x 1\nb: *x\n'],
    ['a tag', 'a: !!str 1\n'],
    ['a directive', '%YAML 1.2\n---\na: 1\n'],
    ['a merge key', 'a: {b: 1}\nc:\n  <<: {d: 2}\n'],
    ['a tab', 'a:\t1\n'],
    ['a CR', 'a: 1\r\n'],
    ['a BOM', '\ufeffa: 1\n'],
    ['an explicit key', '? a\n: 1\n'],
    ['a duplicate key', 'a: 1\na: 2\n'],
    ['two documents', 'a: 1\n---\nb: 2\n'],
    ['a null key', '~: 1\n'],
    ['an empty key in a flow mapping', '{: 1}\n'],
    ['a key "null"', '"null": 1\n'],
    ['a flow sequence as key', '[a]: 1\n'],
    ['a flow mapping as key', '{[a]: 1}\n'],
    ['a flow sequence as key without a value', 'a: { b, [c] }\n'],
    ['a flow mapping as key without a value', '{ {c: 1} }\n'],
    ['a key over 1000 characters', `${'k'.repeat(1001)}: 1\n`],
    ['a flow sequence over two lines', 'a: [1,\n  2]\n'],
    ['a flow sequence not indented enough', 'a: [1,\n2]\n'],
    ['a double-quoted value over two lines', 'k: "abc\ndef"\n'],
    ['a single-quoted value over two lines', "k: 'abc\n  def'\n"],
    ['a comment right after a quote', "a: 'x'#c\n"],
    ['a comment right after a bracket', 'a: [x]#c\n'],
    ['a syntax error', 'a: b: c\n'],
    ['content on the line of ---', '---  a: 1\n'],
    ['a comment glued to ---', '---#\na: 1\n'],
    ['a last line of spaces', 'a: |+\n  x\n '],
    ['an empty sequence entry', 'a:\n  - - \n  - x\n'],
    ['a \\U escape', 'a: "\\U00110000"\n'],
  ])('declines %s', (_what, text) => {
    expect(fastLoadYaml(text)).toBeUndefined();
  });

  it.each([
    ['an empty text', '', null],
    [
      'a __proto__ key as an own key',
      '__proto__: {a: 1}\nb: 2\n',
      JSON.parse('{"__proto__": {"a": 1}, "b": 2}'),
    ],
    ['only a comment', '# nothing\n', null],
    [
      '-0 and big integers as yaml reads them',
      'a: -0\nb: 12345678901234567890\n',
      { a: -0, b: Number.parseInt('12345678901234567890', 10) },
    ],
    [
      'yaml 1.2 core scalars',
      'a: 0o17\nb: 0x1F\nc: 1_000\nd: yes\ne: .NaN\nf: 2001-12-14\n',
      { a: 15, b: 31, c: '1_000', d: 'yes', e: Number.NaN, f: '2001-12-14' },
    ],
    [
      'a JSON spec on one line (its flow mapping is the root node)',
      '{"project":"p","instances":[{"name":"a","ports":{"ipc":4569}}]}',
      { project: 'p', instances: [{ name: 'a', ports: { ipc: 4569 } }] },
    ],
  ])('loads %s', (_what, text, expected) => {
    const fast = fastLoadYaml(text);
    expect(fast).toBeDefined();
    expect(same(fast?.data, expected)).toBe(true);
    expect(same(fast?.data, yamlData(text).data)).toBe(true);
  });
});

describe('parseSpecText on the fast path', () => {
  it('takes the fast path for the example spec and a spec of 1000 instances', async () => {
    const example = await readFile(new URL('../../instances.example.yaml', import.meta.url), 'utf8');
    const names = Array.from({ length: 1000 }, (_, i) => `  - name: i${i + 1}`);
    const large = `project: big\nlayout: { base: 10000, stride: 10 }\nnso: { version: "6.2" }\ninstances:\n${names.join('\n')}\n`;
    for (const text of [example, large]) {
      const fast = fastLoadYaml(text);
      expect(fast).toBeDefined();
      expect(same(fast?.data, yamlData(text).data)).toBe(true);
    }
  });

  it('gives the same data and positions as the yaml path, parsing for positions only when asked', async () => {
    const text = 'project: p\ninstances:\n  - name: a\n  - name: b\n    ports: { ipc: 4569 }\n';
    const parsed = await parseSpecText(text);
    const slow = await parseSpecText(`${text}# &\n`);
    expect(parsed.usable).toBe(true);
    expect(parsed.problems).toEqual([]);
    expect(parsed.data).toEqual(slow.data);
    expect(await parsed.locate(['instances', 1, 'ports', 'ipc'])).toEqual({ line: 5, col: 14 });
    expect(await parsed.locate(['instances', 1, 'ports', 'ipc'])).toEqual(
      await slow.locate(['instances', 1, 'ports', 'ipc']),
    );
  });

  it('takes the value under the package key', async () => {
    const parsed = await parseSpecText('{"name": "x", "nso-multi": {"project": "p"}}', 'nso-multi');
    expect(parsed.data).toEqual({ project: 'p' });
    expect(await parsed.locate(['project'])).toEqual({ line: 1, col: 29 });
  });
});
