// `nso-multi env NAME`: prints the instance's environment for eval, a dotenv loader or JSON.

import { EXIT_OK, NsoMultiError } from '../../errors.js';
import { readInstanceEnv } from '../../project/instance-env.js';
import { formatEnv } from '../../render/env-file.js';
import type { CliCommand } from '../command.js';
import { COMMAND_TEXTS } from '../command-texts.js';
import { parseCommandArgs } from '../parse-args.js';
import { noticePrinter } from '../print-notices.js';

const FORMATS = ['sh', 'dotenv', 'json'] as const;
type Format = (typeof FORMATS)[number];

export const run: CliCommand['run'] = async (args, global, io) => {
  const usage = COMMAND_TEXTS.env!.usage;
  const parsed = parseCommandArgs(args, { format: { type: 'string', short: 'f' } }, usage, global);
  if (parsed.help) {
    io.stdout(`usage: ${usage}\n  ${COMMAND_TEXTS.env!.summary}\n`);
    return EXIT_OK;
  }
  const [name, ...extra] = parsed.positionals;
  if (name === undefined || extra.length > 0) {
    throw new NsoMultiError(
      'USAGE',
      name === undefined ? 'env needs an instance name' : 'env takes one name',
      {
        hint: `usage: ${usage}`,
      },
    );
  }
  const format = (parsed.values.format ?? 'sh') as Format;
  if (!FORMATS.includes(format)) {
    throw new NsoMultiError('USAGE', `unknown format ${format}`, {
      hint: `use one of: ${FORMATS.join(', ')}`,
    });
  }
  const result = await readInstanceEnv({
    name,
    config: parsed.global.config,
    cwd: io.cwd,
    onNotice: noticePrinter(io.stderr),
  });
  if (result.stale) {
    io.stderr(
      `warning: ${result.specFile} changed since the last render; run \`nso-multi render\` to update\n`,
    );
  }
  io.stdout(formatEnv(result.env, format, result.unset));
  return EXIT_OK;
};
