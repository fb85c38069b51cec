// Which instance leads an HA Raft cluster right now, asked of its running nodes: what `exec --leader` and the
// test-suite API run against, whatever the env files last recorded.
import { NsoMultiError } from '../errors.js';
import { nodeRuns, readInstanceNode } from '../ncs/ha-raft-node.js';
import type { StateDocument } from '../state/state-document.js';
import { clustersOf } from './ha-raft-up.js';

// The instance leading `cluster` now; throws USAGE for a cluster the project does not have and HA_RAFT_FAILED
// when no running node leads it.
export async function leaderNow(state: StateDocument, cluster: string): Promise<string> {
  const clusters = clustersOf(state);
  const nodes = clusters.get(cluster);
  if (nodes === undefined) {
    const known = [...clusters.keys()];
    throw new NsoMultiError('USAGE', `no HA Raft cluster named ${cluster} in project ${state.project}`, {
      hint:
        known.length > 0
          ? `its clusters: ${known.join(', ')}`
          : 'no instance of the project has HA Raft on (`haRaft: { enabled: true }`)',
    });
  }
  const seen: string[] = [];
  for (const { instance } of nodes) {
    const entry = state.instances[instance]!;
    if (!(await nodeRuns(entry))) {
      seen.push(`${instance} not running`);
      continue;
    }
    const view = await readInstanceNode(entry);
    if ('error' in view) seen.push(`${instance}: ${view.error}`);
    else if (view.role === 'leader') return instance;
    else seen.push(`${instance} ${view.role}`);
  }
  throw new NsoMultiError('HA_RAFT_FAILED', `cluster ${cluster} has no leader now (${seen.join(', ')})`, {
    hint: '`nso-multi up` starts its nodes and forms it; `nso-multi status` shows the roles',
  });
}
