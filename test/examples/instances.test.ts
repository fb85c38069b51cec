// An example suite: tests reach the instances started by global-setup.ts through inject().
import { execFile } from 'node:child_process';
import { connect } from 'node:net';
import { promisify } from 'node:util';
import { providedCluster } from 'nso-multi/vitest';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
// The bundled simulator answers `ncs --status`; with a real NSO this would be `ncs` itself.
const ncs = [new URL('../../dist/sim/bin.js', import.meta.url).pathname];

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('an NSO pair started by nso-multi/vitest', () => {
  const { instances } = providedCluster();

  it('has both instances, each on its own ports', () => {
    expect(instances.map((i) => i.name)).toEqual(['primary', 'secondary']);
    const [a, b] = instances;
    expect(a!.ports.ipc).not.toBe(b!.ports.ipc);
  });

  it.each(instances.map((i) => [i.name, i] as const))(
    '%s answers ncs --status on its own IPC port',
    async (_name, instance) => {
      const { stdout } = await run(process.execPath, [...ncs, '--status'], {
        env: { ...process.env, ...instance.env },
      });
      expect(stdout).toContain('status: started');
      expect(stdout).toContain(`:${instance.ports.ipc}`);
    },
  );

  it('listens on every NETCONF and CLI port', async () => {
    for (const instance of instances) {
      for (const port of [instance.ports.netconfSsh, instance.ports.cliSsh])
        expect(await accepts(port!)).toBe(true);
    }
  });
});
