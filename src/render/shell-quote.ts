// POSIX shell quoting that bash, dash and zsh all read back exactly.
import { NsoMultiError } from '../errors.js';

// Quotes any string without NUL for a POSIX shell: single quotes keep every byte literal, and a quote
// inside is written as '\'' (close, escaped quote, reopen).
export function shellQuote(value: string): string {
  if (value.includes('\0')) {
    throw new NsoMultiError(
      'INTERNAL',
      `cannot quote a value holding NUL for a shell: ${JSON.stringify(value)}`,
      {
        hint: 'Environment variables cannot hold NUL characters.',
      },
    );
  }
  return `'${value.replaceAll("'", "'\\''")}'`;
}
