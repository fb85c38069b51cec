import { describe, expect, it } from 'vitest';
import { allocationRequest, fakeProbe, instanceRequests } from '../../test/helpers/allocation-requests.js';
import type { AllocatedPorts, PortProbe, ProbeResult } from '../model.js';
import { netsimDevicePorts, netsimPortKey } from '../nso/netsim-ports.js';
import { type AllocationRequest, allocatePorts } from './allocate-ports.js';

// Two instances with IPC only (layout 20000, stride 10: blocks 20010 and 20020, overflow from 20030); i1 has
// `devices` netsim devices.
function request(devices: number, overrides: Partial<AllocationRequest> = {}): AllocationRequest {
  const instances = instanceRequests(2, ['ipc']);
  instances[0]!.netsimDevices = devices;
  return allocationRequest(20000, instances, overrides);
}

// The netsim ports of an instance, in the order ncs-netsim numbers them.
const netsimPorts = (ports: AllocatedPorts | undefined) =>
  Object.entries(ports ?? {})
    .filter(([key]) => key.startsWith('netsim.'))
    .map(([, port]) => port)
    .sort((a, b) => a - b);

describe('netsim blocks', () => {
  it('gives the devices one run of consecutive ports after the instance blocks, each kind from its own base', async () => {
    const { ports, moves } = await allocatePorts(request(3), fakeProbe());
    expect(netsimPorts(ports.i1)).toEqual(Array.from({ length: 15 }, (_, i) => 20030 + i));
    // Device 1 of 3: IPC at base + 1, NETCONF SSH at base + 3 + 1, and so on.
    expect(netsimDevicePorts(20030, 3, 1)).toEqual({
      ipc: 20031,
      netconfSsh: 20034,
      netconfTcp: 20037,
      snmp: 20040,
      cliSsh: 20043,
    });
    expect(ports.i1?.[netsimPortKey('cliSsh', 2)]).toBe(20044);
    expect(ports.i2?.ipc).toBe(20020);
    expect(moves).toEqual([]);
  });

  it('skips a run with a port in use, held by another project, or given to a listener', async () => {
    const req = request(2, { reserved: new Set([20032]) });
    // i2's IPC is moved into the overflow area first (its home is taken), then 20036 is in use.
    const { ports } = await allocatePorts(req, fakeProbe([20020, 20036]));
    expect(ports.i2?.ipc).toBe(20030);
    expect(netsimPorts(ports.i1)).toEqual(Array.from({ length: 10 }, (_, i) => 20037 + i));
  });

  it('probes the SNMP part as UDP and the rest as TCP', async () => {
    const seen: string[] = [];
    const probe: PortProbe = {
      async probe(_address, port, protocol): Promise<ProbeResult> {
        if (port >= 20030) seen.push(`${port}/${protocol ?? 'tcp'}`);
        return 'free';
      },
    };
    await allocatePorts(request(1), probe);
    expect(seen).toEqual(['20030/tcp', '20031/tcp', '20032/tcp', '20033/udp', '20034/tcp']);
  });

  it('keeps the earlier block while it is free, also when other ports were free lower', async () => {
    const previous = { i1: { ipc: 20010, [netsimPortKey('ipc', 0)]: 20100 } };
    const { ports, moves } = await allocatePorts(request(2, { previous }), fakeProbe());
    expect(netsimPorts(ports.i1)[0]).toBe(20100);
    expect(moves).toEqual([]);
  });

  it('moves the block when a port of it is in use, and says which', async () => {
    const previous = { i1: { ipc: 20010, [netsimPortKey('ipc', 0)]: 20100 } };
    const { ports, moves } = await allocatePorts(request(2, { previous }), fakeProbe([20105]));
    expect(netsimPorts(ports.i1)[0]).toBe(20030);
    expect(moves).toEqual([
      {
        instance: 'i1',
        key: 'netsim.ipc.0',
        from: 20100,
        to: 20030,
        reason: 'netsim block 20100-20109: port 20105 is in use on this host',
      },
    ]);
  });

  it("trusts a running instance's block without probing: its own devices hold those ports", async () => {
    const previous = { i1: { ipc: 20010, [netsimPortKey('ipc', 0)]: 20100 } };
    const req = request(2, { previous, running: new Set(['i1']) });
    const { ports } = await allocatePorts(req, fakeProbe(Array.from({ length: 10 }, (_, i) => 20100 + i)));
    expect(netsimPorts(ports.i1)[0]).toBe(20100);
  });

  it('fails with NO_FREE_PORT when no run is long enough', async () => {
    // Every tenth port in use: no run of 10 free ports anywhere.
    const taken = Array.from({ length: 6500 }, (_, i) => 1024 + i * 10);
    const error = await allocatePorts(request(2), fakeProbe(taken)).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'NO_FREE_PORT' });
    expect((error as Error).message).toBe(
      'no run of 10 free ports left for the 2 netsim devices of i1 (5 ports each)',
    );
  });
});
