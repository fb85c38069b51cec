import { describe, expect, it } from 'vitest';

import { allocationRequest, fakeProbe, instanceRequests } from '../../test/helpers/allocation-requests.js';
import { LISTENER_KEYS, type ListenerKey } from '../nso/listeners.js';
import { type AllocationRequest, allocatePorts } from './allocate-ports.js';

const EVERY = LISTENER_KEYS;

const instances = (count: number, keys: readonly ListenerKey[] = EVERY) => instanceRequests(count, keys);
const request = (overrides: Partial<AllocationRequest> = {}) =>
  allocationRequest(17000, instances(3), overrides);

describe('allocatePorts with the template listeners', () => {
  it('puts Web UI, RESTCONF and HA at their block offsets and call-home after the last block, without moves', async () => {
    const { ports, moves } = await allocatePorts(request(), fakeProbe());
    expect(ports.i1).toEqual({
      ipc: 17010,
      netconfSsh: 17011,
      netconfTcp: 17012,
      cliSsh: 17013,
      webuiTcp: 17014,
      webuiSsl: 17015,
      snmp: 17016,
      restconfTcp: 17017,
      restconfSsl: 17018,
      ha: 17019,
      callHome: 17040,
      haRaft: 17041,
    });
    // Listeners without a block offset take the overflow area in spec order, each instance's in catalog order.
    expect([ports.i2?.callHome, ports.i2?.haRaft, ports.i3?.callHome, ports.i3?.haRaft]).toEqual([
      17042, 17043, 17044, 17045,
    ]);
    expect(moves).toEqual([]);
  });

  it('gives SNMP offset 6 of each block, probed as UDP, and no other listener that offset', async () => {
    const probed: string[] = [];
    const probe = fakeProbe();
    const { ports } = await allocatePorts(request(), {
      probe: (address, port, protocol) => {
        probed.push(`${port}/${protocol ?? 'tcp'}`);
        return probe.probe(address, port, protocol);
      },
    });
    expect([ports.i1?.snmp, ports.i2?.snmp, ports.i3?.snmp]).toEqual([17016, 17026, 17036]);
    expect(probed).toEqual(expect.arrayContaining(['17016/udp', '17026/udp', '17036/udp', '17010/tcp']));
    const all = Object.values(ports).flatMap((p) => Object.values(p));
    expect(all.filter((port) => port % 10 === 6)).toEqual([17016, 17026, 17036]);
    expect(new Set(all).size).toBe(all.length);
  });

  it('keeps an earlier call-home port, and reports a move when it is taken now', async () => {
    const previous = { i1: { callHome: 17045 }, i2: { callHome: 17046 } };
    const { ports, moves } = await allocatePorts(request({ previous }), fakeProbe([17046]));
    expect(ports.i1?.callHome).toBe(17045);
    expect(ports.i2?.callHome).not.toBe(17046);
    expect(moves).toEqual([
      expect.objectContaining({
        instance: 'i2',
        key: 'callHome',
        from: 17046,
        reason: 'port 17046 is in use on this host',
      }),
    ]);
  });

  it('uses a pinned call-home port exactly', async () => {
    const pinned = instances(1);
    pinned[0]!.listeners = pinned[0]!.listeners.map((l) =>
      l.key === 'callHome' ? { ...l, pinned: 17500 } : l,
    );
    const { ports } = await allocatePorts(request({ instances: pinned }), fakeProbe());
    expect(ports.i1?.callHome).toBe(17500);
  });

  it('sends listeners whose offset does not fit a small stride to the overflow area', async () => {
    const { ports, moves } = await allocatePorts(
      request({ layout: { base: 17000, stride: 4 }, instances: instances(2, ['ipc', 'cliSsh', 'webuiTcp']) }),
      fakeProbe(),
    );
    expect(ports.i1).toEqual({ ipc: 17004, cliSsh: 17007, webuiTcp: 17012 });
    expect(ports.i2).toEqual({ ipc: 17008, cliSsh: 17011, webuiTcp: 17013 });
    expect(moves).toEqual([]);
  });
});
