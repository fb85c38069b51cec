// The HA Raft nodes of a project: each instance's node address, and which other nodes are its seed nodes.
// Pure: the cluster each instance renders comes in already read from its template.
import { NsoMultiError } from '../errors.js';
import type { InstancePlan, Plan } from '../model.js';
import { type NodeNameOwner, nodeName } from './node-name.js';

/** The env file variable naming the instance that led the node's cluster when nso-multi last looked (up,
 * down); absent while none does. `nso-multi exec --leader` asks the nodes instead. */
export const HA_RAFT_LEADER_VAR = 'NSO_MULTI_HA_RAFT_LEADER';

/** One instance with HA Raft on, as the others' ncs.conf name it. */
export interface HaRaftNode {
  instance: string;
  /** `<node name>@<address>`; the node name is the instance's `sname`. */
  nodeAddress: string;
  port: number;
  /** The cluster-name its ncs.conf carries; null when it carries none. */
  clusterName: string | null;
}

// An instance's HA Raft node address: its Erlang node name at the address its listener binds, so several
// nodes on one host are told apart (NSO: "ncsd@10.45.22.11 ... allow multiple NCS HA nodes on the same host").
export function haRaftNodeAddress(owner: NodeNameOwner, instance: string, address: string): string {
  return `${nodeName(owner, instance)}@${address}`;
}

// Every instance of the plan with a port for HA Raft, in spec order; throws SPEC_INVALID when two of them
// would get one node address (names that differ only in "-" and "_", which node names cannot hold).
export function haRaftNodes(
  plan: Plan,
  clusterNameOf: (instance: InstancePlan) => string | null,
): HaRaftNode[] {
  const nodes: HaRaftNode[] = [];
  const byAddress = new Map<string, string>();
  for (const instance of plan.instances) {
    const listener = instance.listeners.find((l) => l.key === 'haRaft');
    if (listener === undefined) continue;
    const nodeAddress = haRaftNodeAddress(plan, instance.name, listener.address);
    const other = byAddress.get(nodeAddress);
    if (other !== undefined) {
      throw new NsoMultiError(
        'SPEC_INVALID',
        `instances ${other} and ${instance.name} would both be the HA Raft node ${nodeAddress}`,
        { instance: instance.name, hint: `rename one of them, or give it another \`haRaft.address\`` },
      );
    }
    byAddress.set(nodeAddress, instance.name);
    nodes.push({
      instance: instance.name,
      nodeAddress,
      port: listener.port,
      clusterName: clusterNameOf(instance),
    });
  }
  return nodes;
}

// The seed nodes of `self`: the other nodes that render the same cluster name, so one template gives a
// cluster whose nodes find each other, and instances of another cluster stay out of it.
export function seedNodesOf(nodes: readonly HaRaftNode[], self: HaRaftNode): HaRaftNode[] {
  return nodes.filter((n) => n.instance !== self.instance && n.clusterName === self.clusterName);
}
