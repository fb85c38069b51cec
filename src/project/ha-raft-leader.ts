// The leader an HA Raft node's env file names (NSO_MULTI_HA_RAFT_LEADER): written when up or down sees who leads
// a cluster, kept by render, removed when none does.
import { writeFileAtomic } from '../host/atomic-file.js';
import type { Plan } from '../model.js';
import { HA_RAFT_LEADER_VAR } from '../plan/ha-raft-nodes.js';
import { renderEnvFile } from '../render/env-file.js';
import type { StateDocument } from '../state/state-document.js';
import { openStateStore } from '../state/state-store.js';
import { envFileHeader } from './instance-texts.js';

// The plan with each HA Raft node's env carrying the leader its cluster had at the last render, up or down.
export function withRecordedLeaders(plan: Plan, previous: StateDocument | undefined): Plan {
  const instances = plan.instances.map((instance) => {
    const leader = previous?.instances[instance.name]?.env[HA_RAFT_LEADER_VAR];
    const node = instance.listeners.some((l) => l.key === 'haRaft');
    if (!node || leader === undefined) return instance;
    return { ...instance, env: { ...instance.env, [HA_RAFT_LEADER_VAR]: leader } };
  });
  return { ...plan, instances };
}

// Records `leader` (null: none) as the leader of `cluster` in the state and in its nodes' env files; files whose
// value is already right are left alone.
export async function recordHaRaftLeader(
  stateFile: string,
  cluster: string,
  leader: string | null,
): Promise<void> {
  const store = await openStateStore(stateFile);
  const changed: string[] = [];
  await store.update((state) => {
    for (const [name, entry] of Object.entries(state.instances)) {
      if (entry.haRaft?.cluster !== cluster || entry.env[HA_RAFT_LEADER_VAR] === (leader ?? undefined))
        continue;
      if (leader === null) delete entry.env[HA_RAFT_LEADER_VAR];
      else entry.env[HA_RAFT_LEADER_VAR] = leader;
      changed.push(name);
    }
  });
  const state = store.current();
  if (state === undefined) return;
  for (const name of changed) {
    const entry = state.instances[name]!;
    const header = envFileHeader(state.project, name, entry.envFile);
    const { text } = renderEnvFile(entry.env, header, entry.unset);
    await writeFileAtomic(entry.envFile, text, { mode: 0o644 });
  }
}
