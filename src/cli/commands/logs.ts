// `nso-multi logs [NAME…] [--file KIND] [--lines N] [--follow]`: an instance's log; with several instances each
// line is prefixed with its instance, as `docker compose logs` does. --follow runs until Ctrl-C.
import { EXIT_OK, NsoMultiError } from '../../errors.js';
import { LOG_KINDS, type LogKind } from '../../nso/log-files.js';
import type { CliCommand } from '../command.js';
import { COMMAND_TEXTS } from '../command-texts.js';
import { parseCommandArgs } from '../parse-args.js';
import { noticePrinter } from '../print-notices.js';

export const run: CliCommand['run'] = async (args, global, io) => {
  const usage = COMMAND_TEXTS.logs!.usage;
  const parsed = parseCommandArgs(
    args,
    {
      file: { type: 'string' },
      lines: { type: 'string', short: 'n' },
      follow: { type: 'boolean', short: 'f' },
    },
    usage,
    global,
  );
  if (parsed.help) {
    io.stdout(`usage: ${usage}\n  ${COMMAND_TEXTS.logs!.summary}\n`);
    return EXIT_OK;
  }
  const kind = (parsed.values.file ?? 'ncs') as LogKind;
  if (!LOG_KINDS.includes(kind)) {
    throw new NsoMultiError('USAGE', `--file ${parsed.values.file} is not a log nso-multi knows`, {
      hint: `use one of: ${LOG_KINDS.join(', ')}`,
    });
  }
  const lines = parsed.values.lines === undefined ? 50 : Number(parsed.values.lines);
  if (!Number.isInteger(lines) || lines < 0) {
    throw new NsoMultiError('USAGE', `--lines ${parsed.values.lines} is not a number of lines`, {
      hint: 'give a whole number, e.g. --lines 100',
    });
  }
  const { logs } = await import('../../project/logs.js');
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let width = 0;
  try {
    const sources = await logs({
      config: parsed.global.config,
      cwd: io.cwd,
      names: parsed.positionals,
      kind,
      lines,
      follow: parsed.values.follow === true,
      signal: stop.signal,
      env: io.env,
      onNotice: noticePrinter(io.stderr),
      onInstances: (instances) => {
        width = Math.max(...instances.map((i) => i.length));
      },
      onLine: (instance, line) => {
        // Prefixed only when more than one instance is asked for (or none: then all of them are).
        if (parsed.positionals.length === 1) return io.stdout(`${line}\n`);
        io.stdout(`${instance.padEnd(width)} | ${line}\n`);
      },
    });
    for (const source of sources.filter((s) => s.missing)) {
      io.stderr(`note: ${source.instance}: no ${kind} log yet (${source.file})\n`);
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  return EXIT_OK;
};
