import { execFileSync, spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isListening } from '../../src/host/port-listening.js';
import { isAlive, signalGroup } from '../../src/host/process-identity.js';
import { waitUntil } from '../../src/host/wait-until.js';
import { readState } from '../../src/state/state-file.js';
import { CLI, REPO_ROOT, runCli, tempDir } from '../helpers/cli.js';
import { stopProject } from '../helpers/project-cleanup.js';

const RACING_NCS = join(REPO_ROOT, 'test', 'fixtures', 'ncs', 'racing-ncs.sh');
const SIM_BIN = join(REPO_ROOT, 'dist', 'sim', 'bin.js');

function spec(base: number, extra = ''): string {
  return `layout: { base: ${base}, stride: 10 }
instances:
  - name: one
  - name: two
  - name: three
    ipc: { accessCheck: { enabled: false } }
${extra}`;
}

const accepts = (port: number) => isListening('127.0.0.1', port);

let dir: { path: string; remove: () => Promise<void> };
const squatters: string[] = [];

beforeEach(async () => {
  dir = await tempDir();
});

// Whatever a test left: `down`, then SIGKILL to every recorded daemon group and squatter.
afterEach(async () => {
  await stopProject(dir.path);
  for (const file of squatters.splice(0)) {
    const pid = Number(await readFile(file, 'utf8').catch(() => '0'));
    if (pid > 1) signalGroup(pid, 'SIGKILL');
  }
  await dir.remove();
});

async function daemons(): Promise<{ name: string; pid: number; alive: boolean }[]> {
  const state = await readState(join(dir.path, '.nso-multi', 'state.json'));
  return Promise.all(
    Object.entries(state?.instances ?? {})
      .filter(([, e]) => e.runtime)
      .map(async ([name, e]) => ({ name, pid: e.runtime!.pid, alive: await isAlive(e.runtime!) })),
  );
}

describe('nso-multi up / status / down on the simulator', () => {
  it('starts every instance: every port accepts connections, the access check holds, up twice is a no-op, down ends all', async () => {
    await writeFile(join(dir.path, 'nso-multi.yaml'), spec(28000));
    const upped = await runCli(['up', '--sim'], dir.path);
    expect(upped.stderr).toMatch(/one: started \(pid \d+/);
    expect(upped.code).toBe(0);
    expect(upped.stdout).toBe('');

    const status = JSON.parse((await runCli(['status', '--json'], dir.path)).stdout);
    expect(status.instances.map((i: { status: string }) => i.status)).toEqual([
      'running',
      'running',
      'running',
    ]);
    const ports: number[] = status.instances.flatMap((i: { ports: Record<string, number | null> }) =>
      Object.values(i.ports).filter((port) => port !== null),
    );
    expect(ports).toHaveLength(12);
    for (const port of ports) expect(await accepts(port)).toBe(true);

    // Right secret through the instance's env: the control command gets in. A wrong one: refused.
    const ok = await runCli(['exec', 'one', '--', process.execPath, SIM_BIN, '--status'], dir.path);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('status: started');
    const wrong = join(dir.path, 'wrong-secret');
    await writeFile(wrong, 'not-the-secret', { mode: 0o400 });
    const env = JSON.parse((await runCli(['env', 'one', '--format', 'json'], dir.path)).stdout);
    const denied = await runCli(['sim', '--status'], dir.path, { ...env, NCS_IPC_ACCESS_FILE: wrong });
    expect(denied.code).toBe(1);
    expect(denied.stderr).toContain('Access check failed');

    const before = await daemons();
    const again = await runCli(['up', '--sim'], dir.path);
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/one: already running/);
    expect(await daemons()).toEqual(before);

    const downed = await runCli(['down'], dir.path);
    expect(downed.code).toBe(0);
    for (const d of await daemons()) expect(d.alive).toBe(false);
    for (const port of ports) expect(await accepts(port)).toBe(false);
  });

  it('up --json prints the status document on stdout and nothing else', async () => {
    await writeFile(join(dir.path, 'nso-multi.yaml'), spec(28100));
    const result = await runCli(['up', '--sim', '--json', 'one', 'three'], dir.path);
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(doc.instances.map((i: { name: string }) => i.name)).toEqual(['one', 'three']);
    for (const instance of doc.instances) {
      expect(instance).toMatchObject({ status: 'running', pid: expect.any(Number) });
      expect(instance.listening).toMatchObject({
        ipc: true,
        netconfSsh: true,
        netconfTcp: true,
        cliSsh: true,
      });
      // The listeners the bundled template leaves off (Web UI, RESTCONF, call-home, HA) are null.
      expect(Object.values(instance.listening).every((v) => v === true || v === null)).toBe(true);
    }
    expect((await daemons()).map((d) => d.name).sort()).toEqual(['one', 'three']);
  });

  it('a generated port taken between allocation and bind: the daemon exits 20, the port moves, the retry starts', async () => {
    await writeFile(join(dir.path, 'nso-multi.yaml'), spec(28200));
    const mark = join(dir.path, 'squat');
    squatters.push(`${mark}.pid`);
    const env = { SIM_BIN, SQUAT_INSTANCE: 'two', SQUAT_VAR: 'NSO_MULTI_NETCONF_SSH_PORT', SQUAT_MARK: mark };
    const result = await runCli(['up', '--ncs', RACING_NCS], dir.path, env);
    expect(result.stderr).toMatch(/two: exit 20: failed to bind a socket/);
    expect(result.code).toBe(0);
    const squatted = 28200 + 21;
    const doc = JSON.parse((await runCli(['status', '--json', 'two'], dir.path)).stdout);
    expect(doc.instances[0].status).toBe('running');
    expect(doc.instances[0].ports.netconfSsh).not.toBe(squatted);
    expect(doc.instances[0].listening.netconfSsh).toBe(true);
  });

  it('a pinned port taken before the daemon binds: up fails naming it and leaves nothing of the project running', async () => {
    await writeFile(
      join(dir.path, 'nso-multi.yaml'),
      spec(28300).replace('  - name: two\n', '  - name: two\n    ports: { cliSsh: 28399 }\n'),
    );
    const mark = join(dir.path, 'squat');
    squatters.push(`${mark}.pid`);
    const env = { SIM_BIN, SQUAT_INSTANCE: 'two', SQUAT_VAR: 'NSO_MULTI_CLI_SSH_PORT', SQUAT_MARK: mark };
    const result = await runCli(['up', '--ncs', RACING_NCS], dir.path, env);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/two: exit 20: failed to bind a socket.*\n.*28399|28399/);
    expect(result.stderr).toContain('instance two: cliSsh port 28399 (pinned) is in use');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    for (const d of await daemons()) expect(d.alive).toBe(false);
    const doc = JSON.parse((await runCli(['status', '--json'], dir.path)).stdout);
    expect(doc.instances.find((i: { name: string }) => i.name === 'two').status).toBe('failed');
  });

  it('--keep-going leaves the instances that started running and still exits 1', async () => {
    await writeFile(
      join(dir.path, 'nso-multi.yaml'),
      spec(28800).replace('  - name: two\n', '  - name: two\n    ports: { ipc: 28899 }\n'),
    );
    const mark = join(dir.path, 'squat');
    squatters.push(`${mark}.pid`);
    const env = { SIM_BIN, SQUAT_INSTANCE: 'two', SQUAT_VAR: 'NCS_IPC_PORT', SQUAT_MARK: mark };
    const result = await runCli(['up', '--ncs', RACING_NCS, '--keep-going', '--json'], dir.path, env);
    expect(result.code).toBe(1);
    const doc = JSON.parse(result.stdout);
    const byName = Object.fromEntries(
      doc.instances.map((i: { name: string; status: string }) => [i.name, i.status]),
    );
    expect(byName).toEqual({ one: 'running', two: 'failed', three: 'running' });
    expect(result.stderr).toMatch(/two: exit 20: failed to bind a socket/);
  });

  it('Ctrl-C during up stops what it started: nothing is left running', async () => {
    await writeFile(join(dir.path, 'nso-multi.yaml'), spec(28400));
    const child = spawn(process.execPath, [CLI, 'up', '--ncs', RACING_NCS, '--concurrency', '3'], {
      cwd: dir.path,
      env: { ...process.env, SIM_BIN, SLOW_START: '3', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      expect(await waitUntil(() => (stderr.match(/waiting until ready/g) ?? []).length === 3, 15_000)).toBe(
        true,
      );
      child.kill('SIGINT');
      expect(await exited).toBe(130);
    } finally {
      child.kill('SIGKILL');
    }
    expect(stderr).toContain('SIGINT: stopping the instances this run started');
    const all = await daemons();
    expect(all).toHaveLength(3);
    for (const d of all) expect(d.alive).toBe(false);
  });

  it('without --sim and without an NSO installation: exit 1 with a hint', async () => {
    await writeFile(join(dir.path, 'nso-multi.yaml'), spec(28500));
    const result = await runCli(['up'], dir.path, { NCS_DIR: '', PATH: '/usr/bin:/bin' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('no ncs found');
    expect(result.stderr).toContain('--sim');
    expect(execFileSync('ls', ['-A', dir.path], { encoding: 'utf8' })).toBe('nso-multi.yaml\n');
  });

  it('an unknown instance name is a usage error', async () => {
    await writeFile(join(dir.path, 'nso-multi.yaml'), spec(28600));
    const result = await runCli(['up', '--sim', 'tow'], dir.path);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no instance tow');
    expect(result.stderr).toContain('did you mean `two`?');
  });
});
