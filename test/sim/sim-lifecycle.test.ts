// The simulator as a real daemon: start, listeners, --status, --stop, --foreground, signals, control commands.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  cleanEnv,
  firstBytes,
  freePorts,
  holdConnection,
  isAlive,
  ncsConf,
  pidFromFile,
  runSim,
  SIM_BIN,
  SimSandbox,
  waitFor,
} from './sim-harness.js';

const sandbox = new SimSandbox();
afterEach(() => sandbox.cleanup());

// A daemonized simulator with all four listeners on free loopback ports.
async function startFull(extraEnv: NodeJS.ProcessEnv = {}) {
  const [ipc, netconfSsh, netconfTcp, cliSsh] = (await freePorts(4)) as [number, number, number, number];
  const runDir = sandbox.withConf(ncsConf({ ipc, netconfSsh, netconfTcp, cliSsh }));
  const env = { NCS_IPC_PORT: String(ipc), ...extraEnv };
  sandbox.track(runDir, env);
  const started = await runSim(['--cd', runDir], env, runDir);
  return { runDir, env, started, ports: { ipc, netconfSsh, netconfTcp, cliSsh } };
}

describe('daemonized start', () => {
  it('returns 0 once every listener accepts connections', async () => {
    const { started, ports } = await startFull();
    expect(started).toMatchObject({ code: 0, stderr: '' });
    expect(await firstBytes(ports.ipc)).toBe('NSO-MULTI-SIM/1\n');
    for (const port of [ports.netconfSsh, ports.netconfTcp, ports.cliSsh]) {
      expect(await firstBytes(port)).toBe('SSH-2.0-nso-multi-sim\r\n');
    }
  });

  it('writes logs/ncs.pid with the daemon pid and appends to logs/ncs.log', async () => {
    const { runDir, env, ports } = await startFull();
    const pid = pidFromFile(runDir);
    expect(pid).not.toBe(process.pid);
    expect(pid !== null && isAlive(pid)).toBe(true);
    await runSim(['--status'], env);
    const log = readFileSync(join(runDir, 'logs', 'ncs.log'), 'utf8');
    expect(log).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z started: /m);
    expect(log).toContain(`listening: CLI SSH 127.0.0.1:${ports.cliSsh}`);
    expect(log).toMatch(/control request: status from 127\.0\.0\.1:\d+/);
  });

  it('--status prints version, state, pid and every listener', async () => {
    const { runDir, env, ports } = await startFull({ NSO_MULTI_SIM_VERSION: '6.4.1' });
    const status = await runSim(['--status'], env);
    expect(status.code).toBe(0);
    expect(status.stdout.split('\n')).toEqual([
      'vsn: 6.4.1',
      'status: started',
      `pid: ${pidFromFile(runDir)}`,
      'listen:',
      `  IPC 127.0.0.1:${ports.ipc}`,
      `  NETCONF SSH 127.0.0.1:${ports.netconfSsh}`,
      `  NETCONF TCP 127.0.0.1:${ports.netconfTcp}`,
      `  CLI SSH 127.0.0.1:${ports.cliSsh}`,
      '',
    ]);
  });

  it('--stop returns 0 with every listener closed, the pid file gone and the process ended', async () => {
    const { runDir, env, ports } = await startFull();
    const pid = pidFromFile(runDir)!;
    const netconfClient = await holdConnection(ports.netconfSsh);
    const stop = await runSim(['--stop'], env);
    expect(stop).toMatchObject({ code: 0, stderr: '' });
    await netconfClient.closed;
    for (const port of Object.values(ports)) expect(await firstBytes(port)).toBeNull();
    expect(existsSync(join(runDir, 'logs', 'ncs.pid'))).toBe(false);
    await waitFor(() => !isAlive(pid), 'the daemon process to end');
    expect(readFileSync(join(runDir, 'logs', 'ncs.log'), 'utf8')).toContain(
      'stopped (stop requested over IPC)',
    );
  });

  it('SIGTERM closes the listeners, removes the pid file and ends the daemon', async () => {
    const { runDir, ports } = await startFull();
    const pid = pidFromFile(runDir)!;
    process.kill(pid, 'SIGTERM');
    await waitFor(() => !isAlive(pid), 'the daemon process to end');
    for (const port of Object.values(ports)) expect(await firstBytes(port)).toBeNull();
    expect(existsSync(join(runDir, 'logs', 'ncs.pid'))).toBe(false);
    expect(readFileSync(join(runDir, 'logs', 'ncs.log'), 'utf8')).toContain('stopped (signal SIGTERM)');
  });

  it('--wait-started returns 0 against a running daemon', async () => {
    const { env } = await startFull();
    expect(await runSim(['--wait-started', '5'], env)).toMatchObject({ code: 0, stderr: '' });
  });
});

describe('--foreground', () => {
  it('serves in the started process until SIGTERM, then exits 0', async () => {
    const [ipc, cliSsh] = (await freePorts(2)) as [number, number];
    const runDir = sandbox.withConf(ncsConf({ ipc, cliSsh }));
    const env = { NCS_IPC_PORT: String(ipc) };
    sandbox.track(runDir, env);
    const child = spawn(process.execPath, [SIM_BIN, '--foreground', '--cd', runDir], {
      cwd: runDir,
      env: cleanEnv(),
      stdio: 'ignore',
    });
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    try {
      expect((await runSim(['--wait-started', '10'], env)).code).toBe(0);
      const status = await runSim(['--status'], env);
      expect(status.stdout).toContain(`pid: ${child.pid}`);
      expect(pidFromFile(runDir)).toBe(child.pid);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(await firstBytes(ipc)).toBeNull();
      expect(await firstBytes(cliSsh)).toBeNull();
      expect(pidFromFile(runDir)).toBeNull();
    } finally {
      child.kill('SIGKILL');
    }
  });
});

describe('control commands with no daemon', () => {
  it.each([
    ['--status', 'status'],
    ['--stop', 'stop'],
  ])('%s prints connection refused and exits 1', async (flag, word) => {
    const [port] = (await freePorts(1)) as [number];
    const result = await runSim([flag], { NCS_IPC_PORT: String(port) });
    expect(result).toMatchObject({ code: 1, stdout: '', stderr: `connection refused (${word})\n` });
  });

  it('--wait-started retries for TryTime, then prints connection refused and exits 2 (1 for TryTime 0)', async () => {
    const [port] = (await freePorts(1)) as [number];
    const began = Date.now();
    const result = await runSim(['--wait-started', '1'], { NCS_IPC_PORT: String(port) });
    expect(result).toMatchObject({ code: 2, stderr: 'connection refused (wait_started)\n' });
    expect(Date.now() - began).toBeGreaterThanOrEqual(1000);
    const once = await runSim(['--wait-started', '0'], { NCS_IPC_PORT: String(port) });
    expect(once).toMatchObject({ code: 1, stderr: 'connection refused (wait_started)\n' });
  });

  it('--version prints the default version, or NSO_MULTI_SIM_VERSION', async () => {
    expect(await runSim(['--version'])).toMatchObject({ code: 0, stdout: '6.2.5-sim\n' });
    expect(await runSim(['--version'], { NSO_MULTI_SIM_VERSION: '6.4' })).toMatchObject({
      code: 0,
      stdout: '6.4\n',
    });
  });
});
