// `nso-multi exec NAME|--leader CLUSTER [--] CMD [ARGS…]`: runs CMD with the instance's environment (or that of the
// node leading the HA Raft cluster now) and exits with its code.
// Options are read only before NAME; everything after NAME (or after `--`) belongs to CMD, untouched.
import { EXIT_OK, NsoMultiError } from '../../errors.js';
import type { CliCommand, GlobalOptions } from '../command.js';
import { COMMAND_TEXTS } from '../command-texts.js';
import { noticePrinter } from '../print-notices.js';

export interface ExecCommandLine {
  global: GlobalOptions;
  help: boolean;
  name?: string;
  /** `--leader CLUSTER`: the node that leads the HA Raft cluster now, instead of a name. */
  leader?: string;
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
    else if (arg === '--leader' || arg.startsWith('--leader=')) {
      const value = arg === '--leader' ? args[++i] : arg.slice('--leader='.length);
      if (value === undefined || value === '')
        throw new NsoMultiError('USAGE', '--leader needs an HA Raft cluster name', {
          hint: `usage: ${usage}`,
        });
      out.leader = value;
      // The command follows at once: there is no instance name.
      i++;
      break;
    } else if (arg === '--') break;
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
  if ((line.name === undefined && line.leader === undefined) || line.command === undefined) {
    const what =
      line.name === undefined && line.leader === undefined ? 'an instance name' : 'a command to run';
    throw new NsoMultiError('USAGE', `exec needs ${what}`, { hint: `usage: ${usage}` });
  }
  const { execInInstance } = await import('../../project/exec-instance.js');
  return execInInstance({
    config: line.global.config,
    cwd: io.cwd,
    ...(line.leader === undefined ? { name: line.name! } : { leaderOf: line.leader }),
    command: line.command,
    args: line.args,
    baseEnv: io.env,
    onNotice: noticePrinter(io.stderr),
    onSecretDrift: (drift) => io.stderr(`warning: ${drift.problem}\n  fix: ${drift.fix}\n`),
  });
};
