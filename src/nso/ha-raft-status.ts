// What an HA Raft node says of itself under /ha-raft/status (tailf-ncs-high-availability-raft.yang), and how
// that reads as a cluster: who leads, who follows, who has not joined.

/** /ha-raft/status/role. */
export type HaRaftRole = 'leader' | 'follower' | 'candidate' | 'stalled' | 'disabled';

export const HA_RAFT_ROLES: readonly HaRaftRole[] = ['leader', 'follower', 'candidate', 'stalled', 'disabled'];

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
