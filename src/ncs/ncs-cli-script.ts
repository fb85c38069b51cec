// Runs CLI input on an instance with NSO's ncs_cli beside its `ncs`, without AAA (`--noaaa`: no user or NACM
// rule is needed), in the C-style CLI, stopping at the first error (`-s`): what nso-multi configures in NSO
// itself (HA Raft's create-cluster, LSA's remote nodes) goes through here.
import { missingClient, ncsClientFor } from './ncs-cmd.js';
import type { NcsCommand } from './ncs-command.js';
import { firstOutputLine, runBounded } from './run-bounded.js';

/** The user name the CLI session shows in NSO's logs, unless the caller needs another: device operations
 * map the session's user to the device's credentials through the authgroup. */
const SESSION_USER = 'nso-multi';

/** What the script printed, or why it failed (NSO's error, or why ncs_cli could not run). */
export type CliScriptResult = { output: string } | { error: string };

// Runs `input` (commands, one per line) as `user` and resolves once ncs_cli ended.
export async function runCliScript(
  ncs: NcsCommand,
  env: Record<string, string>,
  input: string,
  timeoutMs: number,
  user = SESSION_USER,
): Promise<CliScriptResult> {
  const file = await ncsClientFor(ncs, env, 'ncs_cli');
  if (file === undefined) {
    return { error: missingClient(ncs, 'ncs_cli', 'the simulator has no CLI') };
  }
  const run = await runBounded(file, ['--noaaa', '-s', '-C', '-u', user], { env, timeoutMs, input });
  if (run.spawnError) return { error: `cannot run ${file}: ${run.spawnError.message}` };
  if (run.timedOut) return { error: `ncs_cli did not answer within ${timeoutMs / 1000} s` };
  if (run.exitCode === 0) return { output: run.output };
  return { error: cliError(run.output) || `ncs_cli exit ${run.exitCode}` };
}

// NSO's error in what `ncs_cli -s` printed: the lines from `Error:` up to `stop on error: <the command>`, on one
// line (`packages reload` lists the modules it would delete over several); without an `Error:` line, the first.
export function cliError(output: string): string {
  const lines = output.split('\n').map((l) => l.trim());
  const start = lines.findIndex((l) => l.startsWith('Error:'));
  if (start < 0) return firstOutputLine(output);
  const end = lines.findIndex((l, i) => i > start && l.startsWith('stop on error:'));
  return lines
    .slice(start, end < 0 ? undefined : end)
    .filter((l) => l !== '')
    .join(' ')
    .replace(/^Error:\s*/, '');
}
