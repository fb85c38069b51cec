import { describe, expect, it } from 'vitest';
import type { Lease } from '../../src/leases/lease.js';
import { splitLeases } from '../../src/leases/lease-ports.js';
import { leaseVerdict, type VerdictSources } from '../../src/leases/lease-verdict.js';
import type { AllocationKey } from '../../src/model.js';
import type { StateDocument } from '../../src/state/state-document.js';

const lease = (port: number, project = '/p/state.json', instance = 'one'): Lease => ({
  port,
  project,
  instance,
  key: 'ipc',
  owner: { pid: 111, startTime: '5' },
  since: 'x',
});

function sources(alive: number[], states: Record<string, StateDocument>): VerdictSources {
  return {
    isAlive: async (id) => alive.includes(id.pid),
    projectState: async (file) => states[file],
  };
}

const state = (ports: Record<string, number>, runtime?: { pid: number; status: 'running' | 'stopped' }) =>
  ({
    version: 1,
    project: 'p',
    specFile: 's',
    specHash: 'h',
    nsoVersion: '6.2',
    instances: {
      one: {
        ports,
        listeners: [],
        runDir: '',
        ncsConf: '',
        envFile: '',
        secretFile: null,
        env: {},
        unset: [],
        renderedAt: '',
        ...(runtime
          ? { runtime: { ...runtime, startedAt: '', ncs: { file: '', args: [], sim: true, display: '' } } }
          : {}),
      },
    },
  }) as StateDocument;

describe('leaseVerdict', () => {
  it('holds while the owner lives', async () => {
    expect(await leaseVerdict(lease(20010), sources([111], {}))).toBe('owner-alive');
  });
  it('holds while the project assigns the port, also with the instance stopped', async () => {
    const s = sources([], { '/p/state.json': state({ ipc: 20010 }, { pid: 222, status: 'stopped' }) });
    expect(await leaseVerdict(lease(20010), s)).toBe('assigned');
  });
  it('holds while the instance runs', async () => {
    const s = sources([222], { '/p/state.json': state({ ipc: 20010 }, { pid: 222, status: 'running' }) });
    expect(await leaseVerdict(lease(20010), s)).toBe('running');
  });
  it('is stale when the owner is dead and the project is gone or moved the port', async () => {
    expect(await leaseVerdict(lease(20010), sources([], {}))).toBe('stale');
    const moved = sources([], { '/p/state.json': state({ ipc: 20040 }) });
    expect(await leaseVerdict(lease(20010), moved)).toBe('stale');
  });
  it("holds a netsim device's port while the project records the device, running or not", async () => {
    const withDevices = (runtime?: { pid: number; status: 'running' | 'stopped' }) => {
      const doc = state({ ipc: 20010 }, runtime);
      const ports = (base: number) => ({
        ipc: base,
        netconfSsh: base + 2,
        netconfTcp: base + 4,
        snmp: base + 6,
        cliSsh: base + 8,
      });
      doc.instances.one!.netsim = {
        dir: '/p/netsim',
        base: 30000,
        devices: [
          { name: 'ios0', prefix: 'ios', ned: '/ned', ports: ports(30000) },
          { name: 'ios1', prefix: 'ios', ned: '/ned', ports: ports(30001) },
        ],
      };
      return { '/p/state.json': doc };
    };
    const device = (port: number, key: AllocationKey): Lease => ({ ...lease(port), key });
    const stopped = sources([], withDevices());
    expect(await leaseVerdict(device(30009, 'netsim.cliSsh.1'), stopped)).toBe('assigned');
    expect(await leaseVerdict(device(30006, 'netsim.snmp.0'), stopped)).toBe('assigned');
    expect(await leaseVerdict(device(30009, 'netsim.cliSsh.0'), stopped)).toBe('stale');
    expect(await leaseVerdict(device(30011, 'netsim.cliSsh.1'), stopped)).toBe('stale');
    const running = sources([222], withDevices({ pid: 222, status: 'running' }));
    expect(await leaseVerdict(device(30003, 'netsim.netconfSsh.1'), running)).toBe('running');
  });
  it('splitLeases drops our own project and sorts the rest into held, yielding and stale', async () => {
    const s = sources([333], {
      '/other/state.json': state({ ipc: 20020 }),
      '/busy/state.json': state({ ipc: 20040 }, { pid: 333, status: 'running' }),
    });
    const all = [
      lease(20010, '/mine/state.json'),
      lease(20020, '/other/state.json'),
      lease(20030, '/gone/state.json'),
      lease(20040, '/busy/state.json'),
    ];
    const { held, yielding, stale } = await splitLeases(all, '/mine/state.json', s);
    // A project that runs nothing yields its ports; one that runs holds them.
    expect(yielding.map((l) => l.port)).toEqual([20020]);
    expect(held.map((l) => l.port)).toEqual([20040]);
    expect(stale.map((l) => l.port)).toEqual([20030]);
  });
});
