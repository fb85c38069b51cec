// Faults while writing and reading a project: a failing write at any point of a render leaves the previous
// render's files exactly; EACCES/ENOSPC/EROFS name the file; a corrupt state is kept aside and rebuilt; a bad
// template, secret or env file at `up` stops it before any daemon starts.
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isNsoMultiError } from '../../src/errors.js';
import { isAlive } from '../../src/host/process-identity.js';
import { hostVerdictSources, openLeaseRegistry } from '../../src/leases/lease-registry.js';
import { leaseVerdict } from '../../src/leases/lease-verdict.js';
import { renderWith } from '../../src/project/render.js';
import { readState } from '../../src/state/state-file.js';
import { runCli } from '../helpers/cli.js';
import { processesMentioning } from '../helpers/processes.js';
import { killRecordedDaemons } from '../helpers/project-cleanup.js';
import { giveToUser, runCliAs, testUser } from '../helpers/test-user.js';
import { FAULT_OPS, faultyFs } from '../host/faulty-fs.js';
import { treeSnapshot } from '../host/tree-snapshot.js';

// Ports of this file: 32350-32599.
const V1 = `project: lab
layout: { base: 32350, stride: 10 }
instances:
  - name: one
  - name: two
    ipc: { accessCheck: { enabled: false } }
`;
// Every existing file changes (project name, addresses), one secret needs its mode corrected, one instance is new.
const V2 = `project: lab2
layout: { base: 32350, stride: 10 }
instances:
  - name: one
    netconf: { address: '::1' }
    cli: { address: '::1' }
  - name: two
    ipc: { accessCheck: { enabled: false } }
  - name: three
`;

let dir: string;
const cleanups: (() => Promise<void>)[] = [];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nso-multi-faults-'));
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await rm(dir, { recursive: true, force: true });
});

const stateFile = () => join(dir, '.nso-multi', 'state.json');

/** The final file a temp or backup path stands for. */
const finalPath = (path: string) => path.replace(/\/\.([^/]+)\.\d+\.[0-9a-f]{12}\.(tmp|bak)$/, '/$1');

async function renderV1(): Promise<Record<string, string>> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir);
  await writeFile(join(dir, 'nso-multi.yaml'), V1);
  await renderWith({ cwd: dir, nsoVersion: '6.2' }, {});
  await chmod(join(dir, '.nso-multi', 'one', 'ipc_access'), 0o644);
  await writeFile(join(dir, 'nso-multi.yaml'), V2);
  return treeSnapshot(dir);
}

describe('render with a failing write', () => {
  it('for every operation and every n, leaves each file as the previous render wrote it, and no temp file', async () => {
    await renderV1();
    const counting = faultyFs(dir, { op: 'create', nth: 0, code: 'EIO' });
    const done = await renderWith({ cwd: dir, nsoVersion: '6.2' }, { fs: counting.fs });
    expect(done.notices.map((n) => n.message)).toContain(
      `${join(dir, '.nso-multi', 'one', 'ipc_access')}: corrected mode 0644 → 0400`,
    );
    const runs = FAULT_OPS.flatMap((op) =>
      Array.from({ length: counting.counts[op] }, (_, i) => ({ op, nth: i + 1 })),
    );
    // Temp files for every file of three instances and the state, their renames, the new folders, the new secret.
    expect(counting.counts.create).toBeGreaterThanOrEqual(7);
    expect(counting.counts.rename).toBeGreaterThanOrEqual(6);
    expect(counting.counts.mkdir).toBeGreaterThanOrEqual(7);
    for (const { op, nth } of runs) {
      const before = await renderV1();
      const faulty = faultyFs(dir, { op, nth, code: 'EIO' });
      const error = await renderWith({ cwd: dir, nsoVersion: '6.2' }, { fs: faulty.fs }).then(
        () => undefined,
        (e: unknown) => e,
      );
      const where = `${op} #${nth} (${faulty.failedPath})`;
      expect(isNsoMultiError(error) && error.code, where).toBe('IO');
      expect((error as Error).message, where).toContain(finalPath(faulty.failedPath!));
      expect((error as Error).message, where).toContain('input/output error from the device (EIO)');
      expect(await treeSnapshot(dir), where).toEqual(before);
    }
  });

  it.each([
    ['ENOSPC', 'no space left on the device (ENOSPC)', 'Free some disk space'],
    ['EROFS', 'the file system is read-only (EROFS)', 'writable file system'],
    ['EACCES', 'permission denied (EACCES)', 'permissions'],
  ])(
    '%s: the error names the file and the reason, with a hint, and nothing is half-done',
    async (code, words, hint) => {
      const before = await renderV1();
      const conf = join(dir, '.nso-multi', 'one', 'ncs.conf');
      for (const op of ['create', 'write', 'sync', 'rename'] as const) {
        const faulty = faultyFs(dir, { op, nth: 1, code, match: (path) => finalPath(path) === conf });
        const failure = renderWith({ cwd: dir, nsoVersion: '6.2' }, { fs: faulty.fs });
        await expect(failure).rejects.toMatchObject({ code: 'IO', hint: expect.stringContaining(hint) });
        await expect(failure).rejects.toThrow(`Cannot write ${conf}: ${words}`);
        expect(await treeSnapshot(dir)).toEqual(before);
      }
    },
  );

  // As root (who writes anywhere) the render runs as the suite's ordinary test user, who owns the project.
  const user = testUser();
  const noUser = process.geteuid?.() === 0 && user === undefined;
  it.skipIf(noUser)('EACCES for real: a read-only run dir (as an ordinary user)', async () => {
    await renderV1();
    const leases = await mkdtemp(join(tmpdir(), 'nso-multi-faults-leases-'));
    cleanups.push(() => rm(leases, { recursive: true, force: true }));
    if (user) await Promise.all([giveToUser(user, dir), giveToUser(user, leases)]);
    const before = await treeSnapshot(dir);
    const runDir = join(dir, '.nso-multi', 'one');
    await chmod(runDir, 0o555);
    cleanups.push(() => chmod(runDir, 0o755));
    const env = { NSO_MULTI_LEASE_DIR: leases };
    const result = user ? await runCliAs(user, ['render'], dir, env) : await runCli(['render'], dir, env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`Cannot write ${join(runDir, 'ncs.conf')}: permission denied (EACCES)`);
    await chmod(runDir, 0o755);
    expect(await treeSnapshot(dir)).toEqual(before);
  });
});

describe('a corrupt state file, through the CLI', () => {
  async function renderedThenCorrupted(corrupt: string): Promise<Record<string, unknown>> {
    await writeFile(join(dir, 'nso-multi.yaml'), V1);
    const rendered = await runCli(['render', '--json'], dir);
    expect(rendered.code).toBe(0);
    const ports = Object.fromEntries(
      (JSON.parse(rendered.stdout).instances as { name: string; ports: unknown }[]).map((i) => [
        i.name,
        i.ports,
      ]),
    );
    await writeFile(stateFile(), corrupt);
    return ports;
  }

  const copyPattern = () =>
    new RegExp(
      `kept it as ${stateFile().replaceAll('.', '\\.')}\\.corrupt-\\d{4}-\\d\\d-\\d\\dT\\d{6}\\.\\d{3}Z`,
    );

  it.each([
    ['status --json', ['status', '--json']],
    ['env', ['env', 'one']],
    ['down', ['down']],
    ['render', ['render', '--json']],
  ])('%s says what happened, keeps the corrupt copy, and works on the rebuilt state', async (_what, args) => {
    const ports = await renderedThenCorrupted('{"version": 1, "instances": {"one": {"po');
    const result = await runCli(args, dir);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/^warning: state file .* is corrupt: /);
    expect(result.stderr).toMatch(copyPattern());
    expect(result.stderr).toContain('instances recovered: one, two');
    const copies = (await readdir(join(dir, '.nso-multi'))).filter((f) =>
      f.startsWith('state.json.corrupt-'),
    );
    expect(copies).toHaveLength(1);
    expect(await readFile(join(dir, '.nso-multi', copies[0]!), 'utf8')).toBe(
      '{"version": 1, "instances": {"one": {"po',
    );
    const state = await readState(stateFile());
    expect(state?.instances.one?.ports).toEqual(
      Object.fromEntries(Object.entries(ports.one as object).filter(([, p]) => p !== null)),
    );
    if (args[0] === 'env')
      expect(result.stdout).toContain(`export NCS_IPC_PORT='${(ports.one as { ipc: number }).ipc}'`);
    // The next command reads a valid state and says nothing more.
    const again = await runCli(['status', '--json'], dir);
    expect(again.stderr).toBe('');
  });

  it('finds the daemons that still run and lets `down` stop them', async () => {
    await writeFile(join(dir, 'nso-multi.yaml'), V1);
    const upped = await runCli(['up', '--sim'], dir, {}, 60_000);
    expect(upped.code, upped.stderr).toBe(0);
    const before = await readState(stateFile());
    cleanups.push(() => killRecordedDaemons(before));
    await writeFile(stateFile(), 'not json');
    const status = await runCli(['status', '--json'], dir);
    expect(status.stderr).toContain(
      `running daemons found: one (pid ${before?.instances.one?.runtime?.pid}), two (pid ${before?.instances.two?.runtime?.pid})`,
    );
    const doc = JSON.parse(status.stdout);
    expect(doc.instances.map((i: { status: string; pid: number }) => [i.status, i.pid])).toEqual([
      ['running', before?.instances.one?.runtime?.pid],
      ['running', before?.instances.two?.runtime?.pid],
    ]);
    const down = await runCli(['down'], dir);
    expect(down.code, down.stderr).toBe(0);
    expect(down.stdout).toBe('one: stopped (ncs --stop)\ntwo: stopped (ncs --stop)\n');
    for (const entry of Object.values(before?.instances ?? {}))
      expect(await isAlive(entry.runtime!)).toBe(false);

    // `up` on a corrupt state: says so once, keeps the ports, starts the instances.
    await writeFile(stateFile(), '');
    const again = await runCli(['up', '--sim'], dir, {}, 60_000);
    const after = await readState(stateFile());
    cleanups.push(() => killRecordedDaemons(after));
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr.match(/is corrupt/g)).toHaveLength(1);
    expect(again.stderr).toMatch(copyPattern());
    expect(after?.instances.one?.ports).toEqual(before?.instances.one?.ports);
    expect(after?.instances.one?.runtime?.status).toBe('running');
    expect((await runCli(['down'], dir)).code).toBe(0);
  });
});

describe('up stops before any daemon starts', () => {
  /** Once the failed `up` has exited no process holds a lease of this project: what remains is what the state
   * of the earlier render assigns, or stale. */
  async function expectNoLeaseHeld(): Promise<void> {
    const leases = (await openLeaseRegistry().read()).filter((l) => l.project === stateFile());
    for (const lease of leases) {
      expect(['stale', 'assigned']).toContain(await leaseVerdict(lease, hostVerdictSources));
    }
  }

  async function upFails(setup: () => Promise<void>, message: string | RegExp, code = 2): Promise<void> {
    await writeFile(join(dir, 'nso-multi.yaml'), V1);
    expect((await runCli(['render'], dir)).code).toBe(0);
    await setup();
    const before = await treeSnapshot(dir);
    const result = await runCli(['up', '--sim'], dir, {}, 60_000);
    expect(result.code, result.stderr).toBe(code);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(await processesMentioning(dir)).toEqual([]);
    expect((await readState(stateFile()))?.instances.one?.runtime).toBeUndefined();
    expect(await treeSnapshot(dir)).toEqual(before);
    await expectNoLeaseHeld();
  }

  it('a missing template', async () => {
    const missing = join(dir, 'missing.xml');
    await upFails(
      async () => {
        await writeFile(
          join(dir, 'nso-multi.yaml'),
          V1.replace('  - name: one\n', `  - name: one\n    template: ${missing}\n`),
        );
      },
      new RegExp(missing.replaceAll('.', '\\.')),
    );
  });

  it('a template that cannot be read (a folder)', async () => {
    const folder = join(dir, 'tpl.xml');
    await upFails(
      async () => {
        await mkdir(folder);
        await writeFile(
          join(dir, 'nso-multi.yaml'),
          V1.replace('  - name: one\n', `  - name: one\n    template: ${folder}\n`),
        );
      },
      new RegExp(`${folder.replaceAll('.', '\\.')}.*(EISDIR|folder|director)`, 's'),
    );
  });

  it('a secret file that is not a regular file', async () => {
    const secret = join(dir, '.nso-multi', 'one', 'ipc_access');
    await upFails(async () => {
      await rm(secret);
      await mkdir(secret);
    }, `Refusing to use ${secret}: it is a folder`);
  });

  it('a secret file replaced by a symlink (left as it is, its target untouched)', async () => {
    const secret = join(dir, '.nso-multi', 'one', 'ipc_access');
    const target = join(dir, 'target');
    await upFails(async () => {
      await writeFile(target, 'precious', { mode: 0o644 });
      await rm(secret);
      await symlink(target, secret);
    }, `Refusing to use ${secret}: it is a symbolic link`);
    expect(await readFile(target, 'utf8')).toBe('precious');
  });

  it('an env file replaced by a symlink', async () => {
    const envFile = join(dir, '.env.one');
    await upFails(async () => {
      await writeFile(join(dir, 'elsewhere'), 'x');
      await rm(envFile);
      await symlink(join(dir, 'elsewhere'), envFile);
    }, `Refusing to use ${envFile}: it is a symbolic link`);
  });

  it('an env file that is a folder', async () => {
    const envFile = join(dir, '.env.two');
    await upFails(async () => {
      await rm(envFile);
      await mkdir(envFile);
    }, `Refusing to use ${envFile}: it is a folder`);
  });

  it('a run dir replaced by a symlink', async () => {
    const runDir = join(dir, '.nso-multi', 'two');
    await upFails(async () => {
      await mkdir(join(dir, 'real-two'));
      await rm(runDir, { recursive: true });
      await symlink(join(dir, 'real-two'), runDir);
    }, `Refusing to use ${runDir} as a folder: it is a symbolic link`);
  });

  it('--strict: a secret file that lets in more than asked (exit 2, file and mode named, nothing changed)', async () => {
    const secret = join(dir, '.nso-multi', 'one', 'ipc_access');
    await writeFile(join(dir, 'nso-multi.yaml'), V1);
    expect((await runCli(['render'], dir)).code).toBe(0);
    await chmod(secret, 0o644);
    const before = await treeSnapshot(dir);
    for (const args of [
      ['render', '--strict'],
      ['up', '--sim', '--strict'],
    ]) {
      const result = await runCli(args, dir, {}, 60_000);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toContain(
        `Secret file ${secret} has mode 0644, wider than the mode 0400 the spec asks`,
      );
      expect(result.stderr).toContain(
        `hint: Whoever could read it may know the secret: remove it (rm ${secret})`,
      );
      expect(await treeSnapshot(dir)).toEqual(before);
      expect(await processesMentioning(dir)).toEqual([]);
    }
    const lenient = await runCli(['render'], dir);
    expect(lenient.code).toBe(0);
    expect(lenient.stderr).toContain(`warning: ${secret}: corrected mode 0644 → 0400`);
  });
});
