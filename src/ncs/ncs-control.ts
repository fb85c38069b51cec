// Runs an `ncs` control command (--stop, --wait-started, --status) against one instance, bounded in time; and
// waits for a start or stops a daemon the cheapest way that reaches it (ncs_cmd for a real NSO, see ncs-cmd.ts).
import { NCS_CMD_STOP, NCS_CMD_WAIT, ncsCmdFor, ncsCmdStop, ncsCmdWaitStarted } from './ncs-cmd.js';
import type { NcsCommand } from './ncs-command.js';
import { type ControlResult, runBounded } from './run-bounded.js';

// Runs `ncs ARGS` with the instance's environment; never throws for a non-zero exit.
export async function ncsControl(
  ncs: NcsCommand,
  args: string[],
  env: Record<string, string>,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<ControlResult> {
  const result = await runBounded(ncs.file, [...ncs.args, ...args], {
    env,
    timeoutMs,
    killAfterMs: 2000,
    ...(signal ? { signal } : {}),
  });
  const output = result.spawnError
    ? `cannot run ${ncs.display}: ${result.spawnError.message}`
    : result.output;
  return { exitCode: result.exitCode, output, timedOut: result.timedOut };
}

export interface ProbeResult extends ControlResult {
  /** The command that waited or stopped, for messages: `ncs --wait-started`, `ncs_cmd -c stop`, .... */
  via: string;
}

// Waits until the daemon has fully started: with ncs_cmd where it reaches the daemon (ncs-cmd.ts), else with
// `ncs --wait-started`. Exit code 0 means started.
export async function waitStarted(
  ncs: NcsCommand,
  env: Record<string, string>,
  trySeconds: number,
  signal: AbortSignal,
): Promise<ProbeResult> {
  const ncsCmd = await ncsCmdFor(ncs, env);
  if (ncsCmd !== undefined) {
    return { via: NCS_CMD_WAIT, ...(await ncsCmdWaitStarted(ncsCmd, env, trySeconds, signal)) };
  }
  const args = ['--wait-started', String(trySeconds)];
  return {
    via: 'ncs --wait-started',
    ...(await ncsControl(ncs, args, env, (trySeconds + 10) * 1000, signal)),
  };
}

// Asks the daemon to stop and returns once it has: with ncs_cmd where it reaches the daemon, else `ncs --stop`.
export async function requestStop(
  ncs: NcsCommand,
  env: Record<string, string>,
  timeoutMs: number,
): Promise<ProbeResult> {
  const ncsCmd = await ncsCmdFor(ncs, env);
  if (ncsCmd !== undefined) return { via: NCS_CMD_STOP, ...(await ncsCmdStop(ncsCmd, env, timeoutMs)) };
  return { via: 'ncs --stop', ...(await ncsControl(ncs, ['--stop'], env, timeoutMs)) };
}
