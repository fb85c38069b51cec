// Reading /ha-raft/status as ncs_cmd prints it (the lines below are what NSO 6.2.5 printed for a stalled node
// and for a follower), and what makes a cluster formed.
import { describe, expect, it } from 'vitest';
import { agreedLeader, createClusterCommand, parseHaRaftStatus, quorum } from './ha-raft-status.js';

const A = 'nso_multi_lab_58a63d_n1@127.0.0.1';
const B = 'nso_multi_lab_58a63d_n2@127.0.0.1';
const C = 'nso_multi_lab_58a63d_n3@127.0.0.1';

describe('parseHaRaftStatus', () => {
  it('reads a node before create-cluster: stalled, no leader, no members, its connections', () => {
    const out = [
      '/ha-raft/status/role [stalled]',
      `/ha-raft/status/connected-node [${B}]`,
      `/ha-raft/status/connected-node [${C}]`,
    ].join('\n');
    expect(parseHaRaftStatus(out)).toEqual({ role: 'stalled', leader: null, members: [], connected: [B, C] });
  });

  it('reads a follower with its leader and members, and a disabled node with its reason', () => {
    const out = [
      '/ha-raft/status/role [follower]',
      `/ha-raft/status/leader [${A}]`,
      `/ha-raft/status/member [${A}]`,
      `/ha-raft/status/member [${B}]`,
      `/ha-raft/status/connected-node [${A}]`,
    ].join('\n');
    expect(parseHaRaftStatus(out)).toEqual({ role: 'follower', leader: A, members: [A, B], connected: [A] });
    const disabled = '/ha-raft/status/role [disabled]\n/ha-raft/status/disable-reason [ncs.conf differs [x]]';
    expect(parseHaRaftStatus(disabled)).toMatchObject({
      role: 'disabled',
      disableReason: 'ncs.conf differs [x]',
    });
  });

  it('gives undefined when no role is printed', () => {
    expect(parseHaRaftStatus('')).toBeUndefined();
    expect(parseHaRaftStatus('/ha-raft/status/role [sleeping]')).toBeUndefined();
  });
});

describe('agreedLeader', () => {
  const view = (role: 'leader' | 'follower' | 'candidate', leader: string | null) => ({
    role,
    leader,
    members: [],
    connected: [],
  });
  it('is the leader every node names when each leads or follows', () => {
    expect(agreedLeader([view('leader', A), view('follower', A), view('follower', A)], [A, B, C])).toBe(A);
  });
  it('is undefined while a node is a candidate, the nodes disagree, or the leader is no node of the cluster', () => {
    expect(agreedLeader([view('leader', A), view('candidate', A)], [A, B])).toBeUndefined();
    expect(agreedLeader([view('leader', A), view('follower', B)], [A, B])).toBeUndefined();
    expect(
      agreedLeader([view('follower', 'x@1.2.3.4'), view('follower', 'x@1.2.3.4')], [A, B]),
    ).toBeUndefined();
    expect(agreedLeader([view('follower', null)], [A])).toBeUndefined();
  });
});

it('quorum is a majority, and create-cluster names the other members', () => {
  expect([1, 2, 3, 4, 5].map(quorum)).toEqual([1, 2, 2, 3, 3]);
  expect(createClusterCommand([B, C])).toBe(`ha-raft create-cluster member [ ${B} ${C} ]\n`);
});
