import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PortProbe } from '../../src/model.js';
import { plan } from '../../src/project/prepare-plan.js';
import { loadSpec } from '../../src/spec/load-spec.js';
import { fakeGroups, listTree, problemLines, useTempDirs } from './temp-project.js';

const NS = 'xmlns="http://tail-f.com/yang/tailf-ncs-config"';
const freeProbe: PortProbe = { probe: async () => 'free' };

describe('templates are checked the way render uses them, at load time', () => {
  const tempDir = useTempDirs();

  it('reports an element render would have to edit but that appears twice, at `template`', async () => {
    const root = await tempDir({
      'package.json': '{}',
      'nso-multi.yaml': 'instances:\n  - name: a\n    template: t.xml\n',
      't.xml': `<ncs-config ${NS}>\n  <cli/>\n  <cli/>\n</ncs-config>\n`,
    });
    expect(await problemLines(loadSpec({ cwd: root, lookupGroup: fakeGroups }))).toEqual([
      `nso-multi.yaml:3:5: instances.0.template: template ${join(root, 't.xml')}:3:3: <cli> appears more than once in /ncs-config — keep a single <cli> element there`,
    ]);
  });

  it('accepts a minimal template in the NSO namespace', async () => {
    const root = await tempDir({
      'package.json': '{}',
      'nso-multi.yaml': 'instances:\n  - name: a\n    template: t.xml\n',
      't.xml': `<ncs-config ${NS}/>\n`,
    });
    await expect(loadSpec({ cwd: root, lookupGroup: fakeGroups })).resolves.toBeDefined();
  });
});

describe('folders are checked only when the caller writes them', () => {
  const tempDir = useTempDirs();
  const blocked = { 'package.json': '{}', 'nso-multi.yaml': 'instances: [{ name: a }]\n', '.nso-multi': '' };

  it('loadSpec leaves them alone by default (doctor judges folders itself)', async () => {
    const root = await tempDir(blocked);
    await expect(loadSpec({ cwd: root, lookupGroup: fakeGroups })).resolves.toBeDefined();
  });

  it('names the default workdir when the spec does not set one', async () => {
    const root = await tempDir(blocked);
    expect(await problemLines(loadSpec({ cwd: root, lookupGroup: fakeGroups, checkFolders: true }))).toEqual([
      `nso-multi.yaml:1:1: the default workdir ${join(root, '.nso-multi')} is a file, not a folder — move the file away, or set \`workdir\` to a folder you can write`,
    ]);
  });

  it('plan checks them, except where the caller overrides workdir and envDir', async () => {
    const root = await tempDir({
      ...blocked,
      'nso-multi.yaml': 'nso: { version: "6.2" }\nlayout: { base: 32100 }\ninstances: [{ name: a }]\n',
    });
    const options = {
      cwd: root,
      leaseDir: join(root, 'leases'),
      probe: freeProbe,
      ephemeral: { low: 40000, high: 60999 },
    };
    await expect(plan(options)).rejects.toMatchObject({ code: 'SPEC_INVALID' });
    const before = await listTree(root);
    const { plan: planned } = await plan({ ...options, workdir: 'elsewhere', envDir: 'elsewhere' });
    expect(planned.workdir).toBe(join(root, 'elsewhere'));
    expect(await listTree(root)).toEqual(before);
  });
});
