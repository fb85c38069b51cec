import { describe, expect, it } from 'vitest';
import { allocationRequest, fakeProbe, instanceRequests } from '../../test/helpers/allocation-requests.js';
import { allocatePorts } from './allocate-ports.js';

// Ports a stopped project leases: they yield to a pin, and to a generated port only when nothing else is free.
describe('ports of projects that run nothing', () => {
  const yielding = new Map([
    [20010, '/other/.nso-multi/state.json'],
    [20011, '/other/.nso-multi/state.json'],
  ]);

  it('keeps generated ports off them, into the overflow area, and says why', async () => {
    const req = allocationRequest(20000, instanceRequests(1, ['ipc', 'netconfSsh']), { yielding });
    const { ports, moves, takeovers } = await allocatePorts(req, fakeProbe());
    expect(ports.i1).toEqual({ ipc: 20020, netconfSsh: 20021 });
    expect(moves.map((m) => m.reason)).toEqual([
      'port 20010 is leased by another nso-multi project (which runs nothing)',
      'port 20011 is leased by another nso-multi project (which runs nothing)',
    ]);
    expect(takeovers).toEqual([]);
  });

  it('gives a pinned port up to the pin, and says whose it was', async () => {
    const instances = instanceRequests(1, ['ipc']);
    instances[0]!.listeners[0]!.pinned = 20010;
    const { ports, takeovers } = await allocatePorts(
      allocationRequest(20000, instances, { yielding }),
      fakeProbe(),
    );
    expect(ports.i1?.ipc).toBe(20010);
    expect(takeovers).toEqual([
      { instance: 'i1', key: 'ipc', port: 20010, project: '/other/.nso-multi/state.json' },
    ]);
  });

  it('gives one up to a generated port when no other port is free', async () => {
    // Everything but the two yielding ports is in use.
    const taken = Array.from({ length: 65536 - 1024 }, (_, i) => 1024 + i).filter((p) => !yielding.has(p));
    const req = allocationRequest(20000, instanceRequests(1, ['ipc']), { yielding });
    const { ports, takeovers } = await allocatePorts(req, fakeProbe(taken));
    expect(ports.i1?.ipc).toBe(20010);
    expect(takeovers.map((t) => t.port)).toEqual([20010]);
  });

  it('never gives up a port a running project holds', async () => {
    const instances = instanceRequests(1, ['ipc']);
    instances[0]!.listeners[0]!.pinned = 20010;
    const req = allocationRequest(20000, instances, { reserved: new Set([20010]), yielding: new Map() });
    await expect(allocatePorts(req, fakeProbe())).rejects.toMatchObject({ code: 'PINNED_PORT_BUSY' });
  });
});
