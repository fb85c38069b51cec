// Saves an instance's whole running configuration to a file and puts it back, with NSO's ncs_load beside its
// `ncs`: with service meta-data (-M), so that services come back as they were, and on loading with FASTMAP off
// (-j), so that NSO restores them rather than running their create code again. Loading replaces the whole
// configuration (ncs_load's default), and NSO pushes what changed to the devices it manages.
import { missingClient, ncsClientFor } from './ncs-cmd.js';
import type { NcsCommand } from './ncs-command.js';
import { firstOutputLine, runBounded } from './run-bounded.js';

/** A save or load of a large configuration still takes well under this. */
const SNAPSHOT_MS = 120_000;

// Writes the running configuration to `file` (XML); resolves with why not, if it failed.
export function saveConfig(
  ncs: NcsCommand,
  env: Record<string, string>,
  file: string,
): Promise<string | undefined> {
  return runNcsLoad(ncs, env, ['-M', '-F', 'x', file]);
}

// Replaces the running configuration with `file`; resolves with why not, if it failed.
export function restoreConfig(
  ncs: NcsCommand,
  env: Record<string, string>,
  file: string,
): Promise<string | undefined> {
  return runNcsLoad(ncs, env, ['-l', '-M', '-j', '-F', 'x', file]);
}

async function runNcsLoad(
  ncs: NcsCommand,
  env: Record<string, string>,
  args: string[],
): Promise<string | undefined> {
  const client = await ncsClientFor(ncs, env, 'ncs_load');
  if (client === undefined)
    return missingClient(ncs, 'ncs_load', 'the simulator has no configuration to save');
  const run = await runBounded(client, args, { env, timeoutMs: SNAPSHOT_MS });
  if (run.spawnError) return `cannot run ${client}: ${run.spawnError.message}`;
  if (run.timedOut) return `ncs_load did not finish within ${SNAPSHOT_MS / 1000} s`;
  if (run.exitCode !== 0) return firstOutputLine(run.output) || `ncs_load exit ${run.exitCode ?? run.signal}`;
  return undefined;
}
