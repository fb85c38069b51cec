// Env files and `env` output: the same variables as shell lines, dotenv lines or JSON.
import { NsoMultiError } from '../errors.js';
import { dotenvCanCarry, dotenvQuote } from './dotenv-quote.js';
import { shellQuote } from './shell-quote.js';

const ENV_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export type EnvFormat = 'sh' | 'dotenv' | 'json';

function checkKey(key: string): void {
  if (!ENV_KEY.test(key)) {
    throw new NsoMultiError('INTERNAL', `${JSON.stringify(key)} is not a valid environment variable name`, {
      hint: 'Names must match [A-Za-z_][A-Za-z0-9_]*.',
    });
  }
}

// Files are UTF-8: a lone surrogate would come back as U+FFFD, so refuse it rather than write a wrong value.
function checkEnv(env: Record<string, string>, unset: readonly string[]): void {
  for (const [key, value] of Object.entries(env)) {
    checkKey(key);
    if (LONE_SURROGATE.test(value)) {
      throw new NsoMultiError('INTERNAL', `${key}: the value is not valid Unicode (lone surrogate)`);
    }
  }
  for (const key of unset) checkKey(key);
}

function commentLines(header: readonly string[]): string[] {
  return header.flatMap((line) => line.split(/\r\n|\r|\n/)).map((line) => (line === '' ? '#' : `# ${line}`));
}

function unsetLines(unset: readonly string[]): string[] {
  return unset.length === 0 ? [] : [`unset ${unset.join(' ')}`];
}

// The per-instance env file: header comments, `unset` of variables that must not leak in from another
// instance, then one `export KEY=value` per variable, quoted so that shells and dotenv agree where they
// can; `dotenvUnsafe` lists the keys where they cannot (the file then holds the shell-exact form).
export function renderEnvFile(
  env: Record<string, string>,
  header: readonly string[],
  unset: readonly string[] = [],
): { text: string; dotenvUnsafe: string[] } {
  checkEnv(env, unset);
  const entries = Object.entries(env);
  const lines = [
    ...commentLines(header),
    ...unsetLines(unset),
    ...entries.map(([key, value]) => `export ${key}=${dotenvQuote(value)}`),
  ];
  const dotenvUnsafe = entries.filter(([, value]) => !dotenvCanCarry(value)).map(([key]) => key);
  return { text: `${lines.join('\n')}\n`, dotenvUnsafe };
}

// What renderEnvFile checks and reports, without building the text (`plan` writes no file): throws where
// rendering would, and returns the keys dotenv cannot read back exactly.
export function checkEnvFile(
  env: Record<string, string>,
  unset: readonly string[] = [],
): { dotenvUnsafe: string[] } {
  checkEnv(env, unset);
  const dotenvUnsafe = Object.keys(env).filter((key) => !dotenvCanCarry(env[key]!));
  // Those values are written shell-quoted, and shellQuote refuses what no shell can read back (NUL).
  for (const key of dotenvUnsafe) shellQuote(env[key]!);
  return { dotenvUnsafe };
}

// The variables for `nso-multi env`: `sh` for eval (unsets first), `dotenv` for dotenv loaders (which
// cannot unset), `json` as one object of the variables that are set.
export function formatEnv(
  env: Record<string, string>,
  format: EnvFormat,
  unset: readonly string[] = [],
): string {
  checkEnv(env, unset);
  const entries = Object.entries(env);
  switch (format) {
    case 'sh':
      return [
        ...unsetLines(unset),
        ...entries.map(([key, value]) => `export ${key}=${shellQuote(value)}`),
        '',
      ].join('\n');
    case 'dotenv':
      return entries.map(([key, value]) => `${key}=${dotenvQuote(value)}\n`).join('');
    case 'json':
      return `${JSON.stringify(env)}\n`;
    default:
      throw new NsoMultiError('INTERNAL', `unknown env format ${String(format)}`);
  }
}
