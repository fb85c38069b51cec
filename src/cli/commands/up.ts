// `nso-multi up [NAME…]`: start the instances with a progress display; Ctrl-C stops what it started.
import { EXIT_OK, NsoMultiError } from '../../errors.js';
import type { UpOptions } from '../../project/up.js';
import type { CliCommand } from '../command.js';
import { COMMAND_TEXTS } from '../command-texts.js';
import { parseCommandArgs } from '../parse-args.js';
import { noticePrinter } from '../print-notices.js';
import { reportError } from '../report-error.js';
import { createUpProgress, progressMode } from '../up-progress.js';

function positiveInteger(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[1-9]\d*$/.test(value)) {
    throw new NsoMultiError('USAGE', `${flag} needs a positive whole number, got ${value}`, {
      hint: `usage: ${COMMAND_TEXTS.up!.usage}`,
    });
  }
  return Number(value);
}

export const run: CliCommand['run'] = async (args, global, io) => {
  const usage = COMMAND_TEXTS.up!.usage;
  const parsed = parseCommandArgs(
    args,
    {
      sim: { type: 'boolean' },
      ncs: { type: 'string' },
      concurrency: { type: 'string' },
      timeout: { type: 'string' },
      'keep-going': { type: 'boolean' },
      strict: { type: 'boolean' },
      'watch-owner': { type: 'string' },
      'allow-insecure-ipc': { type: 'boolean' },
      json: { type: 'boolean' },
      collect: { type: 'string' },
      'wait-packages': { type: 'boolean' },
    },
    usage,
    global,
  );
  if (parsed.help) {
    io.stdout(`usage: ${usage}\n  ${COMMAND_TEXTS.up!.summary}\n`);
    return EXIT_OK;
  }
  if (parsed.values.sim && parsed.values.ncs !== undefined) {
    throw new NsoMultiError('USAGE', '--sim and --ncs exclude each other', { hint: `usage: ${usage}` });
  }
  const json = parsed.values.json === true;
  const progress = createUpProgress(progressMode(json, io.isTTY, io.env));
  const abort = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (abort.signal.aborted) return;
    io.stderr(`\n${signal}: stopping the instances this run started…\n`);
    abort.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const options: UpOptions = {
    config: parsed.global.config,
    cwd: io.cwd,
    names: parsed.positionals,
    keepGoing: parsed.values['keep-going'] === true,
    waitPackages: parsed.values['wait-packages'] === true,
    strict: parsed.values.strict === true,
    allowInsecureIpc: parsed.values['allow-insecure-ipc'] === true,
    signal: abort.signal,
    onEvent: (event) => {
      if (event.type !== 'collected') return progress.onEvent(event);
      io.stderr(
        `note: wrote the instances' logs, ncs.conf and ncs --status (${event.files} files) into ${event.dir}\n`,
      );
    },
    onNotice: noticePrinter(io.stderr),
    env: io.env,
  };
  const ncs = parsed.values.sim ? 'sim' : parsed.values.ncs;
  if (ncs !== undefined) options.ncs = ncs;
  const concurrency = positiveInteger(parsed.values.concurrency, '--concurrency');
  if (concurrency !== undefined) options.concurrency = concurrency;
  const timeout = positiveInteger(parsed.values.timeout, '--timeout');
  if (timeout !== undefined) options.timeoutMs = timeout * 1000;
  if (parsed.values.collect !== undefined) options.collect = parsed.values.collect;
  const watchOwner = positiveInteger(parsed.values['watch-owner'], '--watch-owner');
  if (watchOwner !== undefined) options.watchOwner = watchOwner;
  try {
    const { up } = await import('../../project/up.js');
    const result = await up(options).finally(progress.finish);
    if (json) {
      const { status } = await import('../../project/status.js');
      const doc = await status({
        config: parsed.global.config,
        cwd: io.cwd,
        names: parsed.positionals,
        onNotice: noticePrinter(io.stderr),
      });
      io.stdout(`${JSON.stringify(doc, null, 2)}\n`);
    }
    if (result.watchdog) {
      io.stderr(
        `note: watchdog pid ${result.watchdog.pid} stops these instances once pid ${result.watchdog.owner.pid} exits\n`,
      );
    }
    if (result.failure) return reportError(result.failure, parsed.global.debug, io.stderr);
    return EXIT_OK;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
};
