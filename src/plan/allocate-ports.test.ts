import { describe, expect, it } from 'vitest';

import { allocationRequest, fakeProbe, instanceRequests } from '../../test/helpers/allocation-requests.js';
import type { ListenerKey } from '../nso/listeners.js';
import { type AllocationRequest, allocatePorts } from './allocate-ports.js';

const ALL: ListenerKey[] = ['ipc', 'netconfSsh', 'netconfTcp', 'cliSsh'];

const instances = (count: number, keys: readonly ListenerKey[] = ALL) => instanceRequests(count, keys);
const request = (overrides: Partial<AllocationRequest> = {}) =>
  allocationRequest(20000, instances(3), overrides);

const allPorts = (ports: Record<string, Partial<Record<ListenerKey, number>>>) =>
  Object.values(ports).flatMap((p) => Object.values(p));

describe('allocatePorts', () => {
  it('gives every instance its block: base + index*stride + offset', async () => {
    const { ports, moves } = await allocatePorts(request(), fakeProbe());
    expect(ports.i1).toEqual({ ipc: 20010, netconfSsh: 20011, netconfTcp: 20012, cliSsh: 20013 });
    expect(ports.i2).toEqual({ ipc: 20020, netconfSsh: 20021, netconfTcp: 20022, cliSsh: 20023 });
    expect(ports.i3?.cliSsh).toBe(20033);
    expect(moves).toEqual([]);
  });

  it('gives a disabled listener no port', async () => {
    const req = request({ instances: instances(1, ['ipc', 'cliSsh']) });
    const { ports } = await allocatePorts(req, fakeProbe());
    expect(ports.i1).toEqual({ ipc: 20010, cliSsh: 20013 });
  });

  it('moves a listener whose home port is in use to the overflow area after the last block and says so', async () => {
    const { ports, moves } = await allocatePorts(request(), fakeProbe([20021]));
    expect(ports.i2?.netconfSsh).toBe(20040);
    expect(moves).toEqual([
      {
        instance: 'i2',
        key: 'netconfSsh',
        from: 20021,
        to: 20040,
        reason: 'port 20021 is in use on this host',
      },
    ]);
  });

  it('never hands out a port twice, also when many home ports are taken', async () => {
    const taken = Array.from({ length: 200 }, (_, i) => 20000 + i * 3);
    const { ports } = await allocatePorts(request({ instances: instances(50) }), fakeProbe(taken));
    const used = allPorts(ports);
    expect(used).toHaveLength(200);
    expect(new Set(used).size).toBe(200);
    for (const port of used) expect(taken).not.toContain(port);
  });

  it('uses pinned ports exactly, and another instance whose home slot is pinned away moves', async () => {
    const inst = instances(2);
    inst[0]!.listeners[0]!.pinned = 20021; // i1's ipc pinned onto i2's netconfSsh home
    const { ports, moves } = await allocatePorts(request({ instances: inst }), fakeProbe());
    expect(ports.i1?.ipc).toBe(20021);
    expect(ports.i2?.netconfSsh).toBe(20030);
    expect(moves[0]?.reason).toBe('port 20021 is assigned to i1.ipc');
  });

  it('fails naming instance, listener and port when pinned ports are in use; never moves them', async () => {
    const inst = instances(2);
    inst[0]!.listeners[1]!.pinned = 21001;
    inst[1]!.listeners[3]!.pinned = 21002;
    const error = await allocatePorts(request({ instances: inst }), fakeProbe([21001, 21002])).catch(
      (e) => e,
    );
    expect(error.code).toBe('PINNED_PORT_BUSY');
    expect(error.exitCode).toBe(1);
    expect(error.message).toContain('instance i1: netconfSsh port 21001 (pinned) is in use');
    expect(error.message).toContain('instance i2: cliSsh port 21002 (pinned) is in use');
  });

  it('accepts pinned ports inside the ephemeral range and NSO defaults: the user chose them', async () => {
    const inst = instances(1);
    inst[0]!.listeners[0]!.pinned = 4569;
    inst[0]!.listeners[1]!.pinned = 40000;
    const { ports } = await allocatePorts(request({ instances: inst }), fakeProbe());
    expect(ports.i1).toMatchObject({ ipc: 4569, netconfSsh: 40000 });
  });

  it('keeps earlier assignments even when they are not the home slot (stable across runs)', async () => {
    const previous = { i1: { ipc: 20500, netconfSsh: 20011 } };
    const { ports, moves } = await allocatePorts(request({ previous }), fakeProbe());
    expect(ports.i1).toMatchObject({ ipc: 20500, netconfSsh: 20011 });
    expect(moves).toEqual([]);
  });

  it('a second run with the first run as previous gives the same ports without moves', async () => {
    const probe = fakeProbe([20012, 20031]);
    const first = await allocatePorts(request(), probe);
    const second = await allocatePorts(request({ previous: first.ports }), probe);
    expect(second.ports).toEqual(first.ports);
    expect(second.moves).toEqual([]);
  });

  it('moves an earlier port that a foreign listener now holds and reports from → to', async () => {
    const previous = { i1: { ipc: 20010 } };
    const { ports, moves } = await allocatePorts(request({ previous }), fakeProbe([20010]));
    expect(ports.i1?.ipc).toBe(20040);
    expect(moves).toEqual([
      { instance: 'i1', key: 'ipc', from: 20010, to: 20040, reason: 'port 20010 is in use on this host' },
    ]);
  });

  it('does not probe the ports of running instances: they hold them themselves', async () => {
    const previous = { i1: { ipc: 20010, netconfSsh: 20011, netconfTcp: 20012, cliSsh: 20013 } };
    const probe = fakeProbe([20010, 20011, 20012, 20013]);
    const req = request({ instances: instances(1), previous, running: new Set(['i1']) });
    const { ports, moves } = await allocatePorts(req, probe);
    expect(ports.i1).toEqual(previous.i1);
    expect(moves).toEqual([]);
    expect(probe.calls).toBe(0);
  });

  it('never generates a port in the ephemeral range', async () => {
    const req = request({ layout: { base: 32700, stride: 10 }, instances: instances(10) });
    const { ports } = await allocatePorts(req, fakeProbe());
    for (const port of allPorts(ports)) expect(port < 32768 || port > 60999).toBe(true);
    expect(ports.i1?.ipc).toBe(32710);
    expect(ports.i7?.ipc).toBe(61000);
  });

  it('never generates an NSO default port', async () => {
    const req = request({ layout: { base: 4500, stride: 10 }, instances: instances(8) });
    const { ports, moves } = await allocatePorts(req, fakeProbe());
    expect(allPorts(ports)).not.toContain(4570);
    expect(moves.find((m) => m.from === 4570)?.reason).toMatch(/reserved/);
  });

  it.each([
    ['the Web UI and RESTCONF schema defaults', 8008, 8009],
    ['RESTCONF SSL', 8889, 8889],
    ['epmd', 4369, 4369],
    ['HA Raft distribution before 6.7', 4370, 4399],
    ['ncs-netsim IPC', 5010, 5109],
    ['ncs-netsim CLI SSH', 10022, 10121],
    ['ncs-netsim SNMP', 11022, 11121],
    ['ncs-netsim NETCONF SSH', 12022, 12121],
    ['ncs-netsim NETCONF TCP', 13022, 13121],
  ])('never generates a port of %s (%i-%i)', async (_what, first, last) => {
    // The first instance's block starts at the range's first port.
    const req = request({ layout: { base: first - 10, stride: 10 }, instances: instances(3) });
    const { ports, moves } = await allocatePorts(req, fakeProbe());
    for (const port of allPorts(ports)) expect(port >= first && port <= last, `${port}`).toBe(false);
    expect(moves.find((m) => m.from === first)?.reason).toMatch(/reserved/);
  });

  it('generates the ports just past the netsim blocks', async () => {
    const req = request({ layout: { base: 12112, stride: 10 }, instances: instances(1) });
    const { ports } = await allocatePorts(req, fakeProbe());
    expect(ports.i1).toEqual({ ipc: 12122, netconfSsh: 12123, netconfTcp: 12124, cliSsh: 12125 });
  });

  it('drops an earlier port that is now inside the ephemeral range', async () => {
    const previous = { i1: { ipc: 33000 } };
    const { ports, moves } = await allocatePorts(request({ previous }), fakeProbe());
    expect(ports.i1?.ipc).toBe(20010);
    expect(moves[0]).toMatchObject({
      from: 33000,
      to: 20010,
      reason: expect.stringContaining('ephemeral range'),
    });
  });

  it('skips ports reserved by other projects', async () => {
    const req = request({ reserved: new Set([20010, 20011]) });
    const { ports } = await allocatePorts(req, fakeProbe());
    expect(ports.i1?.ipc).not.toBe(20010);
    expect(allPorts(ports)).not.toContain(20011);
  });

  it('reports an address that does not exist on this host', async () => {
    const inst = instances(1);
    inst[0]!.listeners[0]!.address = '192.0.2.7';
    const error = await allocatePorts(request({ instances: inst }), fakeProbe([], ['192.0.2.7'])).catch(
      (e) => e,
    );
    expect(error.code).toBe('ADDRESS_UNAVAILABLE');
    expect(error.message).toContain('192.0.2.7');
  });

  it('reports a missing address of a listener without a home slot (HA Raft) the same way, not as no free port', async () => {
    const inst = instances(1, ['ipc', 'haRaft']);
    inst[0]!.listeners[1]!.address = '192.0.2.7';
    const error = await allocatePorts(request({ instances: inst }), fakeProbe([], ['192.0.2.7'])).catch(
      (e) => e,
    );
    expect(error.code).toBe('ADDRESS_UNAVAILABLE');
    expect(error.message).toBe('instance i1: haRaft address 192.0.2.7 does not exist on this host');
  });

  it('fails with NO_FREE_PORT when every candidate is taken', async () => {
    const everything = Array.from({ length: 65536 }, (_, p) => p);
    const error = await allocatePorts(request({ instances: instances(1) }), fakeProbe(everything)).catch(
      (e) => e,
    );
    expect(error.code).toBe('NO_FREE_PORT');
  });
});
