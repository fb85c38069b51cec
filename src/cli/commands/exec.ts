// `nso-multi exec NAME [--] CMD [ARGS…]`: runs CMD with the instance's environment and exits with its code.
// Options are read only before NAME; everything after NAME (or after `--`) belongs to CMD, untouched.
import { EXIT_OK, NsoMultiError } from '../../errors.js';
import type { CliCommand, GlobalOptions } from '../command.js';
import { COMMAND_TEXTS } from '../command-texts.js';
import { noticePrinter } from '../print-notices.js';

export interface ExecCommandLine {
  global: GlobalOptions;
  help: boolean;
  name?: string;
  command?: string;
  args: string[];
}

// Splits exec's arguments; parseArgs cannot stop at the first positional, so this walks them itself.
export function parseExecArgs(args: readonly string[], global: GlobalOptions): ExecCommandLine {
  const out: ExecCommandLine = { global: { ...global }, help: false, args: [] };
  const usage = COMMAND_TEXTS.exec!.usage;
  let i = 0;
  for (; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '-c' || arg === '--config') {
      const value = args[++i];
      if (value === undefined)
        throw new NsoMultiError('USAGE', `${arg} needs a file`, { hint: `usage: ${usage}` });
      out.global.config = value;
    } else if (arg.startsWith('--config=')) out.global.config = arg.slice('--config='.length);
    else if (arg === '--debug') out.global.debug = true;
    else if (arg === '-h' || arg === '--help') out.help = true;
    else if (arg === '--') break;
    else if (arg.startsWith('-')) {
      throw new NsoMultiError('USAGE', `unknown option ${arg} before the instance name`, {
        hint: `usage: ${usage}`,
      });
    } else {
      out.name = arg;
      i++;
      break;
    }
  }
  if (args[i] === '--') i++;
  [out.command, ...out.args] = args.slice(i);
  return out;
}

export const run: CliCommand['run'] = async (args, global, io) => {
  const usage = COMMAND_TEXTS.exec!.usage;
  const line = parseExecArgs(args, global);
  if (line.help) {
    io.stdout(`usage: ${usage}\n  ${COMMAND_TEXTS.exec!.summary}\n`);
    return EXIT_OK;
  }
  if (line.name === undefined || line.command === undefined) {
    const what = line.name === undefined ? 'an instance name' : 'a command to run';
    throw new NsoMultiError('USAGE', `exec needs ${what}`, { hint: `usage: ${usage}` });
  }
  const { execInInstance } = await import('../../project/exec-instance.js');
  return execInInstance({
    config: line.global.config,
    cwd: io.cwd,
    name: line.name,
    command: line.command,
    args: line.args,
    baseEnv: io.env,
    onNotice: noticePrinter(io.stderr),
    onSecretDrift: (drift) => io.stderr(`warning: ${drift.problem}\n  fix: ${drift.fix}\n`),
  });
};
