// `nso-multi reload` without NSO: --build runs make once per package folder (real make on Makefiles the test
// writes), a failed build shows make's output and reloads nothing, and instances that cannot reload (stopped, or
// on the simulator, which loads no packages) are reported as skipped. The reloads themselves run on real NSO in
// test/real-nso/reload.test.ts.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';
import { stopProject } from '../helpers/project-cleanup.js';

// Ports of this file: 31900-31999.
const SPEC = `project: reload-lab
layout: { base: 31900, stride: 10 }
instances:
  - name: one
    packages: [pkgs/shared, pkgs/own]
  - name: two
    packages: [pkgs/shared]
`;

let dir: { path: string; remove: () => Promise<void> };
beforeEach(async () => {
  dir = await tempDir('nso-multi-reload-');
  await writeFile(join(dir.path, 'nso-multi.yaml'), SPEC);
  for (const name of ['shared', 'own'])
    await makePackage(name, 'echo built >> ../../../builds-$(notdir $(abspath ..))');
});
afterEach(async () => {
  await stopProject(dir.path);
  await dir.remove();
});

const cli = (args: string[]) =>
  runCli(args, dir.path, { NSO_MULTI_LEASE_DIR: join(dir.path, 'leases') }, 60_000);

// A package folder with package-meta-data.xml and a src/Makefile whose `all` runs `recipe`.
async function makePackage(name: string, recipe: string): Promise<void> {
  const folder = join(dir.path, 'pkgs', name);
  await mkdir(join(folder, 'src'), { recursive: true });
  await writeFile(
    join(folder, 'package-meta-data.xml'),
    `<ncs-package xmlns="http://tail-f.com/ns/ncs-packages"><name>${name}</name><package-version>1.0</package-version><ncs-min-version>6.0</ncs-min-version></ncs-package>\n`,
  );
  await writeFile(join(folder, 'src', 'Makefile'), `all:\n\t${recipe}\n`);
}

const builds = (name: string) =>
  readFile(join(dir.path, `builds-${name}`), 'utf8').then(
    (text) => text.split('\n').filter(Boolean).length,
    () => 0,
  );

describe('nso-multi reload', () => {
  it('builds each package folder once, even when several instances share it, then reports what it could not reload', async () => {
    const reload = await cli(['reload', '--build']);
    expect(reload.code, reload.stderr).toBe(0);
    expect(await builds('shared')).toBe(1);
    expect(await builds('own')).toBe(1);
    expect(reload.stderr).toContain('✔ shared: built');
    expect(reload.stderr).toContain('↓ one: not running');
    expect(reload.stderr).toContain('↓ two: not running');
    // The packages are in place, as render puts them.
    expect(
      await readFile(join(dir.path, '.nso-multi', 'one', 'packages', 'own', 'package-meta-data.xml'), 'utf8'),
    ).toContain('<name>own</name>');
  });

  it("a failed build shows make's output, exits 1 and reloads nothing", async () => {
    await makePackage('own', 'echo "yang/own.yang:3:1: error: trailing garbage" >&2; exit 3');
    const reload = await cli(['reload', '--build', 'one']);
    expect(reload.code).toBe(1);
    expect(reload.stderr).toContain('✖ own: build failed (exit 2)');
    expect(reload.stderr).toContain('yang/own.yang:3:1: error: trailing garbage');
    expect(reload.stderr).toMatch(/pkgs\/own: make -C src failed \(exit 2\)/);
    expect(reload.stderr).not.toContain('packages reload');
    expect(reload.stderr).not.toMatch(/at .*\.js:\d+/);
    // Nothing was rendered either: no run dir yet.
    const state = await readFile(join(dir.path, '.nso-multi', 'state.json'), 'utf8').catch(() => 'absent');
    expect(state).toBe('absent');
  });

  it('the simulator loads no packages: its running instances are skipped, saying so', async () => {
    const up = await cli(['up', '--sim']);
    expect(up.code, up.stderr).toBe(0);
    const reload = await cli(['reload', '--json']);
    expect(reload.code, reload.stderr).toBe(0);
    expect(reload.stderr).toContain('↓ one: runs on the simulator, which loads no packages');
    const doc = JSON.parse(reload.stdout) as { outcomes: { instance: string; result: string }[] };
    expect(doc.outcomes.map((o) => [o.instance, o.result]).sort()).toEqual([
      ['one', 'skipped'],
      ['two', 'skipped'],
    ]);
  });

  it('refuses a name the spec does not have, with exit 2', async () => {
    const reload = await cli(['reload', 'three']);
    expect(reload.code).toBe(2);
    expect(reload.stderr).toMatch(/three/);
  });
});
