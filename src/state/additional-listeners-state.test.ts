import { describe, expect, it } from 'vitest';
import { IPC_WITHOUT_CHECK, instanceSpec, NETCONF_OFF } from '../../test/helpers/instance-spec.js';
import type { Lease } from '../leases/lease.js';
import { leaseVerdict } from '../leases/lease-verdict.js';
import type { AdditionalListenerPlan, InstancePlan, Ports } from '../model.js';
import { LISTENER_KEYS } from '../nso/listeners.js';
import { additionalFromConf } from './rebuilt-additional-listeners.js';
import { instanceState, parseState, previousPorts, type StateDocument } from './state-document.js';

const entry: AdditionalListenerPlan = {
  id: 'cliSsh.extraListen.1',
  parent: 'cliSsh',
  kind: 'extraListen',
  index: 1,
  address: '::1',
  templateAddress: '::1',
  port: 16540,
  envVar: 'NSO_MULTI_CLI_SSH_EXTRA_LISTEN_1_PORT',
};

function plannedInstance(): InstancePlan {
  const ports = Object.fromEntries(LISTENER_KEYS.map((k) => [k, null])) as Ports;
  return {
    name: 'one',
    runDir: '/w/one',
    ncsConf: '/w/one/ncs.conf',
    envFile: '/p/.env.one',
    secretFile: null,
    ports: { ...ports, ipc: 16510, cliSsh: 16513 },
    listeners: [],
    additionalListeners: [entry],
    env: {},
    unset: [],
    spec: instanceSpec({ ipc: IPC_WITHOUT_CHECK, netconf: NETCONF_OFF }),
  };
}

const documentWith = (instances: StateDocument['instances']): StateDocument => ({
  version: 1,
  project: 'lab',
  specFile: '/p/nso-multi.yaml',
  specHash: '',
  nsoVersion: '6.2',
  instances,
});

describe('additional listeners in the state', () => {
  it('are recorded, read back, and given to the next allocation by id', () => {
    const doc = documentWith({ one: instanceState(plannedInstance(), '2026-01-01T00:00:00Z') });
    const parsed = parseState(JSON.stringify(doc), 'state.json');
    expect(parsed.instances.one?.additionalListeners).toEqual([entry]);
    expect(previousPorts(parsed)).toEqual({
      one: { ipc: 16510, cliSsh: 16513, 'cliSsh.extraListen.1': 16540 },
    });
  });

  it('are left out for an instance without any, and a malformed list is refused', () => {
    const plain = instanceState({ ...plannedInstance(), additionalListeners: [] }, 'now');
    expect(plain).not.toHaveProperty('additionalListeners');
    const bad = documentWith({ one: { ...plain, additionalListeners: [{ id: 'x' }] as never } });
    expect(() => parseState(JSON.stringify(bad), '/w/state.json')).toThrow(/one has bad additionalListeners/);
  });

  it('keep their lease: assigned while the state records that port for that id, stale once it moved', async () => {
    const state = documentWith({ one: instanceState(plannedInstance(), 'now') });
    const sources = { isAlive: async () => false, projectState: async () => state };
    const lease: Lease = {
      port: 16540,
      project: '/p/.nso-multi/state.json',
      instance: 'one',
      key: 'cliSsh.extraListen.1',
      owner: { pid: 999999 },
      since: 'now',
    };
    expect(await leaseVerdict(lease, sources)).toBe('assigned');
    expect(await leaseVerdict({ ...lease, port: 16541 }, sources)).toBe('stale');
  });
});

describe('additionalFromConf (rebuilding a lost state)', () => {
  it('reads back the entries of enabled listeners with their ports and ids, and skips the others', () => {
    const xml = `<ncs-config xmlns="http://tail-f.com/yang/tailf-ncs-config">
      <cli><ssh><extra-listen><ip>::1</ip><port>16560</port></extra-listen></ssh></cli>
      <ha><extra-listen><ip>127.0.0.1</ip><port>16561</port></extra-listen></ha>
    </ncs-config>`;
    const listeners = [{ key: 'cliSsh' as const, address: '127.0.0.1', port: 16553 }];
    expect(additionalFromConf(xml, 'ncs.conf', listeners)).toEqual([{ ...entry, port: 16560 }]);
    expect(additionalFromConf('<not-xml', 'ncs.conf', listeners)).toEqual([]);
  });
});
