import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundledTemplatePath } from '../../src/spec/bundled-template.js';
import { loadSpec } from '../../src/spec/load-spec.js';
import { failure, fakeGroups, listTree, problemLines, useTempDirs } from './temp-project.js';

const pkg = JSON.stringify({ name: 'p' });

describe('loadSpec: a valid spec', () => {
  const tempDir = useTempDirs();

  it('applies every default and makes paths absolute', async () => {
    const root = await tempDir({ 'package.json': pkg, 'nso-multi.yaml': 'instances:\n  - name: one\n' });
    const { spec } = await loadSpec({ cwd: root, lookupGroup: fakeGroups });
    expect(spec).toEqual({
      file: join(root, 'nso-multi.yaml'),
      dir: root,
      project: expect.stringMatching(/^nso-multi-spec-/),
      workdir: join(root, '.nso-multi'),
      envDir: root,
      nso: {},
      ncs: {},
      layout: { base: 20000, stride: 10 },
      instances: [
        {
          name: 'one',
          template: bundledTemplatePath(),
          ports: {},
          ipc: { address: '127.0.0.1', accessCheck: { enabled: true, mode: '0400' } },
          netconf: { ssh: true, tcp: true, address: '127.0.0.1' },
          cli: { ssh: true, address: '127.0.0.1' },
        },
      ],
    });
  });

  it('deep-merges defaults under every instance; the instance wins', async () => {
    const root = await tempDir({
      'package.json': pkg,
      'conf/base.xml': '<ncs-config xmlns="http://tail-f.com/yang/tailf-ncs-config"/>',
      'conf/other.xml': '<ncs-config xmlns="http://tail-f.com/yang/tailf-ncs-config"/>',
      'lab/nso-multi.yaml': [
        'project: my.lab',
        'workdir: ../run',
        'envDir: env',
        'nso: { version: "6.4.1" }',
        'layout: { base: 23000, stride: 8 }',
        'defaults:',
        '  template: ../conf/base.xml',
        '  netconf: { tcp: false, address: "::1" }',
        '  ipc: { accessCheck: { mode: "040", group: ncsadmin } }',
        'instances:',
        '  - name: a',
        '  - name: b',
        '    template: ../conf/other.xml',
        '    netconf: { tcp: true }',
        '    ports: { ipc: 21001 }',
        '    ipc: { accessCheck: { group: 4242 } }',
        '',
      ].join('\n'),
    });
    const { spec } = await loadSpec({ cwd: join(root, 'lab'), lookupGroup: fakeGroups });
    expect(spec.project).toBe('my.lab');
    expect(spec.workdir).toBe(join(root, 'run'));
    expect(spec.envDir).toBe(join(root, 'lab', 'env'));
    expect(spec.nso).toEqual({ version: '6.4.1' });
    expect(spec.layout).toEqual({ base: 23000, stride: 8 });
    const [a, b] = spec.instances;
    expect(a).toMatchObject({
      template: join(root, 'conf/base.xml'),
      ports: {},
      netconf: { ssh: true, tcp: false, address: '::1' },
      ipc: { address: '127.0.0.1', accessCheck: { enabled: true, mode: '040', group: 'ncsadmin' } },
    });
    expect(b).toMatchObject({
      template: join(root, 'conf/other.xml'),
      ports: { ipc: 21001 },
      netconf: { ssh: true, tcp: true, address: '::1' },
      ipc: { accessCheck: { enabled: true, mode: '040', group: 4242 } },
    });
  });

  it('locates keys of the loaded spec', async () => {
    const root = await tempDir({
      'package.json': pkg,
      'nso-multi.yaml': 'instances:\n  - name: a\n  - name: b\n    ports:\n      ipc: 21001\n',
    });
    const { locate } = await loadSpec({ cwd: root, lookupGroup: fakeGroups });
    expect(await locate(['instances', 1, 'ports', 'ipc'])).toEqual({ line: 5, col: 7 });
    expect(await locate(['instances', 1])).toEqual({ line: 3, col: 5 });
  });

  it('derives the project from the folder name, reduced to allowed characters', async () => {
    const root = await tempDir({
      'my lab!/package.json': pkg,
      'my lab!/nso-multi.yaml': 'instances: [{ name: a }]\n',
    });
    const { spec } = await loadSpec({ cwd: join(root, 'my lab!'), lookupGroup: fakeGroups });
    expect(spec.project).toBe('my-lab-');
  });

  it('writes nothing, not even on failure', async () => {
    const root = await tempDir({
      'package.json': pkg,
      'nso-multi.yaml': 'instances: [{ name: a }]\n',
      'bad.yaml': 'x: 1\n',
    });
    const before = await listTree(root);
    await loadSpec({ cwd: root, lookupGroup: fakeGroups });
    await failure(loadSpec({ cwd: root, config: 'bad.yaml', lookupGroup: fakeGroups }));
    expect(await listTree(root)).toEqual(before);
  });

  it('loads the example spec at the repository root without problems', async () => {
    const file = join(import.meta.dirname, '../../instances.example.yaml');
    expect((await readFile(file, 'utf8')).split('\n')[0]).toBe(
      '# yaml-language-server: $schema=./schema/nso-multi.schema.json',
    );
    const { spec } = await loadSpec({ config: file, lookupGroup: fakeGroups });
    expect(spec.instances.map((i) => i.name)).toEqual(['instance1', 'instance2', 'instance3']);
  });
});

describe('loadSpec: finding the file', () => {
  const tempDir = useTempDirs();

  it('uses -c relative to cwd, even outside the search places', async () => {
    const root = await tempDir({ 'package.json': pkg, 'specs/lab.yaml': 'instances: [{ name: given }]\n' });
    const { spec } = await loadSpec({ cwd: root, config: 'specs/lab.yaml', lookupGroup: fakeGroups });
    expect(spec.file).toBe(join(root, 'specs/lab.yaml'));
    expect(spec.dir).toBe(join(root, 'specs'));
  });

  it('reports a -c file that does not exist as SPEC_NOT_FOUND naming it', async () => {
    const root = await tempDir({ 'package.json': pkg });
    const error = await failure(loadSpec({ cwd: root, config: 'nope.yaml' }));
    expect(error.code).toBe('SPEC_NOT_FOUND');
    expect(error.message).toBe('spec file nope.yaml does not exist');
    expect(error.exitCode).toBe(2);
  });

  it('reports a missing .mjs spec and a folder given with -c as SPEC_NOT_FOUND', async () => {
    const root = await tempDir({ 'package.json': pkg, 'specs/keep': '' });
    await expect(loadSpec({ cwd: root, config: 'gone.mjs' })).rejects.toMatchObject({
      code: 'SPEC_NOT_FOUND',
      message: 'spec file gone.mjs does not exist',
    });
    await expect(loadSpec({ cwd: root, config: 'specs' })).rejects.toMatchObject({
      code: 'SPEC_NOT_FOUND',
      message: 'spec file specs is a folder',
    });
  });

  it('reports no spec found with a hint', async () => {
    const root = await tempDir({ 'package.json': pkg });
    const error = await failure(loadSpec({ cwd: root }));
    expect(error.code).toBe('SPEC_NOT_FOUND');
    expect(error.hint).toMatch(/create nso-multi\.yaml.*instances\.example\.yaml.*-c FILE/);
  });

  it('finds the spec upwards but not above the project root', async () => {
    const root = await tempDir({
      'nso-multi.yaml': 'instances: [{ name: outside }]\n',
      'proj/package.json': pkg,
      'proj/a/b/keep': '',
    });
    expect((await failure(loadSpec({ cwd: join(root, 'proj/a/b') }))).code).toBe('SPEC_NOT_FOUND');
    await writeFile(join(root, 'proj/.nso-multirc'), 'instances: [{ name: inside }]\n');
    const { spec } = await loadSpec({ cwd: join(root, 'proj/a/b'), lookupGroup: fakeGroups });
    expect(spec.instances[0]?.name).toBe('inside');
    expect(spec.dir).toBe(join(root, 'proj'));
  });

  it('reads the spec under the package.json key, with positions inside it', async () => {
    const text =
      '{\n  "name": "p",\n  "nso-multi": {\n    "instances": [{ "name": "a", "portz": 1 }]\n  }\n}\n';
    const root = await tempDir({ 'package.json': text });
    expect(await problemLines(loadSpec({ cwd: root }))).toEqual([
      'package.json:4:34: instances.0.portz: unknown key `portz` — did you mean `ports`?',
    ]);
    await writeFile(join(root, 'package.json'), text.replace(', "portz": 1', ''));
    const { spec, locate } = await loadSpec({ cwd: root, lookupGroup: fakeGroups });
    expect(spec.file).toBe(join(root, 'package.json'));
    expect(await locate(['instances', 0, 'name'])).toEqual({ line: 4, col: 21 });
  });

  it('reports a package.json given with -c that has no nso-multi key', async () => {
    const root = await tempDir({ 'package.json': pkg });
    expect(await problemLines(loadSpec({ cwd: root, config: 'package.json' }))).toEqual([
      'package.json:1:1: package.json has no `nso-multi` key — put the spec under "nso-multi", or pass a YAML spec with -c',
    ]);
  });

  it('loads an .mjs spec found by the search; its problems have no position', async () => {
    const root = await tempDir({
      'package.json': pkg,
      'nso-multi.config.mjs': 'export default { instances: [{ name: "m", ports: { ipc: 21001 } }] };\n',
    });
    const { spec, locate } = await loadSpec({ cwd: root, lookupGroup: fakeGroups });
    expect(spec.instances[0]).toMatchObject({ name: 'm', ports: { ipc: 21001 } });
    expect(await locate(['instances', 0])).toBeUndefined();
    const bad = await tempDir({
      'package.json': pkg,
      'lab.mjs': 'export default { instances: [{ name: "m", extra: 1 }] };\n',
    });
    expect(await problemLines(loadSpec({ cwd: bad, config: 'lab.mjs' }))).toEqual([
      'lab.mjs: instances.0.extra: unknown key `extra` — remove it; known keys here: `name`, `template`, `ports`, `ipc`, `netconf`, `cli`, `webui`, `restconf`, `callHome`, `ha`, `haRaft`, `snmp`, `ssh`, `container`, `packages`, `copyPackages`, `cdbInit`, `netsim`, `dependsOn`, `lsa`',
    ]);
  });

  it('reports an .mjs spec that throws while loading as a problem', async () => {
    const root = await tempDir({ 'package.json': pkg, 'nso-multi.config.mjs': 'throw new Error("boom");\n' });
    expect(await problemLines(loadSpec({ cwd: root }))).toEqual([
      'nso-multi.config.mjs: the module failed to load: boom — fix the error in this module',
    ]);
  });

  it('reports empty spec files, found or given', async () => {
    const root = await tempDir({ 'package.json': pkg, 'nso-multi.yaml': '# nothing yet\n', 'e.mjs': '' });
    const fix = 'add an `instances:` list; see instances.example.yaml';
    expect(await problemLines(loadSpec({ cwd: root }))).toEqual([
      `nso-multi.yaml:1:1: the spec is empty — ${fix}`,
    ]);
    expect(await problemLines(loadSpec({ cwd: root, config: 'e.mjs' }))).toEqual([
      `e.mjs: the spec is empty — ${fix}`,
    ]);
  });

  it('names a spec outside cwd by its absolute path', async () => {
    const root = await tempDir({ 'package.json': pkg, 'nso-multi.yaml': 'instances: []\n', 'sub/keep': '' });
    const error = await failure(loadSpec({ cwd: join(root, 'sub') }));
    expect(error.message).toBe(`1 problem in ${join(root, 'nso-multi.yaml')}`);
    expect(error.problems[0]?.file).toBe(join(root, 'nso-multi.yaml'));
  });
});

describe('loadSpec: ncs.command', () => {
  it('keeps `sim` and command names, and resolves a path against the spec folder', async () => {
    const { mkdtemp, rm, writeFile } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = await mkdtemp(join(tmpdir(), 'nso-multi-ncs-'));
    try {
      for (const [command, expected] of [
        ['sim', 'sim'],
        ['ncs', 'ncs'],
        ['./nso/bin/ncs', join(dir, 'nso', 'bin', 'ncs')],
      ]) {
        await writeFile(
          join(dir, 'nso-multi.yaml'),
          `ncs: { command: "${command}" }\ninstances: [{ name: a }]\n`,
        );
        const { spec } = await loadSpec({ cwd: dir });
        expect(spec.ncs).toEqual({ command: expected });
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
