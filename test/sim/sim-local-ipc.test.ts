// NSO 6.4+ local IPC: the daemon listens on a Unix socket, clients find it through NCS_IPC_PATH.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  firstBytes,
  freePorts,
  isAlive,
  ncsConf,
  pidFromFile,
  runSim,
  SimSandbox,
  waitFor,
} from './sim-harness.js';

const sandbox = new SimSandbox();
afterEach(() => sandbox.cleanup());

describe('ncs-local-ipc', () => {
  it('listens on the configured socket instead of TCP IPC, and removes it on --stop', async () => {
    const [ipc, cliSsh] = (await freePorts(2)) as [number, number];
    const runDir = sandbox.runDir();
    const socketPath = join(runDir, 'ipc', 'nso-ipc');
    sandbox.track(runDir, { NCS_IPC_PATH: socketPath });
    const confDir = sandbox.withConf(ncsConf({ ipc, cliSsh, localIpc: socketPath }));
    expect(await runSim(['--cd', runDir, '-c', join(confDir, 'ncs.conf')])).toMatchObject({
      code: 0,
      stderr: '',
    });
    expect(await firstBytes(ipc)).toBeNull();
    expect(await firstBytes(socketPath)).toBe('NSO-MULTI-SIM/1\n');
    const status = await runSim(['--status'], { NCS_IPC_PATH: socketPath, NCS_IPC_PORT: String(ipc) });
    expect(status.stdout).toContain(`  IPC ${socketPath}\n`);
    expect((await runSim(['--stop'], { NCS_IPC_PATH: socketPath })).code).toBe(0);
    expect(existsSync(socketPath)).toBe(false);
  });

  it('takes the socket path from NCS_IPC_PATH at start when it is set', async () => {
    const runDir = sandbox.runDir();
    const configured = join(runDir, 'configured-ipc');
    const overridden = join(runDir, 'env-ipc');
    sandbox.track(runDir, { NCS_IPC_PATH: overridden });
    const confDir = sandbox.withConf(ncsConf({ localIpc: configured }));
    const started = await runSim(['--cd', runDir, '-c', join(confDir, 'ncs.conf')], {
      NCS_IPC_PATH: overridden,
    });
    expect(started.code).toBe(0);
    expect(existsSync(configured)).toBe(false);
    expect(await firstBytes(overridden)).toBe('NSO-MULTI-SIM/1\n');
  });

  it('reuses the socket path a killed daemon left behind', async () => {
    const runDir = sandbox.runDir();
    const socketPath = join(runDir, 'nso-ipc');
    sandbox.track(runDir, { NCS_IPC_PATH: socketPath });
    const confDir = sandbox.withConf(ncsConf({ localIpc: socketPath }));
    const start = () => runSim(['--cd', runDir, '-c', join(confDir, 'ncs.conf')]);
    expect((await start()).code).toBe(0);
    const pid = pidFromFile(runDir)!;
    process.kill(pid, 'SIGKILL');
    await waitFor(() => !isAlive(pid), 'the killed daemon to end');
    expect(existsSync(socketPath)).toBe(true);
    expect(await start()).toMatchObject({ code: 0, stderr: '' });
    expect(await firstBytes(socketPath)).toBe('NSO-MULTI-SIM/1\n');
  });
});
