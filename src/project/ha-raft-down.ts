// HA Raft in `down`: which nodes lead (they are stopped last, so a full down holds no needless election), and
// what a partial down did to a running cluster: a new leader elected among the rest, the same leader, or too
// few nodes left to elect one.
import { nodeRuns, readInstanceNode } from '../ncs/ha-raft-node.js';
import { quorum } from '../nso/ha-raft-status.js';
import type { StateDocument } from '../state/state-document.js';
import { clustersWith } from './ha-raft-up.js';

/** What a down did to an HA Raft cluster some of whose nodes still run. */
export interface ClusterAfterDown {
  cluster: string;
  /** The nodes this down stopped. */
  stopped: string[];
  /** The leader before the down (instance name), if the running nodes knew one. */
  leaderBefore: string | null;
  /** The leader after it; null when none was elected (in time, or at all). */
  leader: string | null;
  /** Nodes of the cluster still running, and its size. */
  running: number;
  nodes: number;
  /** One sentence for the user. */
  note: string;
}

/** How long a partial down waits for the remaining nodes to elect a new leader. */
export const ELECTION_WAIT_MS = 30_000;
const POLL_MS = 250;

interface Cluster {
  name: string;
  nodes: { instance: string; node: string }[];
}

const running = (state: StateDocument, instance: string) => nodeRuns(state.instances[instance]);
const read = (state: StateDocument, instance: string) => readInstanceNode(state.instances[instance]!);

// The leader the running nodes of `cluster` name, as an instance name; null when none does.
async function leaderOf(
  state: StateDocument,
  cluster: Cluster,
  among: readonly string[],
): Promise<string | null> {
  const views = await Promise.all(among.map((i) => read(state, i)));
  for (const view of views) {
    if ('error' in view || view.leader === null) continue;
    const leader = cluster.nodes.find((n) => n.node === view.leader)?.instance;
    if (leader !== undefined && among.includes(leader)) return leader;
  }
  return null;
}

/** Before a down: the leaders among the nodes to stop, and what is needed to tell the clusters' fate after. */
export interface DownPlan {
  /** Instances to stop last: the current leaders of their clusters. */
  leaders: Set<string>;
  before: { cluster: Cluster; leader: string | null }[];
}

// Reads the leaders of the clusters `names` touch; nothing is asked when no node of them runs.
export async function planHaRaftDown(
  state: StateDocument | undefined,
  names: readonly string[],
): Promise<DownPlan> {
  const plan: DownPlan = { leaders: new Set(), before: [] };
  if (state === undefined) return plan;
  for (const [name, nodes] of clustersWith(state, names)) {
    const cluster: Cluster = { name, nodes };
    const up: string[] = [];
    for (const n of cluster.nodes) if (await running(state, n.instance)) up.push(n.instance);
    if (up.length === 0) continue;
    const leader = await leaderOf(state, cluster, up);
    if (leader !== null && names.includes(leader)) plan.leaders.add(leader);
    plan.before.push({ cluster, leader });
  }
  return plan;
}

// After the stops: for each cluster with nodes left running, waits (bounded) for a leader among them and says
// what became of the cluster.
export async function clustersAfterDown(
  state: StateDocument,
  plan: DownPlan,
  stopped: readonly string[],
  waitMs = ELECTION_WAIT_MS,
): Promise<ClusterAfterDown[]> {
  const out: ClusterAfterDown[] = [];
  for (const { cluster, leader: before } of plan.before) {
    const gone = cluster.nodes.filter((n) => stopped.includes(n.instance)).map((n) => n.instance);
    if (gone.length === 0) continue;
    const left: string[] = [];
    for (const n of cluster.nodes) if (await running(state, n.instance)) left.push(n.instance);
    if (left.length === 0) continue;
    const size = cluster.nodes.length;
    const base = {
      cluster: cluster.name,
      stopped: gone,
      leaderBefore: before,
      running: left.length,
      nodes: size,
    };
    if (left.length < quorum(size)) {
      out.push({
        ...base,
        leader: null,
        note: `cluster ${cluster.name}: ${left.length} of ${size} nodes run, fewer than the ${quorum(size)} that elect a leader: it takes no writes until more run (nso-multi up ${gone.join(' ')})`,
      });
      continue;
    }
    const deadline = Date.now() + waitMs;
    let leader = await leaderOf(state, cluster, left);
    while (leader === null && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      leader = await leaderOf(state, cluster, left);
    }
    const tail = `${left.length} of ${size} nodes run`;
    const note =
      leader === null
        ? `cluster ${cluster.name}: no leader among ${left.join(', ')} after ${waitMs / 1000} s (${tail}); \`nso-multi status\` shows their roles`
        : before !== null && gone.includes(before)
          ? `cluster ${cluster.name}: ${before} led it; ${leader} leads now (${tail})`
          : `cluster ${cluster.name}: ${leader} still leads (${tail})`;
    out.push({ ...base, leader, note });
  }
  return out;
}
