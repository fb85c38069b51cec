// Quoting that bash, dash, zsh and the npm `dotenv` parser all read back as the same value.
import { shellQuote } from './shell-quote.js';

// Characters a shell treats specially inside double quotes; dotenv also expands \n and \r there.
const DOUBLE_QUOTE_SPECIAL = /["$`\\]/;

// True when one quoted form is read exactly by the shells and by dotenv (both its parsers):
// - single quotes carry anything without ', except a trailing backslash, which dotenv takes as escaping
//   the closing quote (its match then runs on into later lines);
// - double quotes carry ' when nothing special to a shell or to dotenv ("  $  `  \) is present;
// - CR never survives: dotenv turns CR and CRLF in the file into LF; NUL never reaches a shell.
export function dotenvCanCarry(value: string): boolean {
  if (value.includes('\r') || value.includes('\0')) return false;
  if (!value.includes("'")) return !value.endsWith('\\');
  return !DOUBLE_QUOTE_SPECIAL.test(value);
}

// The value quoted for shells and dotenv at once when dotenvCanCarry says so; otherwise the shell-exact
// form, which dotenv misreads (callers warn about those keys).
export function dotenvQuote(value: string): string {
  if (dotenvCanCarry(value) && value.includes("'")) return `"${value}"`;
  return shellQuote(value);
}
