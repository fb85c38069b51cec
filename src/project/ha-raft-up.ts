// The HA Raft step of `up`: after the starts, every cluster with a node in this run is created (or, when it
// exists, waited for until its nodes follow one leader), and each node's role is reported.
import { join } from 'node:path';
import { createHaRaftCluster, nodeRuns, readHaRaftNode } from '../ncs/ha-raft-node.js';
import { instanceProcessEnv } from '../ncs/instance-process-env.js';
import { logTail } from '../ncs/log-tail.js';
import { ncsClientFor } from '../ncs/ncs-cmd.js';
import type { NcsCommand } from '../ncs/ncs-command.js';
import type { StateDocument } from '../state/state-document.js';
import {
  type ClusterNode,
  type FormIo,
  type FormOutcome,
  formCluster,
  type NodeRole,
} from './ha-raft-form.js';

/** One cluster's outcome in an `up`. */
export type ClusterOutcome = FormOutcome & { cluster: string };

/** The nodes of each cluster of the state, in spec order (the state keeps the spec's order). */
export function clustersOf(state: StateDocument): Map<string, { instance: string; node: string }[]> {
  const clusters = new Map<string, { instance: string; node: string }[]>();
  for (const [instance, entry] of Object.entries(state.instances)) {
    if (entry.haRaft === undefined) continue;
    const nodes = clusters.get(entry.haRaft.cluster) ?? [];
    nodes.push({ instance, node: entry.haRaft.node });
    clusters.set(entry.haRaft.cluster, nodes);
  }
  return clusters;
}

// The clusters of the state that have one of `names` among their nodes.
export function clustersWith(
  state: StateDocument,
  names: readonly string[],
): [string, { instance: string; node: string }[]][] {
  return [...clustersOf(state)].filter(([, nodes]) => nodes.some((n) => names.includes(n.instance)));
}

export interface HaRaftUpContext {
  state: StateDocument;
  /** The instances this run was asked for: only their clusters are formed. */
  names: readonly string[];
  ncs: NcsCommand;
  baseEnv: NodeJS.ProcessEnv;
  timeoutMs: number;
  /** Told when a cluster is about to be created or waited for. */
  onForming: (cluster: string, what: string) => void;
}

// Forms (or waits for) every cluster that has one of `names` among its nodes, one after the other.
export async function formClusters(ctx: HaRaftUpContext): Promise<ClusterOutcome[]> {
  const outcomes: ClusterOutcome[] = [];
  for (const [cluster, members] of clustersWith(ctx.state, ctx.names)) {
    const nodes: ClusterNode[] = await Promise.all(
      members.map(async (m) => ({ ...m, running: await runs(ctx.state, m.instance) })),
    );
    const io = formIo(ctx);
    const first = nodes[0]!;
    const forming: FormIo = {
      ...io,
      create: (instance, list) => {
        ctx.onForming(cluster, `ha-raft create-cluster on ${instance}`);
        return io.create(instance, list);
      },
    };
    // Without NSO's C clients (local IPC, which 6.2's ncs_cmd cannot reach) the nodes cannot be asked at all.
    const env = instanceProcessEnv(ctx.baseEnv, ctx.state.instances[first.instance]!);
    const ncs = ctx.state.instances[first.instance]?.runtime?.ncs ?? ctx.ncs;
    if ((await ncsClientFor(ncs, env, 'ncs_cmd')) === undefined) {
      const others = nodes.slice(1).map((n) => n.node);
      outcomes.push({
        cluster,
        result: 'waiting',
        reason: `cluster ${cluster} was not formed: nso-multi asks the nodes with ncs_cmd over TCP IPC, which ${first.instance} does not offer`,
        hint: `form it by hand: nso-multi exec ${first.instance} -- ncs_cli -C -u admin, then ha-raft create-cluster member [ ${others.join(' ')} ]`,
        roles: nodes.map((n) => ({ instance: n.instance, role: null })),
      });
      continue;
    }
    ctx.onForming(cluster, `waiting for ${nodes.length > 1 ? 'its nodes' : first.instance}`);
    const outcome = await formCluster(cluster, nodes, forming, ctx.timeoutMs);
    if (outcome.result === 'failed') outcome.log = await raftLogs(ctx.state, outcome.roles, nodes);
    outcomes.push({ cluster, ...outcome });
  }
  return outcomes;
}

/** Lines of raft.log shown per lagging node in a failure. */
const RAFT_LOG_LINES = 4;

// The end of raft.log (which the bundled template writes) of each running node that neither leads nor follows.
async function raftLogs(
  state: StateDocument,
  roles: readonly NodeRole[],
  nodes: readonly ClusterNode[],
): Promise<string[]> {
  const lagging = roles.filter(
    (r) =>
      r.role !== 'leader' && r.role !== 'follower' && nodes.find((n) => n.instance === r.instance)?.running,
  );
  const lines: string[] = [];
  for (const { instance } of lagging) {
    const file = join(state.instances[instance]!.runDir, 'logs', 'raft.log');
    for (const line of await logTail(file, RAFT_LOG_LINES)) lines.push(`${instance}: ${line}`);
  }
  return lines;
}

const runs = (state: StateDocument, instance: string) => nodeRuns(state.instances[instance]);

// What formCluster asks of NSO, through each node's own `ncs` and environment.
function formIo(ctx: HaRaftUpContext): FormIo {
  const envOf = (instance: string) => instanceProcessEnv(ctx.baseEnv, ctx.state.instances[instance]!);
  const ncsOf = (instance: string) => ctx.state.instances[instance]?.runtime?.ncs ?? ctx.ncs;
  return {
    read: (instance) => readHaRaftNode(ncsOf(instance), envOf(instance)),
    create: (instance, members) => createHaRaftCluster(ncsOf(instance), envOf(instance), members),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    now: () => Date.now(),
  };
}
