// `nso-multi gc [--dry-run] [--json]`: stop orphaned daemons and free stale port leases on this host.
import { EXIT_OK, NsoMultiError } from '../../errors.js';
import { gc } from '../../project/gc.js';
import type { CliCommand } from '../command.js';
import { COMMAND_TEXTS } from '../command-texts.js';
import { parseCommandArgs } from '../parse-args.js';

export const run: CliCommand['run'] = async (args, global, io) => {
  const usage = COMMAND_TEXTS.gc!.usage;
  const parsed = parseCommandArgs(
    args,
    { 'dry-run': { type: 'boolean' }, json: { type: 'boolean' } },
    usage,
    global,
  );
  if (parsed.help) {
    io.stdout(`usage: ${usage}\n  ${COMMAND_TEXTS.gc!.summary}\n`);
    return EXIT_OK;
  }
  if (parsed.positionals.length > 0) {
    throw new NsoMultiError('USAGE', 'gc takes no arguments', { hint: `usage: ${usage}` });
  }
  const dryRun = parsed.values['dry-run'] === true;
  const result = await gc({ dryRun, env: io.env });
  if (parsed.values.json) {
    io.stdout(`${JSON.stringify(result, null, 2)}\n`);
    return EXIT_OK;
  }
  const verb = dryRun ? 'would stop' : 'stopped';
  for (const o of result.orphans) {
    io.stdout(`${verb} orphan ${o.instance} (pid ${o.pid}) of ${o.project}${o.how ? ` (${o.how})` : ''}\n`);
  }
  for (const l of result.reclaimed) {
    io.stdout(`${dryRun ? 'would free' : 'freed'} port ${l.port} (${l.instance}.${l.key} of ${l.project})\n`);
  }
  io.stdout(
    `${result.reclaimed.length} stale lease(s) ${dryRun ? 'to free' : 'freed'}, ${result.kept} held, ` +
      `${result.orphans.length} orphan(s); registry ${result.registry}\n`,
  );
  return EXIT_OK;
};
