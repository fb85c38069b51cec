import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findSpecFile } from '../../src/spec/find-spec-file.js';
import { SEARCH_PLACES } from '../../src/spec/search-places.js';
import { specExplorer } from '../../src/spec/spec-explorer.js';
import { useTempDirs } from './temp-project.js';

const spec = 'instances:\n  - name: a\n';
const pkg = (extra: Record<string, unknown> = {}) => JSON.stringify({ name: 'p', ...extra });

// Both finders must agree; returns what they found relative to `root` (undefined when nothing).
async function findBoth(root: string, from: string): Promise<string | undefined> {
  const cwd = join(root, from);
  const light = await findSpecFile(cwd);
  const cosmic = (await specExplorer().search(cwd))?.filepath;
  expect(light).toBe(cosmic);
  return light === undefined ? undefined : light.slice(root.length + 1);
}

describe('findSpecFile agrees with the cosmiconfig search', () => {
  const tempDir = useTempDirs();

  it('finds nso-multi.yaml in cwd', async () => {
    const root = await tempDir({ 'package.json': pkg(), 'nso-multi.yaml': spec });
    expect(await findBoth(root, '')).toBe('nso-multi.yaml');
  });

  it('finds a spec in a parent folder', async () => {
    const root = await tempDir({ 'package.json': pkg(), '.nso-multirc.yml': spec, 'a/b/keep': '' });
    expect(await findBoth(root, 'a/b')).toBe('.nso-multirc.yml');
  });

  it('prefers the nearest folder over the search order', async () => {
    const root = await tempDir({ 'package.json': pkg(), 'nso-multi.yaml': spec, 'a/.nso-multirc': spec });
    expect(await findBoth(root, 'a')).toBe('a/.nso-multirc');
  });

  it('takes a package.json with the nso-multi key first', async () => {
    const root = await tempDir({
      'package.json': pkg({ 'nso-multi': { instances: [] } }),
      'nso-multi.yaml': spec,
    });
    expect(await findBoth(root, '')).toBe('package.json');
  });

  it('skips a package.json without the key, and one that is not JSON', async () => {
    const root = await tempDir({ 'package.json': pkg(), 'nso-multi.config.mjs': 'export default {};\n' });
    expect(await findBoth(root, '')).toBe('nso-multi.config.mjs');
    const broken = await tempDir({ 'package.json': '{ nope', 'nso-multi.yml': spec });
    expect(await findBoth(broken, '')).toBe('nso-multi.yml');
  });

  it('follows the search order within one folder', async () => {
    const files = Object.fromEntries(SEARCH_PLACES.filter((p) => p !== 'package.json').map((p) => [p, spec]));
    const root = await tempDir({ 'package.json': pkg(), ...files });
    expect(await findBoth(root, '')).toBe('nso-multi.yaml');
  });

  it('counts an empty spec file (reported later as a problem)', async () => {
    const root = await tempDir({ 'package.json': pkg(), 'nso-multi.yaml': '', 'a/.nso-multirc.json': '' });
    expect(await findBoth(root, '')).toBe('nso-multi.yaml');
    expect(await findBoth(root, 'a')).toBe('a/.nso-multirc.json');
  });

  it('stops at the project root, the first folder with a package.json, which is searched', async () => {
    const root = await tempDir({ 'nso-multi.yaml': spec, 'proj/package.json': pkg(), 'proj/sub/keep': '' });
    expect(await findBoth(root, 'proj/sub')).toBeUndefined();
    expect(await findBoth(root, 'proj')).toBeUndefined();
  });

  it('searches above folders without package.json', async () => {
    const root = await tempDir({ 'nso-multi.yml': spec, 'x/y/z/keep': '' });
    expect(await findBoth(root, 'x/y/z')).toBe('nso-multi.yml');
  });

  it('skips a folder named like a spec file', async () => {
    const root = await tempDir({
      'package.json': pkg(),
      'nso-multi.yaml/keep': '',
      '.nso-multirc.yaml': spec,
    });
    expect(await findBoth(root, '')).toBe('.nso-multirc.yaml');
  });
});
