// Asks a running HA Raft node how it stands (ncs_cmd, in the system context NSO's own raft-cluster example uses,
// so no user or NACM rule is needed) and creates a cluster on it (ncs_cli without AAA, ncs-cli-script.ts:
// create-cluster is an action with input, which ncs_cmd cannot pass). Both are NSO's C clients beside the
// daemon's `ncs`.

import { isAlive } from '../host/process-identity.js';
import {
  createClusterCommand,
  HA_RAFT_STATUS_SCRIPT,
  type HaRaftNodeView,
  parseHaRaftStatus,
} from '../nso/ha-raft-status.js';
import type { InstanceState } from '../state/state-document.js';
import { instanceProcessEnv } from './instance-process-env.js';
import { runCliScript } from './ncs-cli-script.js';
import { missingClient, ncsClientFor } from './ncs-cmd.js';
import type { NcsCommand } from './ncs-command.js';
import { firstOutputLine, runBounded } from './run-bounded.js';

/** One ask may take this long; a node answers in milliseconds. */
const ASK_MS = 10_000;

/** A node's view, or why it could not be read. */
export type HaRaftRead = HaRaftNodeView | { error: string };

// The node's /ha-raft/status, read with ncs_cmd; `env` is the instance's process environment.
export async function readHaRaftNode(ncs: NcsCommand, env: Record<string, string>): Promise<HaRaftRead> {
  const file = await ncsClientFor(ncs, env, 'ncs_cmd');
  if (file === undefined) return { error: missingClient(ncs, 'ncs_cmd', 'the simulator has no HA Raft') };
  const run = await runBounded(file, ['-o', '-c', HA_RAFT_STATUS_SCRIPT], { env, timeoutMs: ASK_MS });
  if (run.spawnError) return { error: `cannot run ${file}: ${run.spawnError.message}` };
  if (run.timedOut) return { error: `ncs_cmd did not answer within ${ASK_MS / 1000} s` };
  if (run.exitCode !== 0) return { error: firstOutputLine(run.output) || `ncs_cmd exit ${run.exitCode}` };
  return parseHaRaftStatus(run.output) ?? { error: 'the node reports no HA Raft role' };
}

// The view of an instance's node, through the `ncs` that started it and its env laid over `baseEnv`.
export function readInstanceNode(
  entry: InstanceState,
  baseEnv: NodeJS.ProcessEnv = process.env,
): Promise<HaRaftRead> {
  if (entry.runtime === undefined) return Promise.resolve({ error: 'not running' });
  return readHaRaftNode(entry.runtime.ncs, instanceProcessEnv(baseEnv, entry));
}

// True while the instance's recorded daemon runs (not stopped by us, and alive).
export async function nodeRuns(entry: InstanceState | undefined): Promise<boolean> {
  const runtime = entry?.runtime;
  return runtime !== undefined && runtime.status !== 'stopped' && (await isAlive(runtime));
}

// Runs `ha-raft create-cluster member [ … ]` on the node; resolves with NSO's refusal, if it refused.
export async function createHaRaftCluster(
  ncs: NcsCommand,
  env: Record<string, string>,
  members: readonly string[],
): Promise<{ refused?: string }> {
  const run = await runCliScript(ncs, env, createClusterCommand(members), ASK_MS);
  return 'error' in run ? { refused: run.error } : {};
}
