// reuse.reset 'config': the configuration every instance of a reused cluster had right after it was started is
// kept in the cluster's reuse folder, and put back before each later user gets the cluster. An HA Raft cluster
// is saved from and restored on its leader (its followers are read-only and replicate it).
import { mkdir, rename, rm } from 'node:fs/promises';
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

// Saves the configuration of the instances into `dir`, which appears whole or not at all: a save that failed
// part-way leaves no baseline that a later restore would stumble on.
export async function saveBaselines(
  stateFile: string,
  names: readonly string[],
  dir: string,
  env: NodeJS.ProcessEnv,
): Promise<void> {
  const partial = `${dir}.partial-${process.pid}`;
  await mkdir(partial, { recursive: true, mode: 0o700 });
  try {
    await forEachTarget(stateFile, names, partial, env, 'save', saveConfig);
    // A fresh start replaces what an earlier cluster of the key left.
    await rm(dir, { recursive: true, force: true });
    await rename(partial, dir);
  } finally {
    await rm(partial, { recursive: true, force: true });
  }
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
