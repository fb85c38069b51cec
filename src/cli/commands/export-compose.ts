// `nso-multi export compose`: render, then write a docker compose project; prints what it wrote.
import { relative } from 'node:path';
import { EXIT_OK } from '../../errors.js';
import { exportCompose } from '../../export/export-compose.js';
import type { CliCommand } from '../command.js';
import { COMMAND_TEXTS } from '../command-texts.js';
import { envFileHint } from '../env-file-hint.js';
import { parseCommandArgs, refusePositionals } from '../parse-args.js';
import { printNotices } from '../print-notices.js';

const USAGE = 'nso-multi export compose [--out DIR] [--allow-insecure-ipc] [--json]';

export const run: CliCommand['run'] = async (args, global, io) => {
  const parsed = parseCommandArgs(
    args,
    { out: { type: 'string' }, json: { type: 'boolean' }, 'allow-insecure-ipc': { type: 'boolean' } },
    USAGE,
    global,
  );
  if (parsed.help) {
    io.stdout(`usage: ${USAGE}\n  ${COMMAND_TEXTS.export!.summary}\n`);
    return EXIT_OK;
  }
  refusePositionals(parsed.positionals, 'export compose', USAGE);
  const result = await exportCompose({
    config: parsed.global.config,
    cwd: io.cwd,
    allowInsecureIpc: parsed.values['allow-insecure-ipc'] === true,
    ...(parsed.values.out === undefined ? {} : { out: parsed.values.out }),
  });
  printNotices(result.notices, io.stderr);
  if (parsed.values.json) {
    const instances = result.plan.instances.map((i) => ({ name: i.name, envFile: i.envFile }));
    const { composeFile, files, clusters } = result;
    io.stdout(`${JSON.stringify({ composeFile, files, instances, clusters }, null, 2)}\n`);
    return EXIT_OK;
  }
  const shown = relative(io.cwd, result.composeFile) || result.composeFile;
  io.stdout(
    [
      `wrote ${shown} and ${result.files.length - 1} files beside it`,
      `start: docker compose -f ${shown} up -d --wait`,
      `the env files work against the containers unchanged: ${envFileHint(result.plan, io.cwd)}`,
      ...result.clusters.map(
        (c) =>
          `HA Raft cluster ${c.name}: service ${c.service} forms it, and is healthy once it has a leader`,
      ),
      '',
    ].join('\n'),
  );
  return EXIT_OK;
};
