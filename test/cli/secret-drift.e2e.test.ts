// A running instance's IPC secret file removed or replaced: the daemon keeps the secret it started with, so
// `status`, `exec` and `doctor` say that clients are refused and that a restart is the fix (simulator).
import { chmod, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';
import { cleanUpProject } from '../helpers/project-cleanup.js';
import { SIM_BIN } from '../sim/sim-harness.js';

// Ports of this file: 33700-33799.
/** `ncs --status` of the simulator, run through `exec` with an instance's environment. */
const SIM_STATUS = ['--', process.execPath, SIM_BIN, '--status'];
const SPEC =
  'project: drift\nlayout: { base: 33700, stride: 10 }\ninstances:\n  - name: one\n  - name: two\n';

let dir: { path: string; remove: () => Promise<void> };
let env: NodeJS.ProcessEnv;
beforeEach(async () => {
  dir = await tempDir();
  env = { NSO_MULTI_LEASE_DIR: join(dir.path, 'leases') };
  await writeFile(join(dir.path, 'nso-multi.yaml'), SPEC);
});
afterEach(async () => {
  await cleanUpProject(dir, { purge: true, env });
});

describe('a secret file changed under a running daemon', () => {
  it('is reported by status, exec and doctor with a restart as the fix; down and up cure it', async () => {
    const up = await runCli(['up', '--sim'], dir.path, env);
    expect(up.code, up.stderr).toBe(0);
    const secret = join(dir.path, '.nso-multi', 'one', 'ipc_access');
    const clean = await runCli(['status'], dir.path, env);
    expect(clean.stdout).not.toContain('fix:');

    await rm(secret);
    const status = await runCli(['status'], dir.path, env);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain(`one: the IPC secret file ${secret} is gone`);
    expect(status.stdout).toContain('fix: restart it: `nso-multi down one && nso-multi up one`');
    expect(status.stdout).not.toMatch(/^two: /m);
    const json = JSON.parse((await runCli(['status', '--json'], dir.path, env)).stdout);
    expect(json.instances[0].secretDrift.fix).toContain('nso-multi down one');
    expect(json.instances[1].secretDrift).toBeUndefined();

    const exec = await runCli(['exec', 'one', ...SIM_STATUS], dir.path, env);
    expect(exec.stderr).toContain(`warning: one: the IPC secret file ${secret} is gone`);
    // As NSO 6.2.5's ncs does: a missing access file is only warned about, and the daemon then drops the
    // connection that brought no secret.
    expect(exec.stderr).toContain('NCS daemon closed connection (status)');
    expect(exec.code).toBe(1);
    const doctor = await runCli(['doctor', '--sim'], dir.path, env);
    expect(doctor.stdout).toMatch(/^FAIL secret files: one: the IPC secret file .* is gone/m);
    expect(doctor.stdout).toContain('`nso-multi render` alone writes a new secret');

    // A file put in its place is another secret: reported as changed.
    await writeFile(secret, 'not the secret the daemon started with');
    await chmod(secret, 0o400);
    const changed = await runCli(['status'], dir.path, env);
    expect(changed.stdout).toContain(`one: the IPC secret file ${secret} changed after the daemon`);

    expect((await runCli(['down', 'one'], dir.path, env)).code).toBe(0);
    expect((await runCli(['up', 'one', '--sim'], dir.path, env)).code).toBe(0);
    const after = await runCli(['status'], dir.path, env);
    expect(after.stdout).not.toContain('fix:');
    expect((await runCli(['exec', 'one', ...SIM_STATUS], dir.path, env)).code).toBe(0);
  });
});
