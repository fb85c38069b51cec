// Turns the yaml package's syntax errors into spec problems with a fix.
import type { YAMLError } from 'yaml';
import type { PathProblem } from './spec-path.js';

/** A problem placed by its own offset in the text rather than by a key path. */
export interface OffsetProblem extends PathProblem {
  offset: number;
}

const fixByCode: Partial<Record<YAMLError['code'], string>> = {
  TAB_AS_INDENT: 'indent with spaces instead',
  MISSING_CHAR: 'close the quote or bracket opened before this point',
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

// One problem per yaml error, at the offset yaml reports.
export function yamlErrorProblems(errors: readonly YAMLError[]): OffsetProblem[] {
  return errors.map((error) => ({
    path: [],
    offset: error.pos[0],
    message: firstLine(error.message),
    fix: fixByCode[error.code] ?? 'fix the YAML syntax here',
  }));
}

// yaml's message repeats the position and quotes the source below; the problem carries its own position.
function firstLine(message: string): string {
  const line = message.split('\n')[0] ?? message;
  return line.replace(/ at line \d+, column \d+:?$/, '');
}
