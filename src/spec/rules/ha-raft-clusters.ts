// What makes the HA Raft clusters of a spec unusable before anything starts: a cluster of one node (nothing to
// replicate to, no failover: not what anyone asks an HA Raft lab for), nodes of one cluster on different NSO
// versions (container images with different tags), and IPv6 node addresses, with which nodes never connect
// (measured on NSO 6.2.5: `name@::1` nodes start and stay stalled, connected to no node).
import { isIPv6 } from 'node:net';
import { isWildcardAddress } from '../../nso/wildcard-address.js';
import type { InstanceView } from '../instance-views.js';
import type { PathProblem } from '../spec-path.js';
import { haModeScanner } from './ha-mode-scan.js';
import type { Rule, RuleContext } from './rule.js';

/** An instance with HA Raft on, with the cluster its ncs.conf will name. */
interface Node {
  view: InstanceView;
  /** The cluster-name its ncs.conf will carry: the template's, else the project's (render sets it); null when
   * the project's name is not known (rules run without it in unit tests). */
  cluster: string | null;
  /** Whether the spec (rather than the template) switches HA Raft on. */
  bySpec: boolean;
}

async function nodesOf({ instances, checks, project }: RuleContext): Promise<Node[]> {
  const scan = haModeScanner(checks);
  const nodes: Node[] = [];
  for (const view of instances) {
    const own = view.settings.haRaft?.enabled;
    const places = await scan(view.template);
    const on = own ?? (places?.haRaft !== null && places?.haRaft !== undefined);
    const cluster = places?.haRaftCluster ?? project ?? null;
    if (on) nodes.push({ view, cluster, bySpec: own !== undefined });
  }
  return nodes;
}

function byCluster(nodes: readonly Node[]): Map<string | null, Node[]> {
  const clusters = new Map<string | null, Node[]>();
  for (const node of nodes) clusters.set(node.cluster, [...(clusters.get(node.cluster) ?? []), node]);
  return clusters;
}

const clusterWords = (cluster: string | null) =>
  cluster === null ? "the project's HA Raft cluster" : `HA Raft cluster ${cluster}`;

// A cluster with a single node.
export const haRaftClusterOfOne: Rule = async (context) => {
  const problems: PathProblem[] = [];
  for (const [cluster, nodes] of byCluster(await nodesOf(context))) {
    if (nodes.length !== 1) continue;
    const [{ view, bySpec }] = nodes as [Node];
    const name = view.settings.name;
    problems.push({
      path: view.origin(bySpec ? ['haRaft', 'enabled'] : ['template']),
      message: `${clusterWords(cluster)} has one node (${name}): it replicates to nobody and cannot fail over`,
      fix: 'switch HA Raft on in at least two more instances (three nodes survive the loss of one), e.g. `defaults: { haRaft: { enabled: true } }`, or switch it off here',
    });
  }
  return problems;
};

// The version part of a container image reference (`repo:6.4.1` → 6.4.1); undefined without a tag.
function imageTag(image: string): string | undefined {
  const name = image.split('@')[0]!;
  const colon = name.lastIndexOf(':');
  return colon > name.lastIndexOf('/') ? name.slice(colon + 1) : undefined;
}

// Nodes of one cluster whose container images carry different tags (NSO versions).
export const haRaftOneVersion: Rule = async (context) => {
  const problems: PathProblem[] = [];
  for (const [cluster, nodes] of byCluster(await nodesOf(context))) {
    const tagged = nodes.flatMap((n) => {
      const image = n.view.settings.container?.image;
      const tag = image === undefined ? undefined : imageTag(image);
      return tag === undefined ? [] : [{ node: n, image: image!, tag }];
    });
    const first = tagged[0];
    for (const other of tagged.slice(1)) {
      if (other.tag === first!.tag) continue;
      problems.push({
        path: other.node.view.origin(['container', 'image']),
        message: `${clusterWords(cluster)}: ${other.node.view.settings.name} runs ${other.image} but ${first!.node.view.settings.name} runs ${first!.image}; the nodes of a cluster run one NSO version`,
        fix: `give every node of the cluster the same version, e.g. container: { image: ${first!.image} }`,
      });
    }
  }
  return problems;
};

// IPv6 node addresses.
export const haRaftIpv4Address: Rule = ({ instances }) =>
  instances.flatMap((view) => {
    const address = view.settings.haRaft?.address;
    if (address === undefined || !isIPv6(address) || isWildcardAddress(address)) return [];
    if (view.settings.haRaft?.enabled === false) return [];
    return [
      {
        path: view.origin(['haRaft', 'address']),
        message: `${address} is an IPv6 address: HA Raft nodes with IPv6 node addresses never connect (measured on NSO 6.2.5)`,
        fix: 'use an IPv4 address of this host, e.g. 127.0.0.1 (the default)',
      },
    ];
  });
