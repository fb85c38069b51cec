// Argument parsing on node:util's parseArgs: global options are accepted before and after the command.
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { NsoMultiError } from '../errors.js';
import type { GlobalOptions } from './command.js';

type Options = NonNullable<ParseArgsConfig['options']>;

const GLOBAL_OPTIONS = {
  config: { type: 'string', short: 'c' },
  debug: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Options;

export interface ParsedCommandArgs<T extends Options> {
  values: { [K in keyof T]?: T[K] extends { type: 'boolean' } ? boolean : string };
  positionals: string[];
  global: GlobalOptions;
  help: boolean;
}

// Parses a command's arguments; unknown options and missing values are usage errors (exit 2).
export function parseCommandArgs<T extends Options>(
  args: string[],
  options: T,
  usage: string,
  global: GlobalOptions,
): ParsedCommandArgs<T> {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args,
      options: { ...GLOBAL_OPTIONS, ...options },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new NsoMultiError('USAGE', (error as Error).message.replace(/\. To specify a positional.*$/s, ''), {
      hint: `usage: ${usage}`,
    });
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  return {
    values: values as ParsedCommandArgs<T>['values'],
    positionals: parsed.positionals,
    global: {
      config: (values.config as string | undefined) ?? global.config,
      debug: values.debug === true || global.debug,
    },
    help: values.help === true,
  };
}

// Refuses positional arguments for a command that takes none: `NAME takes no arguments (got …)`, exit 2.
export function refusePositionals(positionals: readonly string[], name: string, usage: string): void {
  if (positionals.length === 0) return;
  throw new NsoMultiError('USAGE', `${name} takes no arguments (got ${positionals.join(' ')})`, {
    hint: `usage: ${usage}`,
  });
}

// Splits the command line into the global options before the command, the command, and the rest.
export function splitCommandLine(argv: string[]): {
  global: GlobalOptions;
  help: boolean;
  version: boolean;
  command?: string;
  rest: string[];
} {
  const global: GlobalOptions = { debug: false };
  let help = false;
  let version = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '-c' || arg === '--config') {
      const value = argv[++i];
      if (value === undefined)
        throw new NsoMultiError('USAGE', `${arg} needs a file`, { hint: 'nso-multi -c FILE <command>' });
      global.config = value;
    } else if (arg.startsWith('--config=')) global.config = arg.slice('--config='.length);
    else if (arg === '--debug') global.debug = true;
    else if (arg === '-h' || arg === '--help') help = true;
    else if (arg === '-v' || arg === '--version') version = true;
    else if (arg.startsWith('-')) {
      throw new NsoMultiError('USAGE', `unknown option ${arg}`, { hint: 'see `nso-multi --help`' });
    } else return { global, help, version, command: arg, rest: argv.slice(i + 1) };
  }
  return { global, help, version, rest: [] };
}
