// The ncs-setup layout end to end: a bad package path fails with its position, `up --sim` runs instances with
// packages and init files, and `down --purge` removes the links without touching the package sources.
import { lstat, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';
import { cleanUpProject } from '../helpers/project-cleanup.js';
import { treeSnapshot } from '../host/tree-snapshot.js';

const BASE = 19300;

let dir: { path: string; remove: () => Promise<void> };
const env = () => ({ NSO_MULTI_LEASE_DIR: join(dir.path, 'leases') });

beforeEach(async () => {
  dir = await tempDir('nso-multi-layout-e2e-');
});

// Whatever a test left running: `down`, then SIGKILL to every recorded daemon group.
afterEach(async () => {
  await cleanUpProject(dir, { env: env() });
});

async function makePackage(name: string): Promise<void> {
  const path = join(dir.path, 'pkgs', name);
  await mkdir(join(path, 'src'), { recursive: true });
  await writeFile(join(path, 'package-meta-data.xml'), `<ncs-package><name>${name}</name></ncs-package>\n`);
  await writeFile(join(path, 'src', 'Makefile'), 'all:\n');
}

describe('nso-multi with packages and cdbInit', () => {
  it('refuses a package folder that is not a package, with its position, and writes nothing', async () => {
    await mkdir(join(dir.path, 'pkgs', 'empty'), { recursive: true });
    await writeFile(
      join(dir.path, 'nso-multi.yaml'),
      `layout: { base: ${BASE}, stride: 10 }\ninstances:\n  - name: one\n    packages:\n      - pkgs/empty\n`,
    );
    const result = await runCli(['render'], dir.path, env());
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      `nso-multi.yaml:5:9: instances.0.packages.0: package folder ${join(dir.path, 'pkgs', 'empty')} holds no package-meta-data.xml`,
    );
    expect(await readdir(dir.path)).toEqual(['nso-multi.yaml', 'pkgs']);
  });

  it('runs on the simulator with linked and copied packages, and down --purge leaves the sources intact', async () => {
    await makePackage('router');
    await makePackage('l3vpn');
    await mkdir(join(dir.path, 'init'));
    await writeFile(join(dir.path, 'init', 'aaa.xml'), '<config xmlns="http://tail-f.com/ns/config/1.0"/>\n');
    await writeFile(
      join(dir.path, 'nso-multi.yaml'),
      `nso: { version: "6.2" }
layout: { base: ${BASE}, stride: 10 }
defaults:
  packages: [pkgs/router, pkgs/l3vpn]
  cdbInit: [init/aaa.xml]
instances:
  - name: one
  - name: two
    copyPackages: true
`,
    );
    const sources = await treeSnapshot(join(dir.path, 'pkgs'));
    const plan = await runCli(['plan', '--json'], dir.path, env());
    expect(plan.stderr).toBe('');
    const doc = JSON.parse(plan.stdout);
    expect(doc.instances[1].packages).toEqual([
      { name: 'router', source: join(dir.path, 'pkgs', 'router'), mode: 'copy' },
      { name: 'l3vpn', source: join(dir.path, 'pkgs', 'l3vpn'), mode: 'copy' },
    ]);
    expect(doc.instances[0].cdbInit).toEqual([join(dir.path, 'init', 'aaa.xml')]);

    const up = await runCli(['up', '--sim'], dir.path, env());
    expect(up.code, up.stderr).toBe(0);
    const one = join(dir.path, '.nso-multi', 'one');
    const two = join(dir.path, '.nso-multi', 'two');
    expect((await lstat(join(one, 'packages', 'router'))).isSymbolicLink()).toBe(true);
    expect((await lstat(join(two, 'packages', 'router'))).isDirectory()).toBe(true);
    expect(await readFile(join(two, 'ncs-cdb', 'aaa.xml'), 'utf8')).toContain('<config');

    const down = await runCli(['down', '--purge'], dir.path, env());
    expect(down.code, down.stderr).toBe(0);
    expect(await readdir(dir.path)).not.toContain('.nso-multi');
    expect(await treeSnapshot(join(dir.path, 'pkgs'))).toEqual(sources);
    expect(Object.keys(sources)).toContain('router/src/Makefile');
  });
});
