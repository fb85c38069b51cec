// render fills each run dir like `ncs-setup --dest`: the folders, packages/ (links or copies) and ncs-cdb/ init
// files; it removes only what it made, and a failure leaves the previous render's entries as they were.
import { lstat, mkdir, readdir, readFile, readlink, realpath, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NsoMultiError } from '../../src/errors.js';
import type { PortProbe } from '../../src/model.js';
import { type RenderSeams, renderWith } from '../../src/project/render.js';
import { runDirContents } from '../../src/project/run-dir-contents.js';
import { readState } from '../../src/state/state-file.js';
import { tempDir } from '../helpers/cli.js';
import { treeSnapshot } from '../host/tree-snapshot.js';

const BASE = 19200;
const free: PortProbe = { probe: async () => 'free' };

let dir: { path: string; remove: () => Promise<void> };
beforeEach(async () => {
  dir = await tempDir('nso-multi-layout-');
});
afterEach(async () => {
  await dir.remove();
});

const runDir = (name = 'one') => join(dir.path, '.nso-multi', name);

async function makePackage(name: string, body = 'v1'): Promise<string> {
  const path = join(dir.path, 'src', name);
  await mkdir(join(path, 'python'), { recursive: true });
  await writeFile(join(path, 'package-meta-data.xml'), `<ncs-package><name>${name}</name></ncs-package>\n`);
  await writeFile(join(path, 'python', 'main.py'), `${body}\n`);
  return path;
}

async function writeSpec(instance: string, defaults = ''): Promise<void> {
  await writeFile(
    join(dir.path, 'nso-multi.yaml'),
    `nso: { version: "6.2" }\nlayout: { base: ${BASE}, stride: 10 }\n${defaults}instances:\n  - name: one\n${instance}`,
  );
}

function render(seams: RenderSeams = {}) {
  return renderWith({ cwd: dir.path, probe: free, leaseDir: join(dir.path, 'leases') }, seams);
}

async function errorOf(promise: Promise<unknown>): Promise<NsoMultiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof NsoMultiError)) throw new Error(`expected an NsoMultiError, got ${String(error)}`);
  return error;
}

const skipLeases = (path: string) => path.startsWith('leases');

describe('render: the ncs-setup layout', () => {
  it('creates the folders of `ncs-setup --dest` and links each package with a relative symlink', async () => {
    const router = await makePackage('router');
    await writeSpec('    packages: [src/router]\n');
    const result = await render();
    for (const folder of ['ncs-cdb', 'logs', 'state', 'packages', 'scripts/command', 'scripts/post-commit']) {
      expect((await stat(join(runDir(), folder))).isDirectory()).toBe(true);
    }
    const link = join(runDir(), 'packages', 'router');
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    expect(await readlink(link)).toBe('../../../src/router');
    expect(await realpath(link)).toBe(await realpath(router));
    expect(result.plan.instances[0]?.spec.packages).toEqual([router]);
    const state = await readState(join(dir.path, '.nso-multi', 'state.json'));
    expect(state?.instances.one?.contents).toEqual({
      packages: [{ name: 'router', mode: 'link', source: router, target: '../../../src/router' }],
      cdbInit: [],
    });
  });

  it('keeps what the user put in the folders across renders', async () => {
    await makePackage('router');
    await writeSpec('    packages: [src/router]\n');
    await render();
    await writeFile(join(runDir(), 'scripts', 'command', 'mine.sh'), 'echo hi\n');
    await mkdir(join(runDir(), 'packages', 'handmade'));
    await render();
    expect(await readFile(join(runDir(), 'scripts', 'command', 'mine.sh'), 'utf8')).toBe('echo hi\n');
    expect((await lstat(join(runDir(), 'packages', 'handmade'))).isDirectory()).toBe(true);
  });

  it('copies packages with copyPackages, afresh on every render', async () => {
    const router = await makePackage('router', 'v1');
    await writeSpec('    copyPackages: true\n    packages: [src/router]\n');
    await render();
    const copy = join(runDir(), 'packages', 'router');
    expect((await lstat(copy)).isDirectory()).toBe(true);
    expect(await readFile(join(copy, 'python', 'main.py'), 'utf8')).toBe('v1\n');
    await writeFile(join(router, 'python', 'main.py'), 'v2\n');
    await render();
    expect(await readFile(join(copy, 'python', 'main.py'), 'utf8')).toBe('v2\n');
    expect((await readdir(join(runDir(), 'packages'))).sort()).toEqual(['router']);
  });

  it('unlinks a package the spec dropped, but keeps a folder of the user with a warning', async () => {
    const router = await makePackage('router');
    await makePackage('l3vpn');
    await writeSpec('    packages: [src/router, src/l3vpn]\n');
    await render();
    await writeSpec('    packages: [src/l3vpn]\n');
    await render();
    expect(await readdir(join(runDir(), 'packages'))).toEqual(['l3vpn']);
    // Removing the link removed the link only, not the package it pointed to.
    expect(await readFile(join(router, 'python', 'main.py'), 'utf8')).toBe('v1\n');
    await rm(join(runDir(), 'packages', 'l3vpn'));
    await mkdir(join(runDir(), 'packages', 'l3vpn'));
    await writeFile(join(runDir(), 'packages', 'l3vpn', 'keep.txt'), 'mine');
    const result = await render();
    expect(await readFile(join(runDir(), 'packages', 'l3vpn', 'keep.txt'), 'utf8')).toBe('mine');
    expect(result.notices.map((n) => n.message)).toContainEqual(
      expect.stringMatching(/^instance one: packages\/l3vpn is not a link or copy nso-multi made; kept it/),
    );
  });

  it('lets an instance list replace the one in defaults', async () => {
    const router = await makePackage('router');
    const l3vpn = await makePackage('l3vpn');
    await writeFile(
      join(dir.path, 'nso-multi.yaml'),
      `nso: { version: "6.2" }\nlayout: { base: ${BASE}, stride: 10 }\ndefaults: { packages: [src/router] }\ninstances:\n  - name: one\n  - name: two\n    packages: [src/l3vpn]\n`,
    );
    const result = await render();
    expect(result.plan.instances.map((i) => i.spec.packages)).toEqual([[router], [l3vpn]]);
    expect(await readdir(join(runDir('two'), 'packages'))).toEqual(['l3vpn']);
  });

  it('copies cdbInit files into ncs-cdb/, warns when a CDB is there, and drops a file the spec dropped', async () => {
    await mkdir(join(dir.path, 'init'));
    await writeFile(join(dir.path, 'init', 'users.xml'), '<config/>\n');
    await writeFile(join(dir.path, 'init', 'devices.xml'), '<config><d/></config>\n');
    await writeSpec('    cdbInit: [init/users.xml, init/devices.xml]\n');
    const first = await render();
    expect(first.notices).toEqual([]);
    expect(await readFile(join(runDir(), 'ncs-cdb', 'users.xml'), 'utf8')).toBe('<config/>\n');
    await writeFile(join(runDir(), 'ncs-cdb', 'A.cdb'), 'cdb');
    await writeSpec('    cdbInit: [init/users.xml]\n');
    const second = await render();
    expect(second.notices.map((n) => n.message)).toContain(
      'instance one: ncs-cdb/ already holds a CDB (A.cdb); NSO reads init files only into an empty CDB — remove ncs-cdb/*.cdb (or down --purge) to load them',
    );
    expect((await readdir(join(runDir(), 'ncs-cdb'))).sort()).toEqual(['A.cdb', 'users.xml']);
  });
});

describe('render: bad packages and init files', () => {
  it('reports each bad entry at its position and writes nothing', async () => {
    await mkdir(join(dir.path, 'src', 'not-a-package'), { recursive: true });
    await makePackage('router');
    await mkdir(join(dir.path, 'other', 'router'), { recursive: true });
    await writeFile(join(dir.path, 'other', 'router', 'package-meta-data.xml'), '<ncs-package/>');
    await writeSpec(
      '    packages: [src/missing, src/not-a-package, src/router, other/router]\n    cdbInit: [init/none.xml]\n',
    );
    const error = await errorOf(render());
    expect(error.code).toBe('SPEC_INVALID');
    expect(error.exitCode).toBe(2);
    expect(error.problems.map((p) => [p.path, p.line, p.col])).toEqual([
      ['instances.0.packages.0', 5, 16],
      ['instances.0.packages.1', 5, 29],
      ['instances.0.packages.3', 5, 60],
      ['instances.0.cdbInit.0', 6, 15],
    ]);
    expect(error.problems[0]?.message).toBe(
      `package folder ${resolve(dir.path, 'src/missing')} does not exist`,
    );
    expect(error.problems[1]?.fix).toMatch(/package-meta-data\.xml/);
    expect(error.problems[2]?.message).toMatch(/would both become packages\/router/);
    expect(await readdir(dir.path)).not.toContain('.nso-multi');
  });
});

describe('render: all or nothing', () => {
  async function twoRenders(failing: RenderSeams) {
    await makePackage('router');
    await makePackage('l3vpn');
    await writeSpec('    packages: [src/router]\n');
    await render();
    const before = await treeSnapshot(dir.path, skipLeases);
    await writeSpec('    copyPackages: true\n    packages: [src/l3vpn]\n');
    const error = await render(failing).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeDefined();
    const after = await treeSnapshot(dir.path, skipLeases);
    delete before['nso-multi.yaml'];
    delete after['nso-multi.yaml'];
    expect(after).toEqual(before);
  }

  it('leaves the previous packages, files and state when copying a package fails', async () => {
    await twoRenders({
      copyTree: async (_source, destination) => {
        await mkdir(destination);
        await writeFile(join(destination, 'half'), 'x');
        throw Object.assign(new Error('no space'), { code: 'ENOSPC' });
      },
    });
  });

  it('leaves the previous packages, files and state when moving an entry in place fails', async () => {
    const { lstat: realLstat, rename, rm: realRm } = await import('node:fs/promises');
    let renames = 0;
    await twoRenders({
      // The first rename puts the copy in place; the second, moving the dropped link aside, fails.
      swapFs: {
        lstat: realLstat,
        rm: realRm,
        rename: async (from, to) => {
          renames += 1;
          if (renames === 2) throw Object.assign(new Error('io'), { code: 'EIO' });
          await rename(from, to);
        },
      },
    });
    expect(renames).toBeGreaterThanOrEqual(3);
  });
});

describe('runDirContents', () => {
  it('drops recorded names that would lead out of packages/ or ncs-cdb/', () => {
    const record = {
      packages: [
        { name: '../../victim', mode: 'copy', source: '/x' },
        { name: '..', mode: 'link', source: '/x', target: '../x' },
        { name: 'router', mode: 'link', source: '/src/router', target: '../router' },
      ],
      cdbInit: ['../state.json', 'users.xml', 7],
    };
    expect(runDirContents(record)).toEqual({
      packages: [{ name: 'router', mode: 'link', source: '/src/router', target: '../router' }],
      cdbInit: ['users.xml'],
    });
  });
});
