import { describe, expect, it } from 'vitest';
import { instanceSpec, NETCONF_OFF, projectSpec } from '../../test/helpers/instance-spec.js';
import type { InstanceSpec } from '../model.js';
import { haRaftListenForm, nodeAddressHost } from '../nso/ha-raft-address.js';
import type { TemplateListenerKey } from '../nso/listeners.js';
import { TEMPLATE_LISTENER_KEYS } from '../nso/listeners.js';
import { buildPlan } from './build-plan.js';
import { haRaftNodes, seedNodesOf } from './ha-raft-nodes.js';
import { nodeName } from './node-name.js';
import { needsTemplateScan, settleTemplateListenerChoices } from './template-listeners.js';

const NOTHING = Object.fromEntries(TEMPLATE_LISTENER_KEYS.map((key) => [key, false])) as Record<
  TemplateListenerKey,
  boolean
>;

// Neither NETCONF nor CLI: the plans below assign only the IPC and HA Raft ports.
const instance = (name: string, overrides: Partial<InstanceSpec> = {}): InstanceSpec =>
  instanceSpec({ name, netconf: NETCONF_OFF, cli: { ssh: false, address: '127.0.0.1' }, ...overrides });

function planOf(instances: InstanceSpec[], haRaftPorts: Record<string, number>) {
  const spec = projectSpec(instances, { project: 'lab.x', layout: { base: 15000, stride: 10 } });
  const assigned = Object.fromEntries(
    instances.map((i, n) => [i.name, { ipc: 15010 + n * 10, haRaft: haRaftPorts[i.name] }]),
  );
  return buildPlan(spec, assigned, [], '6.2');
}

// The node-id part NSO's schema allows in an HA Raft node address (tailf-ncs-config.yang).
const NODE_ID = /^[a-z][a-zA-Z0-9_]*$/;

describe('settling HA Raft', () => {
  it("takes the template's switch unless the spec sets one, on 127.0.0.1 by default", () => {
    const plain = instance('a');
    expect(needsTemplateScan({ ...plain, webui: { tcp: false, ssl: false, address: '127.0.0.1' } })).toBe(
      true,
    );
    expect(settleTemplateListenerChoices(plain, { ...NOTHING, haRaft: true }).haRaft).toEqual({
      enabled: true,
      address: '127.0.0.1',
    });
    const forced = instance('b', { haRaft: { enabled: true, address: '::1' } });
    expect(settleTemplateListenerChoices(forced, NOTHING).haRaft).toEqual({ enabled: true, address: '::1' });
    const refused = instance('c', { haRaft: { enabled: false, address: '127.0.0.1' } });
    expect(settleTemplateListenerChoices(refused, { ...NOTHING, haRaft: true }).haRaft?.enabled).toBe(false);
  });

  it('refuses a port pinned for HA Raft that stays off, naming the switch', () => {
    expect(() => settleTemplateListenerChoices(instance('a', { ports: { haRaft: 15099 } }), NOTHING)).toThrow(
      expect.objectContaining({
        code: 'SPEC_INVALID',
        hint: expect.stringContaining('haRaft.enabled: true'),
      }),
    );
  });
});

describe('HA Raft nodes of a plan', () => {
  const on = (name: string, address = '127.0.0.1') => instance(name, { haRaft: { enabled: true, address } });

  it('names each node by its sname at its address, valid for the schema, and exports both', () => {
    const plan = planOf([on('one'), on('two-b', '::1'), instance('off')], { one: 15040, 'two-b': 15041 });
    const nodes = haRaftNodes(plan, () => 'c');
    expect(nodes[0]?.nodeAddress).toMatch(/^nso_multi_lab_x_[0-9a-f]{6}_one@127\.0\.0\.1$/);
    expect(nodes.map((n) => [n.instance, n.nodeAddress, n.port])).toEqual([
      ['one', `${nodeName(plan, 'one')}@127.0.0.1`, 15040],
      ['two-b', `${nodeName(plan, 'two-b')}@::1`, 15041],
    ]);
    const [one, two, off] = plan.instances;
    expect(one?.env.sname).toBe(nodeName({ project: 'lab.x', workdir: plan.workdir }, 'one'));
    expect(one?.env.sname).toMatch(NODE_ID);
    expect(one?.env.NSO_MULTI_HA_RAFT_NODE).toBe(`${nodeName(plan, 'one')}@127.0.0.1`);
    expect(one?.env.NSO_MULTI_HA_RAFT_PORT).toBe('15040');
    expect(two?.env.NSO_MULTI_HA_RAFT_NODE).toBe(`${nodeName(plan, 'two-b')}@::1`);
    expect(off?.env).not.toHaveProperty('NSO_MULTI_HA_RAFT_NODE');
    expect(off?.unset).toEqual(expect.arrayContaining(['NSO_MULTI_HA_RAFT_PORT', 'NSO_MULTI_HA_RAFT_NODE']));
  });

  it('gives each node the other nodes of the same cluster as seeds, in spec order', () => {
    const plan = planOf([on('a'), on('b'), on('c'), on('d')], { a: 15040, b: 15041, c: 15042, d: 15043 });
    const cluster: Record<string, string | null> = { a: 'x', b: 'y', c: 'x', d: 'x' };
    const nodes = haRaftNodes(plan, (i) => cluster[i.name] ?? null);
    const seeds = (name: string) => seedNodesOf(nodes, nodes.find((n) => n.instance === name)!);
    expect(seeds('a').map((n) => n.instance)).toEqual(['c', 'd']);
    expect(seeds('d').map((n) => n.instance)).toEqual(['a', 'c']);
    expect(seeds('b')).toEqual([]);
  });

  it('refuses two instances whose names give one node address', () => {
    const plan = planOf([on('a-b'), on('a_b')], { 'a-b': 15040, a_b: 15041 });
    expect(() => haRaftNodes(plan, () => null)).toThrow(
      expect.objectContaining({ code: 'SPEC_INVALID', message: expect.stringContaining('a-b and a_b') }),
    );
  });
});

describe('HA Raft address facts', () => {
  it('uses `port` from NSO 6.7 and the min/max range before, and for versions it cannot read', () => {
    expect(['6.2', '6.2.5', '6.6.3', '6.7', 'v6.7.1', '7.0', 'unknown'].map(haRaftListenForm)).toEqual([
      'range',
      'range',
      'range',
      'port',
      'port',
      'port',
      'range',
    ]);
  });

  it('takes the host from a node address, with or without a node id', () => {
    expect(nodeAddressHost('ncsd@10.0.0.1')).toBe('10.0.0.1');
    expect(nodeAddressHost('n1@::1')).toBe('::1');
    expect(nodeAddressHost('ash.example.org')).toBe('ash.example.org');
  });
});
