// Works out, before any instance is rendered, which instances are HA Raft nodes and which cluster each
// renders, so every ncs.conf can list the other nodes of its cluster as seed nodes.
import { NsoMultiError } from '../errors.js';
import type { InstancePlan, Plan } from '../model.js';
import { haRaftListenForm } from '../nso/ha-raft-address.js';
import { type HaRaftNode, haRaftNodes, seedNodesOf } from '../plan/ha-raft-nodes.js';
import { haRaftTlsFiles } from '../plan/ha-raft-tls-files.js';
import type { HaRaftInput } from '../render/ha-raft-listen.js';
import { renderedClusterName, type TemplateHaRaft, templateHaRaft } from '../render/ha-raft-scan.js';
import type { HaRaftMembership } from '../state/state-document.js';

/** A node of the roster, and whether nso-multi makes its TLS files (false: its template brings its own). */
export interface RosterNode extends HaRaftNode {
  makesTls: boolean;
}

// The plan's HA Raft nodes with the cluster name each one's file will carry; reads each template once.
export async function haRaftRoster(
  plan: Plan,
  read: (file: string) => Promise<string>,
): Promise<RosterNode[]> {
  const on = plan.instances.filter((i) => i.ports.haRaft !== null);
  if (on.length === 0) return [];
  const scans = new Map<string, TemplateHaRaft>();
  for (const instance of on) {
    const file = instance.spec.template;
    if (!scans.has(file)) scans.set(file, templateHaRaft(await read(file), file));
  }
  const scanOf = (instance: InstancePlan): TemplateHaRaft =>
    scans.get(instance.spec.template) ?? { present: false };
  const nodes = haRaftNodes(plan, (instance) => renderedClusterName(scanOf(instance), plan.project));
  return nodes.map((node) => {
    const scan = scanOf(plan.instances.find((i) => i.name === node.instance)!);
    return { ...node, makesTls: !(scan.present && scan.ownTls) };
  });
}

// What render sets for an instance's HA Raft, or undefined when it is off.
export function haRaftInput(
  plan: Plan,
  instance: InstancePlan,
  roster: readonly RosterNode[] | undefined,
): HaRaftInput | undefined {
  const port = instance.ports.haRaft;
  if (port === null) return undefined;
  const self = roster?.find((n) => n.instance === instance.name);
  if (roster === undefined || self === undefined) {
    throw new NsoMultiError(
      'INTERNAL',
      `instance ${instance.name}: HA Raft is on, but its node is not known`,
    );
  }
  return {
    nodeAddress: self.nodeAddress,
    port,
    form: haRaftListenForm(plan.nsoVersion),
    seeds: seedNodesOf(roster, self).map((n) => ({ nodeAddress: n.nodeAddress, port: n.port })),
    clusterName: plan.project,
    ...(self.makesTls ? { tls: haRaftTlsFiles(instance.runDir) } : {}),
  };
}

// The cluster a node belongs to, by name: its template's cluster-name, or the project's (as render sets it).
export function clusterOf(plan: Plan, node: RosterNode): string {
  return node.clusterName ?? plan.project;
}

// What the state records of each HA Raft node: its cluster and node address.
export function haRaftMemberships(plan: Plan, roster: readonly RosterNode[]): Map<string, HaRaftMembership> {
  return new Map(roster.map((n) => [n.instance, { cluster: clusterOf(plan, n), node: n.nodeAddress }]));
}
