import { describe, expect, it } from 'vitest';
import { allocationRequest, fakeProbe } from '../../test/helpers/allocation-requests.js';
import type { PortProbe, ProbeResult } from '../model.js';
import { allocatePorts, type InstanceRequest } from './allocate-ports.js';

// Three instances with IPC, CLI SSH and two CLI SSH extra-listen entries (one on ::1).
const instances = (): InstanceRequest[] =>
  ['i1', 'i2', 'i3'].map((name, i) => ({
    name,
    index: i + 1,
    listeners: [
      { key: 'ipc', address: '127.0.0.1' },
      { key: 'cliSsh', address: '127.0.0.1' },
      { key: 'cliSsh.extraListen.1', address: '127.0.0.1' },
      { key: 'cliSsh.extraListen.2', address: '::1' },
    ],
  }));

// Records every probe as address:port.
function recordingProbe(taken: (address: string, port: number) => boolean = () => false) {
  const seen: string[] = [];
  const probe: PortProbe = {
    async probe(address, port): Promise<ProbeResult> {
      seen.push(`${address}:${port}`);
      return taken(address, port) ? 'taken' : 'free';
    },
  };
  return { probe, seen };
}

describe('allocatePorts with additional listeners', () => {
  it('gives each entry its own port from the overflow area, never a home slot, never shared', async () => {
    const { ports, moves } = await allocatePorts(allocationRequest(16000, instances()), fakeProbe());
    expect(ports.i1).toEqual({
      ipc: 16010,
      cliSsh: 16013,
      'cliSsh.extraListen.1': 16040,
      'cliSsh.extraListen.2': 16041,
    });
    expect(ports.i3?.['cliSsh.extraListen.2']).toBe(16045);
    const all = Object.values(ports).flatMap((p) => Object.values(p));
    expect(new Set(all).size).toBe(all.length);
    expect(moves).toEqual([]);
  });

  it('probes each entry on its own address', async () => {
    // On ::1 the first overflow ports are busy; on 127.0.0.1 they are free.
    const { probe } = recordingProbe((address, port) => address === '::1' && port < 16044);
    const { ports } = await allocatePorts(allocationRequest(16000, instances()), probe);
    expect(ports.i1?.['cliSsh.extraListen.1']).toBe(16040);
    for (const i of ['i1', 'i2', 'i3'])
      expect(ports[i]?.['cliSsh.extraListen.2']).toBeGreaterThanOrEqual(16044);
  });

  it('keeps earlier ports by id, and moves only the entry whose port is taken now, saying why', async () => {
    const previous = {
      i1: { ipc: 16010, cliSsh: 16013, 'cliSsh.extraListen.1': 16050, 'cliSsh.extraListen.2': 16051 },
    } as const;
    const { ports, moves } = await allocatePorts(
      allocationRequest(16000, instances(), { previous }),
      recordingProbe((address, port) => address === '::1' && port === 16051).probe,
    );
    expect(ports.i1?.['cliSsh.extraListen.1']).toBe(16050);
    expect(ports.i1?.['cliSsh.extraListen.2']).not.toBe(16051);
    expect(moves).toEqual([
      expect.objectContaining({ instance: 'i1', key: 'cliSsh.extraListen.2', from: 16051 }),
    ]);
  });

  it('checks the IPC port on its extra addresses too, and moves it when one of them is taken', async () => {
    const request = allocationRequest(16100, [
      { name: 'i1', index: 1, listeners: [{ key: 'ipc', address: '127.0.0.1', alsoOn: ['::1'] }] },
    ]);
    const { probe, seen } = recordingProbe((address, port) => address === '::1' && port === 16110);
    const { ports } = await allocatePorts(request, probe);
    expect(seen.slice(0, 2)).toEqual(['127.0.0.1:16110', '::1:16110']);
    expect(ports.i1?.ipc).not.toBe(16110);
    expect(seen).toContain(`::1:${ports.i1?.ipc}`);
  });

  it('names the extra addresses when one of them does not exist', async () => {
    const request = allocationRequest(16200, [
      { name: 'i1', index: 1, listeners: [{ key: 'ipc', address: '127.0.0.1', alsoOn: ['192.0.2.7'] }] },
    ]);
    await expect(allocatePorts(request, fakeProbe([], ['192.0.2.7']))).rejects.toThrow(
      /ipc address 127\.0\.0\.1 or 192\.0\.2\.7 does not exist/,
    );
  });
});
