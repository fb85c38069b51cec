// HA Raft inside an orchestrator: every node is named by the DNS name the orchestrator gives its container
// (a compose network alias, a StatefulSet pod's name under its headless Service), listens at NSO's standard
// HA Raft port, and proves itself with a certificate for that name. Pure: names and paths only.
import { NsoMultiError } from '../errors.js';
import type { Plan } from '../model.js';
import { clusterOf, type RosterNode } from '../project/ha-raft-roster.js';

// The node id of a containerised node: `ncsd_<instance>`, with every character a node id cannot hold as "_".
// The DNS name alone would tell the containers apart; a node id of its own also names the node in NSO's logs
// and status as the spec does, and lets the nodes share one Erlang port mapper when run on one host.
export function containerNodeId(instance: string): string {
  return `ncsd_${instance.replace(/[^A-Za-z0-9_]/g, '_')}`;
}

/** Where a node's TLS files are mounted inside its container (the names NSO's raft-cluster example uses). */
export const CONTAINER_HA_RAFT_TLS = {
  dir: '/run/secrets/ha-raft',
  caCertFile: '/run/secrets/ha-raft/ca.crt',
  certFile: '/run/secrets/ha-raft/node.crt',
  keyFile: '/run/secrets/ha-raft/node.key',
} as const;

/** One HA Raft node as a container. */
export interface ContainerHaRaftNode {
  instance: string;
  cluster: string;
  /** The DNS name every container of the cluster resolves to this node's container. */
  host: string;
  /** `<node id>@<host>`: what its ncs.conf, its certificate and the other nodes' seed nodes name. */
  nodeAddress: string;
}

/** One cluster: its nodes in spec order; the cluster is created on the first. */
export interface ContainerCluster {
  name: string;
  nodes: ContainerHaRaftNode[];
}

/** Gives the DNS name of an instance's container in the target orchestrator. */
export type ContainerHostOf = (instance: string, project: string) => string;

/** The orchestrator an export is for: its name (`compose`, `k8s`) and the DNS name of an instance's container. */
export interface ContainerTarget {
  name: string;
  hostOf: ContainerHostOf;
}

// The HA Raft nodes of the plan in their containers, by instance. Refuses nodes whose template brings TLS files
// of its own (host paths, absent in a container) and two nodes the orchestrator would give one name.
export function containerHaRaftNodes(
  plan: Plan,
  roster: readonly RosterNode[],
  hostOf: ContainerHostOf,
): Map<string, ContainerHaRaftNode> {
  const nodes = new Map<string, ContainerHaRaftNode>();
  const byHost = new Map<string, string>();
  for (const node of roster) {
    if (!node.makesTls) {
      throw new NsoMultiError(
        'SPEC_INVALID',
        `instance ${node.instance}: its template's ha-raft/ssl names TLS files of this host, which a container does not have`,
        {
          instance: node.instance,
          hint: "remove ssl from the template's ha-raft (or set `<enabled>false</enabled>` in it): nso-multi then makes the certificates, for the containers too",
        },
      );
    }
    const host = hostOf(node.instance, plan.project);
    const other = byHost.get(host);
    if (other !== undefined) {
      throw new NsoMultiError(
        'SPEC_INVALID',
        `instances ${other} and ${node.instance} would both be the HA Raft node ${host} in the containers`,
        { instance: node.instance, hint: 'rename one of them: container DNS names ignore case and "_"' },
      );
    }
    byHost.set(host, node.instance);
    nodes.set(node.instance, {
      instance: node.instance,
      cluster: clusterOf(plan, node),
      host,
      nodeAddress: `${containerNodeId(node.instance)}@${host}`,
    });
  }
  return nodes;
}

// The refusal of an HA Raft node whose template brings TLS files of its own: host paths, absent in a container.
export function ownTlsRefusal(instance: string): NsoMultiError {
  return new NsoMultiError(
    'SPEC_INVALID',
    `instance ${instance}: its template's ha-raft/ssl names TLS files of this host, which a container does not have`,
    {
      instance,
      hint: "remove ssl from the template's ha-raft (or set `<enabled>false</enabled>` in it): nso-multi then makes the certificates, for the containers too",
    },
  );
}

// The clusters of the nodes, in the order their first node appears.
export function containerClusters(nodes: ReadonlyMap<string, ContainerHaRaftNode>): ContainerCluster[] {
  const clusters = new Map<string, ContainerCluster>();
  for (const node of nodes.values()) {
    const cluster = clusters.get(node.cluster) ?? { name: node.cluster, nodes: [] };
    cluster.nodes.push(node);
    clusters.set(node.cluster, cluster);
  }
  return [...clusters.values()];
}

// The other nodes of `node`'s cluster: its seed nodes, and the members create-cluster names on the first.
export function otherNodes(cluster: ContainerCluster, node: string): ContainerHaRaftNode[] {
  return cluster.nodes.filter((n) => n.instance !== node);
}
