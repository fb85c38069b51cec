// formCluster's decisions against a scripted fake of three NSO nodes (a stand-in for NSO in these unit tests;
// test/real-nso/ha-raft.test.ts forms real clusters): when it creates, when it only waits, when it gives up.
import { describe, expect, it } from 'vitest';
import type { HaRaftNodeView } from '../nso/ha-raft-status.js';
import { type ClusterNode, type FormIo, formCluster } from './ha-raft-form.js';

const node = (i: number, running = true): ClusterNode => ({
  instance: `n${i}`,
  node: `x_n${i}@127.0.0.1`,
  running,
});

// A fake cluster: each node connects to the others after `connectAfterMs`; create-cluster makes the node it
// runs on leader and the members followers `electMs` later. Time is a counter the fake's sleep advances.
function fakeCluster(options: {
  connectAfterMs?: number;
  electMs?: number;
  refuse?: string;
  existing?: boolean;
}) {
  let now = 0;
  let createdAt: number | undefined;
  let leader: string | undefined = options.existing ? 'x_n2@127.0.0.1' : undefined;
  const creates: { on: string; members: readonly string[] }[] = [];
  const all = [1, 2, 3].map((i) => `x_n${i}@127.0.0.1`);
  const io: FormIo = {
    async read(instance) {
      const self = `x_${instance}@127.0.0.1`;
      const connected = now >= (options.connectAfterMs ?? 0) ? all.filter((n) => n !== self) : [];
      if (createdAt !== undefined && now >= createdAt + (options.electMs ?? 0)) leader = `x_n1@127.0.0.1`;
      const view: HaRaftNodeView = leader
        ? { role: leader === self ? 'leader' : 'follower', leader, members: all, connected }
        : { role: 'stalled', leader: null, members: createdAt === undefined ? [] : all, connected };
      return view;
    },
    async create(instance, members) {
      creates.push({ on: instance, members });
      if (options.refuse) return { refused: options.refuse };
      createdAt = now;
      return {};
    },
    async sleep(ms) {
      now += ms;
    },
    now: () => now,
  };
  return { io, creates };
}

describe('formCluster', () => {
  it('waits until the first node is connected to the others, creates the cluster there, waits for the leader', async () => {
    const fake = fakeCluster({ connectAfterMs: 1000, electMs: 500 });
    const outcome = await formCluster('lab', [node(1), node(2), node(3)], fake.io, 10_000);
    expect(fake.creates).toEqual([{ on: 'n1', members: ['x_n2@127.0.0.1', 'x_n3@127.0.0.1'] }]);
    expect(outcome).toEqual({
      result: 'formed',
      leader: 'n1',
      created: true,
      roles: [
        { instance: 'n1', role: 'leader' },
        { instance: 'n2', role: 'follower' },
        { instance: 'n3', role: 'follower' },
      ],
    });
  });

  it('creates nothing when the cluster has a leader already, and reports its roles', async () => {
    const fake = fakeCluster({ existing: true });
    const outcome = await formCluster('lab', [node(1), node(2), node(3)], fake.io, 10_000);
    expect(fake.creates).toEqual([]);
    expect(outcome).toMatchObject({ result: 'formed', leader: 'n2', created: false });
  });

  it('creates nothing while a node of a new cluster does not run, and says which to start', async () => {
    const fake = fakeCluster({});
    const outcome = await formCluster('lab', [node(1), node(2, false), node(3)], fake.io, 10_000);
    expect(fake.creates).toEqual([]);
    expect(outcome).toMatchObject({
      result: 'waiting',
      reason: 'cluster lab is not created yet: n2 does not run',
    });
    expect(outcome.result === 'waiting' && outcome.hint).toContain('nso-multi up n1 n2 n3');
  });

  it('fails within the timeout when the nodes never connect, naming the missing ones and where to look', async () => {
    const fake = fakeCluster({ connectAfterMs: 60_000 });
    const outcome = await formCluster('lab', [node(1), node(2), node(3)], fake.io, 5000);
    expect(fake.creates).toEqual([]);
    expect(outcome).toMatchObject({
      result: 'failed',
      reason: 'cluster lab: n1 is not connected to n2, n3 after 5 s (role stalled, connected to no node)',
    });
    expect(outcome.result === 'failed' && outcome.hint).toContain('logs/raft.log');
  });

  it("reports NSO's refusal of create-cluster", async () => {
    const fake = fakeCluster({ refuse: 'HA Raft leader promotion rejected' });
    const outcome = await formCluster('lab', [node(1), node(2), node(3)], fake.io, 5000);
    expect(outcome).toMatchObject({
      result: 'failed',
      reason: 'cluster lab: ha-raft create-cluster on n1 was refused: HA Raft leader promotion rejected',
    });
  });

  it('fails when no leader is elected in time, with each lagging node and its role', async () => {
    const fake = fakeCluster({ electMs: 60_000 });
    const outcome = await formCluster('lab', [node(1), node(2), node(3)], fake.io, 3000);
    expect(outcome.result).toBe('failed');
    expect(outcome.result === 'failed' && outcome.reason).toMatch(
      /^cluster lab has no leader that every node follows after 3 s \(n1: role stalled, connected to x_n2@127\.0\.0\.1, x_n3@127\.0\.0\.1; n2: /,
    );
  });
});
