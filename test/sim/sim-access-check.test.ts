// The IPC access check: daemon and client must agree on the secret, and on whether there is a check at all.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freePorts, ncsConf, runSim, SimSandbox } from './sim-harness.js';

const sandbox = new SimSandbox();
afterEach(() => sandbox.cleanup());

const SECRET = 'k9Qx-sim-test-secret-7Zt2';

// A daemonized simulator with the access check on; returns the env of a client holding the right secret.
async function startChecked() {
  const [ipc, cliSsh] = (await freePorts(2)) as [number, number];
  const runDir = sandbox.runDir();
  const secretFile = join(runDir, 'ipc_access');
  writeFileSync(secretFile, SECRET, { mode: 0o400 });
  writeFileSync(join(runDir, 'ncs.conf'), ncsConf({ ipc, cliSsh, accessFile: secretFile }));
  const env = { NCS_IPC_PORT: String(ipc), NCS_IPC_ACCESS_FILE: secretFile };
  sandbox.track(runDir, env);
  expect(await runSim(['--cd', runDir], {}, runDir)).toMatchObject({ code: 0, stderr: '' });
  return { runDir, ipc, env };
}

describe('IPC access check', () => {
  it('lets a client with the right secret in', async () => {
    const { env } = await startChecked();
    const status = await runSim(['--status'], env);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain('status: started');
  });

  it('refuses a wrong secret with Access check failed, logs it, and never logs the secret', async () => {
    const { runDir, env } = await startChecked();
    const wrong = join(runDir, 'wrong');
    writeFileSync(wrong, 'not-the-secret');
    const result = await runSim(['--status'], { ...env, NCS_IPC_ACCESS_FILE: wrong });
    expect(result).toMatchObject({ code: 1, stdout: '', stderr: 'Access check failed (status)\n' });
    const log = readFileSync(join(runDir, 'logs', 'ncs.log'), 'utf8');
    expect(log).toContain('IPC access check failed for a connection from 127.0.0.1');
    expect(log).not.toContain(SECRET);
    expect(log).not.toContain('not-the-secret');
  });

  it('closes on a client without NCS_IPC_ACCESS_FILE; --stop then exits 0 like ncs, and the daemon runs on', async () => {
    const { ipc, env } = await startChecked();
    const none = { NCS_IPC_PORT: String(ipc) };
    expect(await runSim(['--status'], none)).toMatchObject({
      code: 1,
      stderr: 'NCS daemon closed connection (status)\n',
    });
    expect(await runSim(['--wait-started', '1'], none)).toMatchObject({
      code: 1,
      stderr: 'NCS daemon closed connection (wait_started)\n',
    });
    expect(await runSim(['--stop'], none)).toMatchObject({ code: 0, stdout: '', stderr: '' });
    expect((await runSim(['--status'], env)).stdout).toContain('status: started');
  });

  it('warns about an NCS_IPC_ACCESS_FILE that cannot be read and goes on without a secret', async () => {
    const { runDir, ipc } = await startChecked();
    const missing = join(runDir, 'missing');
    const env = { NCS_IPC_PORT: String(ipc), NCS_IPC_ACCESS_FILE: missing };
    expect(await runSim(['--status'], env)).toMatchObject({
      code: 1,
      stderr: `Access file NCS_IPC_ACCESS_FILE=${missing}: no such file or directory\nNCS daemon closed connection (status)\n`,
    });
  });

  it('refuses a client with a secret against a daemon without the check', async () => {
    const [ipc] = (await freePorts(1)) as [number];
    const runDir = sandbox.withConf(ncsConf({ ipc }));
    const secretFile = join(runDir, 'ipc_access');
    writeFileSync(secretFile, SECRET);
    sandbox.track(runDir, { NCS_IPC_PORT: String(ipc) });
    expect((await runSim(['--cd', runDir], {}, runDir)).code).toBe(0);
    const result = await runSim(['--status'], { NCS_IPC_PORT: String(ipc), NCS_IPC_ACCESS_FILE: secretFile });
    expect(result).toMatchObject({ code: 1, stderr: 'Access check failed (status)\n' });
  });

  it.each([
    ['missing', null],
    ['empty', ''],
  ])('a secret file that is %s at start is a bad configuration (exit 21)', async (_what, content) => {
    const [ipc] = (await freePorts(1)) as [number];
    const runDir = sandbox.runDir();
    const secretFile = join(runDir, 'ipc_access');
    if (content !== null) writeFileSync(secretFile, content);
    writeFileSync(join(runDir, 'ncs.conf'), ncsConf({ ipc, accessFile: secretFile }));
    const result = await runSim(['--cd', runDir], {}, runDir);
    expect(result.code).toBe(21);
    expect(result.stderr).toContain(`Bad configuration: `);
    expect(result.stderr).toContain(secretFile);
  });
});
