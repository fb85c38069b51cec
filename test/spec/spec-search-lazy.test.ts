// The spec search loads cosmiconfig only for a .js/.mjs spec, and the yaml package only for a spec in text (YAML,
// JSON, package.json): run in a fresh process on dist/, where the modules a load pulled in can be counted.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli.js';
import { useTempDirs } from './temp-project.js';

const LOAD_SPEC = pathToFileURL(join(REPO_ROOT, 'dist', 'spec', 'load-spec.js')).href;

interface ChildLoad {
  file: string;
  names: string[];
  cosmiconfig: boolean;
  yaml: boolean;
}

// Loads the spec found from `cwd` in a new node process; tells what was found and whether cosmiconfig and the
// yaml package were loaded.
function loadInChild(cwd: string): Promise<ChildLoad> {
  const script = `
    import { createRequire } from 'node:module';
    const { loadSpec } = await import(${JSON.stringify(LOAD_SPEC)});
    const { spec } = await loadSpec({ cwd: process.cwd() });
    const result = { file: spec.file, names: spec.instances.map((i) => i.name) };
    const loaded = Object.keys(createRequire(import.meta.url).cache);
    console.log(JSON.stringify({
      ...result,
      cosmiconfig: loaded.some((f) => f.includes('/node_modules/cosmiconfig/')),
      yaml: loaded.some((f) => f.includes('/node_modules/yaml/')),
    }));`;
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--input-type=module', '-e', script],
      { cwd, timeout: 30_000 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`${error.message}\n${stderr}`));
        else resolve(JSON.parse(stdout));
      },
    );
  });
}

const pkg = JSON.stringify({ name: 'p' });

describe('the spec search loads cosmiconfig only for a module spec, yaml only for a text spec', () => {
  const tempDir = useTempDirs();

  it('finds a YAML spec in a parent folder without loading cosmiconfig', async () => {
    const root = await tempDir({
      'package.json': pkg,
      'nso-multi.yaml': 'instances: [{ name: y }]\n',
      'a/keep': '',
    });
    expect(await loadInChild(join(root, 'a'))).toEqual({
      file: join(root, 'nso-multi.yaml'),
      names: ['y'],
      cosmiconfig: false,
      yaml: true,
    });
  });

  it('finds a spec under the package.json key without loading cosmiconfig', async () => {
    const root = await tempDir({
      'package.json': JSON.stringify({ name: 'p', 'nso-multi': { instances: [{ name: 'k' }] } }),
    });
    expect(await loadInChild(root)).toEqual({
      file: join(root, 'package.json'),
      names: ['k'],
      cosmiconfig: false,
      yaml: true,
    });
  });

  it('finds and imports an .mjs spec through cosmiconfig', async () => {
    const root = await tempDir({
      'package.json': pkg,
      'nso-multi.config.mjs': 'export default { instances: [{ name: "m" }] };\n',
    });
    expect(await loadInChild(root)).toEqual({
      file: join(root, 'nso-multi.config.mjs'),
      names: ['m'],
      cosmiconfig: true,
      yaml: false,
    });
  });
});
