// Runs an `ncs` control command (--stop, --wait-started, --status) against one instance, bounded in time.
import { execa } from 'execa';
import type { NcsCommand } from './ncs-command.js';

export interface ControlResult {
  exitCode: number | undefined;
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
  const result = await execa(ncs.file, [...ncs.args, ...args], {
    env,
    extendEnv: false,
    reject: false,
    stdin: 'ignore',
    all: true,
    timeout: timeoutMs,
    forceKillAfterDelay: 2000,
    ...(signal ? { cancelSignal: signal } : {}),
  });
  return { exitCode: result.exitCode, output: result.all ?? '', timedOut: result.timedOut === true };
}
