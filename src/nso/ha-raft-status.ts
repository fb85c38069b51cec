// What an HA Raft node says of itself under /ha-raft/status (tailf-ncs-high-availability-raft.yang), and how
// that reads as a cluster: who leads, who follows, who has not joined.

/** /ha-raft/status/role. */
export type HaRaftRole = 'leader' | 'follower' | 'candidate' | 'stalled' | 'disabled';

export const HA_RAFT_ROLES: readonly HaRaftRole[] = [
  'leader',
  'follower',
  'candidate',
  'stalled',
  'disabled',
];

/** One node's view of its cluster. */
export interface HaRaftNodeView {
  role: HaRaftRole;
  /** The leader's node address; null when the node knows none. */
  leader: string | null;
  /** The cluster's members (node addresses); empty before create-cluster. */
  members: string[];
  /** The nodes it has a distribution connection to (node addresses). */
  connected: string[];
  /** Why the node is disabled (role disabled only). */
  disableReason?: string;
}

// A role name as NSO prints it, or undefined for anything else.
export function parseRole(text: string): HaRaftRole | undefined {
  const word = text.trim();
  return HA_RAFT_ROLES.find((role) => role === word);
}

// True when every node of `views` is leader or follower and all agree on one leader that is among them: the
// cluster has formed and each node has joined.
export function agreedLeader(views: readonly HaRaftNodeView[], nodes: readonly string[]): string | undefined {
  const leaders = new Set(views.map((v) => v.leader));
  if (leaders.size !== 1) return undefined;
  const [leader] = leaders;
  if (leader === null || leader === undefined || !nodes.includes(leader)) return undefined;
  const settled = views.every((v) => v.role === 'follower' || v.role === 'leader');
  const oneLeader = views.filter((v) => v.role === 'leader').length <= 1;
  return settled && oneLeader ? leader : undefined;
}

/** The smallest number of members that elects a leader: a majority. */
export function quorum(members: number): number {
  return Math.floor(members / 2) + 1;
}

/** The ncs_cmd script that prints a node's /ha-raft/status: `x PATH` prints `PATH [VALUE]` for each node that
 * exists (each entry of a leaf-list on a line of its own) and nothing for one that does not; `mget` would stop
 * at the first absent leaf (the leader, before there is one). */
export const HA_RAFT_STATUS_SCRIPT = [
  'mrtrans',
  ...['role', 'leader', 'member', 'connected-node', 'disable-reason'].map(
    (leaf) => `x /ha-raft/status/${leaf}`,
  ),
].join('; ');

// Reads the output of HA_RAFT_STATUS_SCRIPT; undefined when it names no role (not an HA Raft node).
export function parseHaRaftStatus(output: string): HaRaftNodeView | undefined {
  const values = new Map<string, string[]>();
  for (const line of output.split('\n')) {
    const match = /^\/ha-raft\/status\/([a-z-]+) \[(.*)\]$/.exec(line.trim());
    if (match === null) continue;
    const [, leaf, value] = match as unknown as [string, string, string];
    values.set(leaf, [...(values.get(leaf) ?? []), value]);
  }
  const role = parseRole(values.get('role')?.[0] ?? '');
  if (role === undefined) return undefined;
  const reason = values.get('disable-reason')?.[0];
  return {
    role,
    leader: values.get('leader')?.[0] ?? null,
    members: values.get('member') ?? [],
    connected: values.get('connected-node') ?? [],
    ...(reason === undefined ? {} : { disableReason: reason }),
  };
}

// The CLI input that creates the cluster on the node it is sent to, with `members` as the other members.
export function createClusterCommand(members: readonly string[]): string {
  return `ha-raft create-cluster member [ ${members.join(' ')} ]\n`;
}
