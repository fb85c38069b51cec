// The IPC secret lives in its file and nowhere else: not in any output (also with --debug and --json), not in
// error messages or logs of a failed start, not in the state, env files, ncs.conf, the lease registry, nor in
// the command line or environment of a running daemon.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isAlive, signalGroup } from '../../src/host/process-identity.js';
import { openLeaseRegistry } from '../../src/leases/lease-registry.js';
import { readState } from '../../src/state/state-file.js';
import { type CliResult, REPO_ROOT, runCli, tempDir } from '../helpers/cli.js';
import { stopProject } from '../helpers/project-cleanup.js';

const SIM_BIN = join(REPO_ROOT, 'dist', 'sim', 'bin.js');
const RACING_NCS = join(REPO_ROOT, 'test', 'fixtures', 'ncs', 'racing-ncs.sh');

// Ports of this file: 32500-32549; one's CLI SSH port is pinned so a squatter on it makes the start fail.
const SPEC = `project: leak
layout: { base: 32500, stride: 10 }
instances:
  - name: one
    ports: { cliSsh: 32519 }
  - name: two
    ipc: { accessCheck: { enabled: true, mode: '0400' } }
`;

let dir: { path: string; remove: () => Promise<void> };
const outputs: { what: string; text: string }[] = [];

beforeEach(async () => {
  dir = await tempDir('nso-multi-secrets-');
  await writeFile(join(dir.path, 'nso-multi.yaml'), SPEC);
});

afterEach(async () => {
  outputs.length = 0;
  await stopProject(dir.path);
  const squatterPid = Number(await readFile(join(dir.path, 'squat.pid'), 'utf8').catch(() => '0'));
  if (squatterPid > 1) signalGroup(squatterPid, 'SIGKILL');
  await dir.remove();
});

async function run(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  const result = await runCli(['--debug', ...args], dir.path, env, 60_000);
  outputs.push({ what: args.join(' '), text: result.stdout + result.stderr });
  return result;
}

async function secrets(): Promise<string[]> {
  const found: string[] = [];
  for (const name of ['one', 'two']) {
    found.push(await readFile(join(dir.path, '.nso-multi', name, 'ipc_access'), 'utf8'));
  }
  for (const secret of found) expect(secret).toMatch(/^[A-Za-z0-9_-]{64}$/);
  return found;
}

/** Every file of the project except the secrets themselves: state, env files, ncs.conf, logs, kept copies. */
async function projectFiles(): Promise<{ what: string; text: string }[]> {
  const files: { what: string; text: string }[] = [];
  for (const entry of await readdir(dir.path, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || entry.name === 'ipc_access') continue;
    const path = join(entry.parentPath, entry.name);
    files.push({ what: path, text: await readFile(path, 'latin1') });
  }
  return files;
}

async function daemonProcesses(): Promise<{ what: string; text: string }[]> {
  const state = await readState(join(dir.path, '.nso-multi', 'state.json'));
  const found: { what: string; text: string }[] = [];
  for (const [name, entry] of Object.entries(state?.instances ?? {})) {
    if (!entry.runtime || !(await isAlive(entry.runtime))) continue;
    for (const what of ['cmdline', 'environ']) {
      const text = await readFile(`/proc/${entry.runtime.pid}/${what}`, 'latin1').catch(() => '');
      found.push({ what: `${name} daemon ${what}`, text });
    }
  }
  return found;
}

function expectNowhere(secret: string, places: { what: string; text: string }[]): void {
  expect(places.length).toBeGreaterThan(0);
  for (const place of places)
    expect(place.text.includes(secret), `secret found in ${place.what}`).toBe(false);
}

describe('the IPC secret never leaves its file', () => {
  it('through render, up, status, env, exec, doctor and down, all with --debug', async () => {
    expect((await run(['render', '--json'])).code).toBe(0);
    expect((await run(['render'])).code).toBe(0);
    expect((await run(['plan', '--json'])).code).toBe(0);
    expect((await run(['up', '--sim'])).code).toBe(0);
    expect((await run(['up', '--sim', '--json'])).code).toBe(0);
    expect((await run(['status', '--json'])).code).toBe(0);
    expect((await run(['status'])).code).toBe(0);
    for (const format of ['sh', 'dotenv', 'json'])
      expect((await run(['env', 'one', '--format', format])).code).toBe(0);
    expect((await run(['exec', 'one', '--', process.execPath, SIM_BIN, '--status'])).code).toBe(0);
    // A client with the wrong secret is refused: the message names no secret, right or wrong.
    const wrong = join(dir.path, 'wrong-secret');
    await writeFile(wrong, 'W'.repeat(64), { mode: 0o400 });
    const env = JSON.parse((await run(['env', 'one', '--format', 'json'])).stdout);
    const refused = await run(['sim', '--status'], { ...env, NCS_IPC_ACCESS_FILE: wrong });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Access check failed');
    expect((await run(['doctor', '--sim', '--json'])).code).toBeLessThanOrEqual(1);
    expect((await run(['doctor', '--sim'])).code).toBeLessThanOrEqual(1);
    const running = await daemonProcesses();
    expect(running.length).toBe(4);
    expect((await run(['down'])).code).toBe(0);

    const all = [...outputs, ...(await projectFiles()), ...running];
    const registry = openLeaseRegistry();
    all.push({ what: registry.file, text: await readFile(registry.file, 'latin1') });
    for (const secret of await secrets()) expectNowhere(secret, all);
    expect(outputs.map((o) => o.text).join('')).toContain('ipc_access');
  });

  it('through errors: --strict refusing a widened secret, a failed start with its log, a corrupt state', async () => {
    expect((await run(['render'])).code).toBe(0);
    const secretOne = join(dir.path, '.nso-multi', 'one', 'ipc_access');
    const { chmod } = await import('node:fs/promises');
    await chmod(secretOne, 0o644);
    expect((await run(['render', '--strict'])).code).toBe(2);
    expect((await run(['up', '--sim', '--strict'])).code).toBe(2);
    await chmod(secretOne, 0o400);

    // A squatter takes one's pinned CLI port just before the daemon binds: the start fails with its log.
    const squat = {
      SIM_BIN,
      SQUAT_INSTANCE: 'one',
      SQUAT_VAR: 'NSO_MULTI_CLI_SSH_PORT',
      SQUAT_MARK: join(dir.path, 'squat'),
    };
    const failed = await run(['up', '--ncs', RACING_NCS], squat);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('did not start');
    expect(failed.stderr).toContain('32519');

    await writeFile(join(dir.path, '.nso-multi', 'state.json'), '{"version": 1, "inst');
    expect((await run(['status', '--json'])).code).toBe(0);

    const all = [...outputs, ...(await projectFiles())];
    expect(all.some((f) => f.what.endsWith('ncs-console.log'))).toBe(true);
    expect(all.some((f) => f.what.includes('state.json.corrupt-'))).toBe(true);
    for (const secret of await secrets()) expectNowhere(secret, all);
  });
});
