// The simulator's `ncs` command line: start a daemon, or run a control command against one.
import { resolve } from 'node:path';
import { isNsoMultiError } from '../errors.js';
import { parseSimArgs, USAGE } from './args.js';
import { runStatus, runStop, runWaitStarted } from './control.js';
import type { DaemonOptions } from './daemon.js';
import { daemonize } from './daemonize.js';
import { runForeground } from './foreground.js';
import type { SimIo } from './sim-io.js';
import { processIo } from './sim-io.js';
import { simVersion } from './version.js';

// Runs `ncs ARGS...` as the simulator and resolves with the exit code; the caller exits the process with it.
// `-c FILE` and `--cd DIR` are resolved against the current directory; without -c the daemon reads
// `ncs.conf` in the run directory (the --cd one). The calling process's directory is never changed.
export async function simMain(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
  io: SimIo = processIo(),
): Promise<number> {
  try {
    const command = parseSimArgs(argv);
    switch (command.kind) {
      case 'help':
        io.out(USAGE);
        return 0;
      case 'version':
        io.out(simVersion(env));
        return 0;
      case 'status':
        return await runStatus(env, io);
      case 'stop':
        return await runStop(env, io);
      case 'wait-started':
        return await runWaitStarted(env, command.trySeconds, io);
      case 'start': {
        const cwd = process.cwd();
        const options: DaemonOptions = {
          runDir: resolve(cwd, command.cd ?? '.'),
          confFile: command.confFile === null ? null : resolve(cwd, command.confFile),
          env,
          version: simVersion(env),
        };
        if (command.foreground) return await runForeground(options, io, command.reportToParent);
        return await daemonize(options, io);
      }
    }
  } catch (error) {
    if (!isNsoMultiError(error)) throw error;
    io.err(error.message);
    if (error.hint) io.err(error.hint);
    return error.exitCode;
  }
}
