import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { render } from '../../src/project/render.js';
import { runCli, tempDir } from '../helpers/cli.js';

// Ports of this file's specs: a block region no other test file uses, one block per test.
const SPEC = (base: number) => `project: lab
layout: { base: ${base}, stride: 10 }
instances:
  - name: one
  - name: two
    ipc: { accessCheck: { enabled: false } }
`;

let dir: { path: string; remove: () => Promise<void> };
let env: NodeJS.ProcessEnv;

beforeEach(async () => {
  dir = await tempDir();
  env = { NSO_MULTI_LEASE_DIR: join(dir.path, 'leases'), NCS_DIR: '' };
});
afterEach(async () => {
  await dir.remove();
});

async function rendered(base: number): Promise<void> {
  await writeFile(join(dir.path, 'nso-multi.yaml'), SPEC(base));
  await render({ cwd: dir.path, leaseDir: env.NSO_MULTI_LEASE_DIR, nsoVersion: '6.2' });
}

describe('nso-multi doctor', () => {
  it('prints one ok line per check for a fresh project with --sim, and exits 0', async () => {
    await rendered(29800);
    const result = await runCli(['doctor', '--sim'], dir.path, env);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines.slice(0, 9).map((l) => l.slice(0, 5))).toEqual(Array(9).fill('ok   '));
    expect(lines[1]).toMatch(/^ok {3}ncs: nso-multi sim \(\d+\.\d+/);
    expect(lines.at(-1)).toBe('9 checks: all ok');
    expect(result.stdout).not.toContain('fix:');
  });

  it('marks a secret with the wrong mode FAIL with an indented fix line, and exits 1', async () => {
    await rendered(29810);
    const secret = join(dir.path, '.nso-multi', 'one', 'ipc_access');
    await chmod(secret, 0o644);
    const result = await runCli(['doctor', '--sim'], dir.path, env);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      `FAIL secret files: one: ${secret} has mode 0644, the spec asks mode 0400\n`,
    );
    expect(result.stdout).toContain(`\n     fix: chmod 0400 ${secret}\n`);
    expect(result.stdout.trimEnd().split('\n').at(-1)).toBe('9 checks: 1 failed');
  });

  it('fails the ncs check when there is no ncs at all, and exits 1', async () => {
    await rendered(29820);
    const result = await runCli(['doctor'], dir.path, { ...env, PATH: '/usr/bin:/bin', NCS_DIR: '' });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^FAIL ncs: no ncs found/m);
    expect(result.stdout).toMatch(/^ {5}fix: source \$NCS_DIR\/ncsrc .*--sim/m);
    expect(result.stdout).toMatch(/^ok {3}secret files:/m);
  });

  it("warns when the ncs that runs is not NCS_DIR's own", async () => {
    await rendered(29840);
    const install = async (name: string) => {
      const bin = join(dir.path, name, 'bin');
      await mkdir(bin, { recursive: true });
      for (const tool of ['ncs', 'ncs_cli']) {
        await writeFile(join(bin, tool), '#!/bin/sh\necho 6.2.5\n');
        await chmod(join(bin, tool), 0o755);
      }
      return join(dir.path, name);
    };
    const [one, other] = [await install('nso-a'), await install('nso-b')];
    const path = `${join(one, 'bin')}:/usr/bin:/bin`;
    const ncsDirCheck = async (extra: NodeJS.ProcessEnv, args: string[] = []) => {
      const result = await runCli(['doctor', '--json', ...args], dir.path, { ...env, PATH: path, ...extra });
      return (
        JSON.parse(result.stdout) as { checks: { id: string; status: string; detail: string }[] }
      ).checks.find((c) => c.id === 'NCS_DIR');
    };
    expect(await ncsDirCheck({ NCS_DIR: one })).toMatchObject({ status: 'ok' });
    const foreign = await ncsDirCheck({ NCS_DIR: one }, ['--ncs', join(other, 'bin', 'ncs')]);
    expect(foreign).toMatchObject({ status: 'warn' });
    expect(foreign?.detail).toContain("which is not this installation's");
    const clients = await ncsDirCheck({ NCS_DIR: other });
    expect(clients).toMatchObject({ status: 'warn' });
    expect(clients?.detail).toContain(`ncs_cli on PATH is ${join(one, 'bin', 'ncs_cli')}`);
  });

  it('--json prints the report: ok plus id, title, status, detail and fix per check', async () => {
    await rendered(29830);
    const result = await runCli(['doctor', '--json'], dir.path, { ...env, PATH: '/usr/bin:/bin' });
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { ok: unknown; checks: Record<string, unknown>[] };
    expect(report.ok).toBe(false);
    expect(report.checks.map((c) => c.id)).toEqual([
      'spec',
      'ncs',
      'NCS_DIR',
      'ephemeral-range',
      'folders',
      'leases',
      'state',
      'secrets',
      'processes',
    ]);
    for (const c of report.checks) {
      expect(Object.keys(c).every((k) => ['id', 'title', 'status', 'detail', 'fix'].includes(k))).toBe(true);
      expect(['ok', 'warn', 'fail', 'skip']).toContain(c.status);
      expect(typeof c.title).toBe('string');
      expect(typeof c.detail).toBe('string');
    }
    expect(report.checks[1]).toMatchObject({
      id: 'ncs',
      status: 'fail',
      fix: expect.stringContaining('--sim'),
    });
  });

  it('rejects --sim together with --ncs as a usage error (exit 2)', async () => {
    const result = await runCli(['doctor', '--sim', '--ncs', '/bin/true'], dir.path, env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--sim and --ncs exclude each other');
  });
});
