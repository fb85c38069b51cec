import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import dotenv from 'dotenv';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dotenvCanCarry } from '../../src/render/dotenv-quote.js';
import { formatEnv, renderEnvFile } from '../../src/render/env-file.js';
import { SHELLS, shellSkipReason, sourceAndRead } from './shell-read.js';

// A folder name with everything a shell or dotenv could trip over.
const HOSTILE_DIR_NAME = 'nso-multi env $HOME `id` \'q\' "d" \\ back\nline ü😀 #';

let dir = '';
let fileCount = 0;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), HOSTILE_DIR_NAME));
});

afterAll(() => {
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

function writeTemp(text: string): string {
  fileCount += 1;
  const file = join(dir, `env ${fileCount}.sh`);
  writeFileSync(file, text);
  return file;
}

function hostileValues(): string[] {
  return [
    dir,
    join(dir, 'run', 'one', 'ipc-secret'),
    '',
    ' leading and trailing spaces ',
    "it's",
    "'",
    "''",
    '"',
    'it\'s "both"',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal ${VAR}, as NSO and shells see it
    '$HOME ${HOME} $(id) `id`',
    "it's $HOME",
    'back\\slash \\n \\r \\t \\\\',
    'trailing backslash\\',
    "it's trailing\\",
    'line\nbreak\n',
    'carriage\rreturn\r\n',
    '\ttab',
    '#not a comment',
    'key=value; export X=1',
    '-n',
    '*?[a]~!',
    'üñíçødé 😀 \u2028\u2029 \u00a0',
    "'\\''",
  ];
}

function asEnv(values: readonly string[]): Record<string, string> {
  return Object.fromEntries(values.map((value, i) => [`V_${i}`, value]));
}

describe.each(SHELLS)('%s reads env files back exactly', (shell) => {
  const reason = shellSkipReason(shell);

  it.skipIf(reason !== null)(`the env file of hostile values${reason ? ` (skipped: ${reason})` : ''}`, () => {
    const values = hostileValues();
    const file = writeTemp(renderEnvFile(asEnv(values), ['header; with `ticks` and $vars']).text);
    expect(sourceAndRead(shell, file, Object.keys(asEnv(values)))).toEqual(values);
  });

  it.skipIf(reason !== null)(
    `the sh format of hostile values${reason ? ` (skipped: ${reason})` : ''}`,
    () => {
      const values = hostileValues();
      const file = writeTemp(formatEnv(asEnv(values), 'sh'));
      expect(sourceAndRead(shell, file, Object.keys(asEnv(values)))).toEqual(values);
    },
  );

  it.skipIf(reason !== null)(
    `unset clears a variable left over from another instance${reason ? ` (skipped: ${reason})` : ''}`,
    () => {
      const file = writeTemp(renderEnvFile({ KEEP: 'k' }, [], ['NCS_IPC_PATH']).text);
      expect(sourceAndRead(shell, file, ['NCS_IPC_PATH', 'KEEP'], { NCS_IPC_PATH: '/stale' })).toEqual([
        null,
        'k',
      ]);
    },
  );

  it.skipIf(reason !== null)(
    `any string without NUL, in batches (property)${reason ? ` (skipped: ${reason})` : ''}`,
    () => {
      const value = fc
        .oneof(
          fc.string({ unit: 'binary', maxLength: 40 }),
          fc.string({ unit: fc.constantFrom(...SPECIAL_CHARS), maxLength: 20 }),
        )
        .map((s) => s.replaceAll('\0', ''));
      fc.assert(
        fc.property(fc.array(value, { minLength: 1, maxLength: 40 }), (values) => {
          const env = asEnv(values);
          const file = writeTemp(renderEnvFile(env, []).text);
          expect(sourceAndRead(shell, file, Object.keys(env))).toEqual(values);
          const sh = writeTemp(formatEnv(env, 'sh'));
          expect(sourceAndRead(shell, sh, Object.keys(env))).toEqual(values);
        }),
        { numRuns: 50 },
      );
    },
  );
});

const SPECIAL_CHARS = [
  "'",
  '"',
  '$',
  '`',
  '\\',
  '\n',
  '\r',
  '#',
  ' ',
  '=',
  'a',
  'n',
  'r',
  '{',
  '}',
  '\t',
  'é',
  '😀',
];

/** What dotenv (both of its parsers) reads from `text`. */
function dotenvReads(text: string): Record<string, string>[] {
  return [dotenv.parse(text), dotenv.parse(text, { fast: true })];
}

describe('dotenv reads env files back', () => {
  it('exactly where dotenvCanCarry says so, and the file reports every other key', () => {
    const env = asEnv(hostileValues());
    for (const text of [renderEnvFile(env, ['header']).text, formatEnv(env, 'dotenv')]) {
      for (const parsed of dotenvReads(text)) {
        for (const [key, value] of Object.entries(env)) {
          if (dotenvCanCarry(value)) expect(parsed[key], key).toBe(value);
        }
      }
    }
    const unsafe = Object.entries(env).filter(([, value]) => !dotenvCanCarry(value));
    expect(renderEnvFile(env, []).dotenvUnsafe).toEqual(unsafe.map(([key]) => key));
  });

  it('misreads the values dotenvCanCarry rejects (so the warning is needed)', () => {
    // A trailing backslash escapes the closing quote; the next line decides how far dotenv reads.
    const cases: [string, string][] = [
      ['it\'s "both"', 'x'],
      ["it's $HOME", 'x'],
      ['trailing backslash\\', '#x'],
      ['carriage\rreturn', 'x'],
    ];
    for (const [value, next] of cases) {
      const text = renderEnvFile({ A: value, B: next }, []).text;
      for (const parsed of dotenvReads(text)) expect(parsed.A, JSON.stringify(value)).not.toBe(value);
    }
  });

  it('every string dotenvCanCarry accepts, in batches (property)', () => {
    const value = fc
      .oneof(
        fc.string({ unit: fc.constantFrom(...SPECIAL_CHARS), maxLength: 20 }),
        fc.string({ unit: 'binary', maxLength: 20 }),
      )
      .filter(dotenvCanCarry);
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 30 }), (values) => {
        const env = asEnv(values);
        for (const text of [renderEnvFile(env, []).text, formatEnv(env, 'dotenv')]) {
          for (const parsed of dotenvReads(text)) expect(Object.values(parsed)).toEqual(values);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
