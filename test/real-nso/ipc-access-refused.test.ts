// The IPC access check on real NSO: a wrong or a missing secret is refused by ncs --status, ncs_cmd and
// ncs_cli; a secret file replaced or removed under a running daemon (which read it once, at start) is
// reported by status, exec and doctor with a restart as the fix, and `down` + `up` lets clients in again.
import { chmod, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { describeNso, useNsoProject } from './nso.js';

const SPEC = { project: 'access-refused', instances: [{ name: 'a' }] };

const STATUS = 'ncs --status >status.out';
const PHASE = 'ncs_cmd -c get_phase';
const CLI = "echo 'show running-config devices authgroups' | ncs_cli -u admin -C";

describeNso('the IPC access check on real NSO', () => {
  const project = useNsoProject(SPEC);

  test('refuses a wrong or missing secret, and nso-multi says what to do when the file changed', async () => {
    const p = project();
    const up = await p.cli(['up']);
    expect(up.code, up.stderr).toBe(0);
    const both = (r: { stdout: string; stderr: string }) => r.stdout + r.stderr;
    const ok = await p.shell(`. ./.env.a && ${PHASE}`);
    expect(ok.stdout).toContain('phase: 2');

    // Another secret than the daemon's.
    const wrong = join(p.dir, 'wrong-secret');
    await writeFile(wrong, 'not the secret of this instance');
    const withWrong = (script: string) =>
      p.shell(`. ./.env.a && export NCS_IPC_ACCESS_FILE='${wrong}' && ${script}`);
    const wrongStatus = await withWrong(STATUS);
    expect(wrongStatus.code).not.toBe(0);
    expect(wrongStatus.stderr).toContain('Access check failed (status)');
    expect((await withWrong(PHASE)).stderr).toContain('Access denied');
    const wrongCli = await withWrong(CLI);
    expect(wrongCli.code).not.toBe(0);
    expect(both(wrongCli)).toContain('Access check failed');

    // No secret at all: the daemon closes the connection.
    const withNone = (script: string) => p.shell(`. ./.env.a && unset NCS_IPC_ACCESS_FILE && ${script}`);
    const noneStatus = await withNone(STATUS);
    expect(noneStatus.code).not.toBe(0);
    expect(noneStatus.stderr).toContain('NCS daemon closed connection (status)');
    expect((await withNone(PHASE)).stderr).toContain('NCS closed connection');
    const noneCli = await withNone(CLI);
    expect(noneCli.code).not.toBe(0);
    expect(noneCli.stdout).not.toContain('authgroups');

    // The secret file replaced under the running daemon: it still expects the old secret.
    const secret = join(p.dir, '.nso-multi', 'a', 'ipc_access');
    await chmod(secret, 0o600);
    await writeFile(secret, 'a secret the daemon never read');
    await chmod(secret, 0o400);
    const status = await p.cli(['status']);
    expect(status.stdout).toContain(`a: the IPC secret file ${secret} changed after the daemon`);
    expect(status.stdout).toContain('fix: restart it: `nso-multi down a && nso-multi up a`');
    const exec = await p.cli(['exec', 'a', '--', 'ncs', '--status']);
    expect(exec.code).not.toBe(0);
    expect(exec.stderr).toContain('warning: a: the IPC secret file');
    expect(exec.stderr).toContain('Access check failed (status)');

    // Removed: the same clients are turned away; render alone would not help the running daemon.
    await rm(secret);
    const gone = await p.cli(['exec', 'a', '--', 'ncs_cmd', '-c', 'get_phase']);
    expect(gone.stderr).toContain(`a: the IPC secret file ${secret} is gone`);
    expect(gone.stderr).toContain('NCS closed connection');
    const doctor = await p.cli(['doctor']);
    expect(doctor.code).toBe(1);
    expect(doctor.stdout).toMatch(/^FAIL secret files: a: the IPC secret file .* is gone/m);
    expect(doctor.stdout).toContain('nso-multi down a && nso-multi up a');

    // The fix given works.
    expect((await p.cli(['down', 'a'])).code).toBe(0);
    expect((await p.cli(['up', 'a'])).code).toBe(0);
    const healed = await p.cli(['exec', 'a', '--', 'ncs_cmd', '-c', 'get_phase']);
    expect(healed.stdout, healed.stderr).toContain('phase: 2');
    expect((await p.cli(['status'])).stdout).not.toContain('fix:');
  });
});
