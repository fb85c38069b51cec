// `nso-multi reload [NAME…] [--build] [--force]`: put the spec's packages in place and reload them in every
// running instance, printing each instance's result; exits 1 when a build, a reload or a package failed.
import { EXIT_OK, NsoMultiError } from '../../errors.js';
import type { ReloadOutcome } from '../../project/reload-outcome.js';
import type { CliCommand } from '../command.js';
import { COMMAND_TEXTS } from '../command-texts.js';
import { parseCommandArgs } from '../parse-args.js';
import { noticePrinter, printNotices } from '../print-notices.js';
import { reloadLines } from '../reload-lines.js';

export const run: CliCommand['run'] = async (args, global, io) => {
  const usage = COMMAND_TEXTS.reload!.usage;
  const parsed = parseCommandArgs(
    args,
    {
      build: { type: 'boolean' },
      force: { type: 'boolean' },
      timeout: { type: 'string' },
      json: { type: 'boolean' },
    },
    usage,
    global,
  );
  if (parsed.help) {
    io.stdout(`usage: ${usage}\n  ${COMMAND_TEXTS.reload!.summary}\n`);
    return EXIT_OK;
  }
  const timeout = parsed.values.timeout;
  if (timeout !== undefined && !/^[1-9]\d*$/.test(timeout)) {
    throw new NsoMultiError('USAGE', `--timeout needs a positive whole number of seconds, got ${timeout}`, {
      hint: `usage: ${usage}`,
    });
  }
  const json = parsed.values.json === true;
  const outcomes: ReloadOutcome[] = [];
  const { reload } = await import('../../project/reload.js');
  try {
    await reload({
      config: parsed.global.config,
      cwd: io.cwd,
      names: parsed.positionals,
      build: parsed.values.build === true,
      force: parsed.values.force === true,
      ...(timeout === undefined ? {} : { timeoutMs: Number(timeout) * 1000 }),
      env: io.env,
      onNotice: noticePrinter(io.stderr),
      onEvent: (event) => {
        if (event.type === 'rendered') printNotices(event.notices, io.stderr);
        if (event.type === 'reloaded') outcomes.push(event.outcome);
        for (const line of reloadLines(event)) io.stderr(`${line}\n`);
      },
    });
  } finally {
    if (json) io.stdout(`${JSON.stringify({ outcomes }, null, 2)}\n`);
  }
  return EXIT_OK;
};
