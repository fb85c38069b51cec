// reuse.reset 'config': the configuration every instance of a reused cluster had right after it was started is
// kept in the cluster's reuse folder, and put back before each later user gets the cluster. An HA Raft cluster
// is saved from and restored on its leader (its followers are read-only and replicate it).
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { NsoMultiError } from '../errors.js';
import { restoreConfig, saveConfig } from '../ncs/config-snapshot.js';
import { instanceProcessEnv } from '../ncs/instance-process-env.js';
import type { StateDocument } from '../state/state-document.js';
import { readState } from '../state/state-file.js';
import { leaderNow } from './ha-raft-leader-now.js';

// The instance each baseline file is saved from or restored on: every instance outside HA Raft, and each
// cluster's current leader, named by file.
async function baselineTargets(state: StateDocument, names: readonly string[]): Promise<Map<string, string>> {
  const targets = new Map<string, string>();
  for (const name of names) {
    const cluster = state.instances[name]?.haRaft?.cluster;
    if (cluster === undefined) targets.set(`${name}.xml`, name);
    else if (!targets.has(`cluster-${cluster}.xml`))
      targets.set(`cluster-${cluster}.xml`, await leaderNow(state, cluster));
  }
  return targets;
}

// Saves the configuration of the instances into `dir`.
export async function saveBaselines(
  stateFile: string,
  names: readonly string[],
  dir: string,
  env: NodeJS.ProcessEnv,
): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await forEachTarget(stateFile, names, dir, env, 'save', saveConfig);
}

// Puts the saved configuration back into the instances.
export async function restoreBaselines(
  stateFile: string,
  names: readonly string[],
  dir: string,
  env: NodeJS.ProcessEnv,
): Promise<void> {
  await forEachTarget(stateFile, names, dir, env, 'restore', restoreConfig);
}

async function forEachTarget(
  stateFile: string,
  names: readonly string[],
  dir: string,
  env: NodeJS.ProcessEnv,
  what: string,
  act: typeof saveConfig,
): Promise<void> {
  const state = await readState(stateFile);
  if (state === undefined) return;
  const targets = await baselineTargets(state, names);
  await Promise.all(
    [...targets].map(async ([file, instance]) => {
      const entry = state.instances[instance]!;
      const failed = await act(entry.runtime!.ncs, instanceProcessEnv(env, entry), join(dir, file));
      if (failed !== undefined) {
        throw new NsoMultiError('IO', `${instance}: could not ${what} its configuration: ${failed}`, {
          instance,
          hint: "reuse.reset 'config' needs a real NSO with TCP IPC; or pass a reset function of your own",
        });
      }
    }),
  );
}
