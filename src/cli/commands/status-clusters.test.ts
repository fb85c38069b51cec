// The lines `status` prints under its table for HA Raft clusters.
import { expect, it } from 'vitest';
import type { InstanceStatus } from '../../project/status.js';
import { clusterLines } from './status.js';

const node = (name: string, status: string, haRaft: InstanceStatus['haRaft']) =>
  ({ name, status, haRaft }) as InstanceStatus;

it('names the leader the running nodes follow, and how many of the nodes run', () => {
  const lines = clusterLines([
    node('n1', 'stopped', { cluster: 'lab', role: null, leader: null }),
    node('n2', 'running', { cluster: 'lab', role: 'leader', leader: 'n2' }),
    node('n3', 'running', { cluster: 'lab', role: 'follower', leader: 'n2' }),
    node('x', 'running', undefined),
  ]);
  expect(lines).toEqual(['cluster lab: leader n2; 2 of 3 nodes running']);
});

it('says no leader, or a split, and which roles could not be read', () => {
  expect(
    clusterLines([
      node('a', 'running', { cluster: 'c', role: 'candidate', leader: null }),
      node('b', 'running', {
        cluster: 'c',
        role: null,
        leader: null,
        error: 'ncs_cmd did not answer within 10 s',
      }),
    ]),
  ).toEqual([
    'cluster c: no leader; 2 of 2 nodes running',
    '  role unknown: b: ncs_cmd did not answer within 10 s',
  ]);
  expect(
    clusterLines([
      node('a', 'running', { cluster: 'c', role: 'leader', leader: 'a' }),
      node('b', 'running', { cluster: 'c', role: 'leader', leader: 'b' }),
    ]),
  ).toEqual(['cluster c: leaders a, b (split); 2 of 2 nodes running']);
});

it('gives one reason for a cluster whose nodes all cannot be asked (the simulator)', () => {
  const sim = { cluster: 'lab', role: null, leader: null, error: 'the simulator has no HA Raft' };
  expect(clusterLines([node('n1', 'running', sim), node('n2', 'running', sim)])).toEqual([
    'cluster lab: roles unknown (the simulator has no HA Raft); 2 of 2 nodes running',
  ]);
});
