// Runs an `ncs` control command (--stop, --wait-started, --status) against one instance, bounded in time.
import type { NcsCommand } from './ncs-command.js';
import { runBounded } from './run-bounded.js';

export interface ControlResult {
  exitCode: number | undefined;
  /** What it printed, stdout and stderr interleaved. */
  output: string;
  timedOut: boolean;
}

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
