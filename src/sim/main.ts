// The simulator's `ncs` command line: start a daemon, or run a control command against one.
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isNsoMultiError } from '../errors.js';
import { parseSimArgs, USAGE } from './args.js';
import type { DaemonOptions } from './daemon.js';
import type { SimIo } from './sim-io.js';
import { processIo } from './sim-io.js';
import { simVersion } from './version.js';

// Runs `ncs ARGS...` as the simulator and resolves with the exit code; the caller exits the process with it.
// `-c FILE` and `--cd DIR` are resolved against the current directory; without -c the daemon reads, as ncs
// does, `ncs.conf` in the caller's directory (not the --cd one), else `$NCS_DIR/etc/ncs/ncs.conf`. The calling
// process's directory is never changed.
export async function simMain(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
  io: SimIo = processIo(),
): Promise<number> {
  try {
    const command = parseSimArgs(argv, isFile);
    switch (command.kind) {
      case 'help':
        io.out(USAGE);
        return 0;
      case 'version':
        io.out(simVersion(env));
        return 0;
      // Each path loads only what it needs: control commands run often (up, down) and must start fast.
      case 'status':
        return await (await import('./control.js')).runStatus(env, io);
      case 'stop':
        return await (await import('./control.js')).runStop(env, io);
      case 'wait-started':
        return await (await import('./control.js')).runWaitStarted(env, command.trySeconds, io);
      case 'start': {
        const cwd = process.cwd();
        const daemonEnv = withSimInstallDir(env);
        const options: DaemonOptions = {
          runDir: resolve(cwd, command.cd ?? '.'),
          confFile: resolve(cwd, command.confFile ?? defaultConfFile(cwd, daemonEnv)),
          env: daemonEnv,
          version: simVersion(env),
        };
        // A -c file was checked with the arguments; the default one is checked here, before any daemon runs.
        if (!isFile(options.confFile)) return missingDefaultConf(options.confFile, command.foreground, io);
        if (command.foreground) {
          return await (await import('./foreground.js')).runForeground(options, io, command.reportToParent);
        }
        return await (await import('./daemonize.js')).daemonize(options, io);
      }
    }
  } catch (error) {
    if (!isNsoMultiError(error)) throw error;
    io.err(error.message);
    if (error.hint) io.err(error.hint);
    return error.exitCode;
  }
}

// ncs's default configuration file: `ncs.conf` in the caller's directory, else the installation's.
function defaultConfFile(cwd: string, env: NodeJS.ProcessEnv): string {
  const local = join(cwd, 'ncs.conf');
  return existsSync(local) || !env.NCS_DIR ? local : join(env.NCS_DIR, 'etc', 'ncs', 'ncs.conf');
}

// ncs's own default always exists; the simulator's may not: a bad configuration (exit 21), printed like one.
async function missingDefaultConf(file: string, foreground: boolean, io: SimIo): Promise<number> {
  const { badConfig, startFailureLines } = await import('./start-errors.js');
  const failure = startFailureLines(badConfig(`cannot read the configuration file ${file} (ENOENT)`));
  if (foreground) io.out(failure.message);
  else for (const line of failure.lines) io.err(line);
  return failure.exitCode;
}

function isFile(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
}

/** The simulator's own "installation": the package folder, standing in for $NCS_DIR. */
export const SIM_NCS_DIR = fileURLToPath(new URL('../..', import.meta.url));

// A real NSO always runs with NCS_DIR set (ncsrc); the simulator is its own installation, so templates that
// say ${NCS_DIR} (as ncs-setup's and the bundled one do) work without an NSO install.
function withSimInstallDir(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return env.NCS_DIR ? env : { ...env, NCS_DIR: SIM_NCS_DIR.replace(/\/$/, '') };
}
