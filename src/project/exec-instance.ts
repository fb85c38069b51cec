// `exec`: runs a command with one instance's environment, so `ncs_cli`, `ncs --status` or a test suite reach
// that instance; the terminal stays the command's (stdio inherited) and its exit code becomes ours.
import { constants } from 'node:os';
import { execa } from 'execa';
import { NsoMultiError } from '../errors.js';
import { instanceProcessEnv } from '../ncs/instance-process-env.js';
import { isSimulatorCommand } from '../ncs/sim-bin-path.js';
import {
  type ProjectStateOptions,
  readProjectState,
  selectRecordedInstances,
} from '../state/project-state.js';
import { leaderNow } from './ha-raft-leader-now.js';
import { checkSecretDrift, type SecretDrift } from './secret-drift.js';

export type ExecOptions = ExecTarget & ExecCommand;

/** Whose environment: an instance by name, or whichever node leads an HA Raft cluster now. */
export type ExecTarget = { name: string; leaderOf?: undefined } | { leaderOf: string; name?: undefined };

interface ExecCommand extends ProjectStateOptions {
  command: string;
  args: readonly string[];
  /** The environment the instance's variables are laid over; default process.env. */
  baseEnv?: NodeJS.ProcessEnv;
  /** Told before the command runs when the daemon would refuse it: its IPC secret file changed or is gone. */
  onSecretDrift?: (drift: SecretDrift) => void;
}

/** Exit codes shells use when a command cannot be run. */
export const EXIT_NOT_FOUND = 127;
export const EXIT_NOT_EXECUTABLE = 126;

// Signals that reach only us (kill PID, a closing terminal) are passed on; Ctrl-C already reaches the whole
// foreground process group, so SIGINT is only kept from ending us before the command has finished.
const FORWARDED: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGHUP'];

// Runs `command args` with the instance's environment and resolves with its exit code (128+n for signal n).
export async function execInInstance(options: ExecOptions): Promise<number> {
  const project = await readProjectState({ ...options, isSimulator: isSimulatorCommand });
  if (project.state === undefined) {
    throw new NsoMultiError('NOT_RENDERED', `nothing rendered yet (no ${project.stateFile})`, {
      hint: 'run `nso-multi render` (or `nso-multi up`) first',
    });
  }
  const name =
    options.leaderOf === undefined ? options.name : await leaderNow(project.state, options.leaderOf);
  // selectRecordedInstances throws UNKNOWN_INSTANCE rather than return nothing.
  const { entry } = selectRecordedInstances(project, [name])[0]!;
  const drift = await checkSecretDrift(name, entry);
  if (drift !== undefined) options.onSecretDrift?.(drift);
  const child = execa(options.command, [...options.args], {
    env: instanceProcessEnv(options.baseEnv ?? process.env, entry),
    extendEnv: false,
    stdio: 'inherit',
    reject: false,
  });
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  const ignore = () => undefined;
  for (const signal of FORWARDED) process.on(signal, forward);
  process.on('SIGINT', ignore);
  try {
    const result = await child;
    if (result.exitCode !== undefined) return result.exitCode;
    if (result.signal !== undefined) return 128 + (constants.signals[result.signal] ?? 0);
    if (result.code === 'ENOENT') {
      throw new NsoMultiError('USAGE', `command not found: ${options.command}`, {
        hint: 'check the name, or give its path; the command runs with your PATH',
        exitCode: EXIT_NOT_FOUND,
        instance: name,
      });
    }
    throw new NsoMultiError('USAGE', `cannot run ${options.command}: ${result.code ?? result.shortMessage}`, {
      hint: result.code === 'EACCES' ? 'the file is not executable (chmod +x)' : undefined,
      exitCode: result.code === 'EACCES' ? EXIT_NOT_EXECUTABLE : 1,
      cause: result.cause,
      instance: name,
    });
  } finally {
    for (const signal of FORWARDED) process.off(signal, forward);
    process.off('SIGINT', ignore);
  }
}
