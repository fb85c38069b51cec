// Explains why a string is not a name token (instance or project name), which ends up in folder and file names.

/** What a kind of name may hold. */
export interface TokenRule {
  /** The key, for examples in the fix, e.g. `name`. */
  key: string;
  /** Matches one allowed character. */
  allowed: RegExp;
  /** The allowed characters in words, e.g. `letters, digits, "-" and "_"`. */
  allowedText: string;
  max: number;
  example: string;
  /** Why the characters are limited, e.g. `it names a folder and a file`. */
  why: string;
}

const SEPARATORS = ['/', '\\'];

// Quotes text for a message; JSON escapes only where plain quotes would hide something.
function quote(text: string): string {
  const hidden = [...text].some((char) => char === '"' || char < ' ' || char === '\u007f');
  return hidden ? JSON.stringify(text) : `"${text}"`;
}

function describeChar(char: string): string {
  if (char === ' ') return 'a space';
  if (char === '\t') return 'a tab';
  if (SEPARATORS.includes(char)) return `${quote(char)}, a path separator`;
  const code = char.codePointAt(0) ?? 0;
  if (code < 0x20 || code === 0x7f) return `the control character U+${code.toString(16).padStart(4, '0')}`;
  return quote(char);
}

// Says what is wrong with a string that is not a valid token, or undefined when the input is no string.
export function tokenMessage(input: unknown, rule: TokenRule): string | undefined {
  if (typeof input !== 'string') return undefined;
  if (input === '') return 'must not be empty';
  if (input === '.' || input === '..') {
    return `${quote(input)} means the ${input === '.' ? 'current' : 'parent'} folder, not a name`;
  }
  const chars = [...input];
  if (chars.length > rule.max) return `is ${chars.length} characters long, over the limit of ${rule.max}`;
  // A path separator is the worst offender, so it is named first.
  const bad =
    chars.find((char) => SEPARATORS.includes(char)) ?? chars.find((char) => !rule.allowed.test(char));
  return bad === undefined ? undefined : `${quote(input)} contains ${describeChar(bad)}`;
}

// Says how to fix an invalid token, with an example derived from what was written.
export function tokenFix(rule: TokenRule): (input: unknown) => string {
  return (input) => {
    if (typeof input === 'number') return `quote it: \`${rule.key}: "${input}"\``;
    if (typeof input === 'string' && [...input].length > rule.max) {
      return `shorten it to at most ${rule.max} characters (${rule.why})`;
    }
    const suggestion = typeof input === 'string' ? suggest(input, rule) : undefined;
    return `use only ${rule.allowedText} (${rule.why}), e.g. \`${rule.key}: ${suggestion ?? rule.example}\``;
  };
}

function suggest(input: string, rule: TokenRule): string | undefined {
  const replaced = [...input]
    .map((char) => (rule.allowed.test(char) ? char : '-'))
    .join('')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
  return /[A-Za-z0-9]/.test(replaced) ? replaced : undefined;
}
