// Turns the yaml package's syntax errors into spec problems with a plain message and a fix, placed where the
// user has to look (the quote or bracket left open, the repeated key) rather than where yaml noticed.
import type { Document, LineCounter, YAMLError } from 'yaml';
import type { PathProblem } from './spec-path.js';
import type { Position } from './yaml-locate.js';
import { duplicateKeyAt, unclosedFlow, unclosedQuote } from './yaml-syntax-hints.js';

/** A problem placed by its own offset in the text rather than by a key path. */
interface OffsetProblem extends PathProblem {
  offset: number;
}

const fixByMessage: [RegExp, string][] = [
  [/^Implicit map keys need to be followed by map values/, 'add `: value` after the key, or quote the text'],
  [/^Missing , /, 'separate the items with ","'],
  [
    /^Nested mappings are not allowed in compact mappings/,
    'put the nested mapping on its own lines, or in { }',
  ],
];

const fixByCode: Partial<Record<YAMLError['code'], string>> = {
  TAB_AS_INDENT: 'indent with spaces instead',
  MISSING_CHAR: 'add the missing character here',
  DUPLICATE_KEY: 'keep only one of the two keys',
  BAD_INDENT: 'indent the keys of one mapping to the same column, with spaces',
  MULTIPLE_DOCS: 'keep a single YAML document: remove the `---` separator and what follows',
  BLOCK_AS_IMPLICIT_KEY: 'put a space after the colon, or quote the key',
  MULTILINE_IMPLICIT_KEY: 'keep a key on one line, or quote it',
  BAD_DQ_ESCAPE: 'fix the backslash escape, or use single quotes',
  BAD_SCALAR_START: 'quote the value',
  UNEXPECTED_TOKEN: 'check the YAML syntax here; quote values that contain `:`, `#`, `[` or `{`',
  KEY_OVER_1024_CHARS: 'shorten the key, or quote it',
};

const CLOSER: Record<string, string> = { '[': ']', '{': '}', '"': '"', "'": "'" };

// One problem per yaml error, placed in the text (errors about the same open quote or bracket count once).
export function yamlErrorProblems(doc: Document, lineCounter: LineCounter): (PathProblem & Position)[] {
  const problems = new Map<string, PathProblem & Position>();
  for (const error of doc.errors) {
    const { offset, ...problem } = explain(doc, error, (at) => lineCounter.linePos(at));
    const position = lineCounter.linePos(offset);
    problems.set(`${offset}\n${problem.message}`, { ...problem, ...position });
  }
  return [...problems.values()];
}

function explain(doc: Document, error: YAMLError, linePos: (offset: number) => Position): OffsetProblem {
  const message = firstLine(error.message);
  const offset = error.pos[0];
  if (error.code === 'MISSING_CHAR' && /^Missing closing .?quote/.test(message)) {
    const quote = unclosedQuote(doc);
    if (quote) return opened(quote.offset, quote.char);
  }
  if (/in block collection must be sufficiently indented and end with a/.test(message)) {
    const flow = unclosedFlow(doc);
    if (flow) return opened(flow.offset, flow.char);
  }
  if (error.code === 'DUPLICATE_KEY') {
    const duplicate = duplicateKeyAt(doc, offset);
    if (duplicate) {
      const first = linePos(duplicate.firstOffset);
      return {
        path: duplicate.path,
        offset,
        message: `is given twice in this mapping (first at line ${first.line}, column ${first.col})`,
        fix: 'keep only one of the two keys',
      };
    }
  }
  if (/^Sequence item without - indicator/.test(message)) {
    return {
      path: [],
      offset,
      message: 'this line is not lined up with the keys above it (YAML reads a list item without "- ")',
      fix: 'indent it exactly like the keys above it, or start it with "- " if it begins a new item',
    };
  }
  if (error.code === 'MULTIPLE_DOCS') {
    return {
      path: [],
      offset,
      message: 'the file holds more than one YAML document',
      fix: fixByCode.MULTIPLE_DOCS!,
    };
  }
  const fix = fixByMessage.find(([pattern]) => pattern.test(message))?.[1];
  return { path: [], offset, message, fix: fix ?? fixByCode[error.code] ?? 'fix the YAML syntax here' };
}

function opened(offset: number, char: string): OffsetProblem {
  const close = CLOSER[char] ?? char;
  const flow = char === '[' || char === '{';
  return {
    path: [],
    offset,
    message: flow
      ? `the \`${char}\` opened here is never closed`
      : `the ${char}-quoted value opened here is never closed`,
    fix: flow
      ? `add the closing \`${close}\` (a list or mapping in brackets that goes on over several lines must indent them more than its key)`
      : `add the closing ${close} where the value ends`,
  };
}

// yaml's message repeats the position and quotes the source below; the problem carries its own position.
function firstLine(message: string): string {
  const line = message.split('\n')[0] ?? message;
  return line.replace(/ at line \d+, column \d+:?$/, '');
}
