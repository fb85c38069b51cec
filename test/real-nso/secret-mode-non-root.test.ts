// The IPC secret's mode when NSO runs as an ordinary user: "040" is refused before anything is written (the
// owner, who runs NSO, gets the owner bits only, so NSO could not read it: proved on NSO itself), and "0440"
// lets that user's NSO and the group's clients in. Run as a user made for the test (the suite runs as root in
// CI), with a copy of the NSO installation that user can read.
import { execFile } from 'node:child_process';
import { chmod, chown, cp, mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CLI } from '../helpers/cli.js';
import { killProcessesMentioning } from '../helpers/processes.js';
import { ensureTestUser, removeTestUser, TEST_USER as USER } from '../helpers/test-user.js';
import { type CommandResult, describeNso, NCS_DIR } from './nso.js';

const run = promisify(execFile);
const IS_ROOT = process.geteuid?.() === 0;

const SPEC = (mode: string) =>
  `project: secret-mode\ninstances:\n  - name: a\n    ipc: { accessCheck: { mode: "${mode}", group: ${USER} } }\n`;

const describeAsRoot = IS_ROOT ? describeNso : describe.skip;
const title = 'the secret mode when NSO runs as an ordinary user';

describeAsRoot(IS_ROOT ? title : `${title} (skipped: creating a user and switching to it needs root)`, () => {
  let work = '';
  let project = '';
  let ncsDir = '';
  let createdUser = false;
  let uid = 0;
  let gid = 0;

  // `script` in the project folder as the test user, with only the copied NSO in its environment.
  const asUser = (script: string): Promise<CommandResult> =>
    new Promise((resolve) => {
      const env = [
        `HOME=${project}`,
        `PATH=${join(ncsDir, 'bin')}:/usr/local/bin:/usr/bin:/bin`,
        `NCS_DIR=${ncsDir}`,
        `LD_LIBRARY_PATH=${join(ncsDir, 'lib')}`,
        // The user's own lease registry and (Node.js 22+) compile cache inside the test's folder, not in /tmp.
        `NSO_MULTI_LEASE_DIR=${join(work, 'leases')}`,
        `NODE_COMPILE_CACHE=${join(work, 'cache')}`,
      ];
      execFile(
        'runuser',
        ['-u', USER, '--', 'env', '-i', ...env, 'sh', '-c', script],
        { cwd: project, timeout: 180_000, killSignal: 'SIGKILL' },
        (error, stdout, stderr) => {
          const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
          resolve({ code, stdout, stderr });
        },
      );
    });
  const cli = (args: string) => asUser(`${process.execPath} ${CLI} ${args}`);

  beforeAll(async () => {
    createdUser = ensureTestUser();
    uid = Number((await run('id', ['-u', USER])).stdout.trim());
    gid = Number((await run('id', ['-g', USER])).stdout.trim());
    work = await mkdtemp(join(tmpdir(), 'nso-multi-non-root-'));
    await chmod(work, 0o755);
    // The user's NSO: a copy, since the installation may sit in root's home.
    ncsDir = join(work, 'nso');
    await cp(NCS_DIR, ncsDir, { recursive: true, verbatimSymlinks: true });
    project = join(work, 'project');
    await mkdir(project);
    await chown(project, uid, gid);
    for (const dir of ['leases', 'cache']) {
      await mkdir(join(work, dir));
      await chown(join(work, dir), uid, gid);
    }
  });

  afterAll(async () => {
    if (project !== '') await cli('down --purge');
    if (work !== '') await killProcessesMentioning(work);
    if (work !== '') await rm(work, { recursive: true, force: true });
    if (createdUser) removeTestUser();
  });

  test('"040" is refused with the reason and a fix; NSO itself cannot start with such a file', async () => {
    await writeFile(join(project, 'nso-multi.yaml'), SPEC('040'));
    const refused = await cli('render');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('mode "040" leaves the secret unreadable to its owner');
    expect(refused.stderr).toContain('use mode "0440"');
    expect(refused.stderr).not.toMatch(/^\s+at /m);
    expect(await stat(join(project, '.nso-multi')).catch(() => null)).toBeNull();

    // The premise, on NSO: render with "0440", make the file 040, and start NSO by hand as the user.
    await writeFile(join(project, 'nso-multi.yaml'), SPEC('0440'));
    expect((await cli('render')).code).toBe(0);
    await chmod(join(project, '.nso-multi', 'a', 'ipc_access'), 0o040);
    const started = await asUser('. ./.env.a && cd .nso-multi/a && ncs -c ncs.conf');
    expect(started.code).toBe(21);
    expect(started.stdout + started.stderr).toContain('Need read access to file');
  });

  test('"0440" gives the user\'s NSO and its clients the secret', async () => {
    await rm(join(project, '.nso-multi'), { recursive: true, force: true });
    await writeFile(join(project, 'nso-multi.yaml'), SPEC('0440'));
    const up = await cli('up');
    expect(up.code, up.stderr).toBe(0);
    const info = await stat(join(project, '.nso-multi', 'a', 'ipc_access'));
    expect({ mode: info.mode & 0o7777, uid: info.uid, gid: info.gid }).toEqual({ mode: 0o440, uid, gid });
    const phase = await asUser('. ./.env.a && ncs_cmd -c get_phase && ncs --status >/dev/null');
    expect(phase.stdout, phase.stderr).toContain('phase: 2');
    expect(phase.code).toBe(0);
    expect((await cli('doctor')).stdout).toMatch(/^ok {3}secret files:/m);
  });
});
