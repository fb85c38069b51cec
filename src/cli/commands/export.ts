// `nso-multi export TARGET …`: hands the rest of the command line to the target's own command.
import { EXIT_OK, NsoMultiError } from '../../errors.js';
import type { CliCommand } from '../command.js';
import { COMMAND_TEXTS } from '../command-texts.js';

/** One command module per export target, loaded only when used. */
export const EXPORT_TARGETS: Record<string, () => Promise<CliCommand>> = {
  compose: () => import('./export-compose.js'),
  k8s: () => import('./export-k8s.js'),
};

export const run: CliCommand['run'] = async (args, global, io) => {
  const usage = COMMAND_TEXTS.export!.usage;
  const [target, ...rest] = args;
  if (target === undefined || target === '-h' || target === '--help') {
    io.stdout(`usage: ${usage}\n  ${COMMAND_TEXTS.export!.summary}\n`);
    if (target === undefined) {
      throw new NsoMultiError('USAGE', 'export needs a target', {
        hint: `use one of: ${Object.keys(EXPORT_TARGETS).join(', ')}`,
      });
    }
    return EXIT_OK;
  }
  const load = EXPORT_TARGETS[target];
  if (load === undefined) {
    throw new NsoMultiError('USAGE', `unknown export target ${target}`, {
      hint: `use one of: ${Object.keys(EXPORT_TARGETS).join(', ')}`,
    });
  }
  return (await load()).run(rest, global, io);
};
