// The `packages`/`cdbInit` rules: each problem at the list entry that causes it, once when it comes from defaults.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NsoMultiError } from '../../src/errors.js';
import { loadSpec } from '../../src/spec/load-spec.js';
import { tempDir } from '../helpers/cli.js';

let dir: { path: string; remove: () => Promise<void> };
beforeEach(async () => {
  dir = await tempDir('nso-multi-layout-rules-');
});
afterEach(async () => {
  await dir.remove();
});

async function problems(yaml: string, checkFolders = true): Promise<string[]> {
  await writeFile(join(dir.path, 'nso-multi.yaml'), yaml);
  try {
    await loadSpec({ cwd: dir.path, checkFolders });
    return [];
  } catch (error) {
    if (!(error instanceof NsoMultiError)) throw error;
    return error.problems.map((p) => `${p.line}:${p.col} ${p.path}: ${p.message}`);
  }
}

describe('packages and cdbInit rules', () => {
  it('reports a missing package named in defaults once, at defaults, for every instance using it', async () => {
    expect(await problems('defaults:\n  packages: [gone]\ninstances:\n  - name: a\n  - name: b\n')).toEqual([
      `2:14 defaults.packages.0: package folder ${join(dir.path, 'gone')} does not exist`,
    ]);
  });

  it('checks paths only where render runs: a missing package does not stop down or status', async () => {
    expect(await problems('instances:\n  - name: a\n    packages: [gone]\n', false)).toEqual([]);
  });

  it('refuses an init file NSO would skip and a folder given as init file', async () => {
    await mkdir(join(dir.path, 'init'));
    await writeFile(join(dir.path, 'init', 'users.txt'), '<config/>');
    expect(await problems('instances:\n  - name: a\n    cdbInit: [init/users.txt, init]\n')).toEqual([
      `3:15 instances.0.cdbInit.0: ${join(dir.path, 'init', 'users.txt')} does not end in .xml: NSO loads only *.xml files from ncs-cdb/`,
      `3:31 instances.0.cdbInit.1: ${join(dir.path, 'init')} does not end in .xml: NSO loads only *.xml files from ncs-cdb/`,
      `3:31 instances.0.cdbInit.1: CDB init file ${join(dir.path, 'init')} is a folder, not a file`,
    ]);
  });

  it('gives a list where a single path was written', async () => {
    await writeFile(join(dir.path, 'nso-multi.yaml'), 'instances:\n  - name: a\n    packages: pkgs/router\n');
    const error = await loadSpec({ cwd: dir.path }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NsoMultiError);
    expect((error as NsoMultiError).problems[0]?.fix).toBe('write a list: `packages: ["pkgs/router"]`');
  });
});
