// `nso-multi down [NAME…] [--purge]`: stops instances, one line per instance on stdout; exit 1 when one of
// them is still alive after SIGKILL.

import { EXIT_OK, NsoMultiError } from '../../errors.js';
import { EPMD_REMAINS_NOTE } from '../../ncs/epmd.js';
import type { DownInstanceResult } from '../../project/down.js';
import type { CliCommand } from '../command.js';
import { COMMAND_TEXTS } from '../command-texts.js';
import { displayPath } from '../format-plan.js';
import { parseCommandArgs } from '../parse-args.js';
import { noticePrinter } from '../print-notices.js';

// `instance1: stopped (ncs --stop)`, `instance2: not running`, with the netsim devices stopped along and
// `, purged` after a purge.
export function downLine(result: DownInstanceResult): string {
  const what =
    result.error !== undefined
      ? `NOT stopped: ${result.error}`
      : result.how === 'not running'
        ? 'not running'
        : `stopped (${result.how})`;
  const devices = result.netsimStopped?.length ? `; netsim ${result.netsimStopped.join(', ')} stopped` : '';
  return `${result.name}: ${what}${devices}${result.purged ? ', purged' : ''}\n`;
}

export const run: CliCommand['run'] = async (args, global, io) => {
  const usage = COMMAND_TEXTS.down!.usage;
  const parsed = parseCommandArgs(args, { purge: { type: 'boolean' } }, usage, global);
  if (parsed.help) {
    io.stdout(`usage: ${usage}\n  ${COMMAND_TEXTS.down!.summary}\n`);
    return EXIT_OK;
  }
  const { down } = await import('../../project/down.js');
  const result = await down({
    config: parsed.global.config,
    cwd: io.cwd,
    names: parsed.positionals,
    purge: parsed.values.purge === true,
    onNotice: noticePrinter(io.stderr),
  });
  if (result.instances.length === 0) io.stderr('note: nothing rendered yet; nothing to stop\n');
  for (const instance of result.instances) io.stdout(downLine(instance));
  if (result.stateRemoved) {
    const folder = result.workdirRemoved ? ` and ${displayPath(result.workdir, io.cwd)}` : '';
    io.stderr(`note: removed the state file${folder}\n`);
  }
  for (const cluster of result.haRaft ?? []) io.stderr(`note: ${cluster.note}\n`);
  if (result.epmdRemains) io.stderr(`note: ${EPMD_REMAINS_NOTE}\n`);
  const failed = result.instances.filter((i) => i.error !== undefined);
  if (failed.length > 0) {
    throw new NsoMultiError('STOP_FAILED', `could not stop ${failed.map((i) => i.name).join(', ')}`, {
      hint: 'find the process with `ps -p PID -o pid,stat,cmd` (it may be stuck in the kernel) and retry',
    });
  }
  return EXIT_OK;
};
