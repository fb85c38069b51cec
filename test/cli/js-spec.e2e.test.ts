// A spec written in JavaScript, through the built CLI: the spec finder imports it for its workdir, and
// cosmiconfig loads it for the full spec; a module that fails to load is reported with its own error.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';

let dir: { path: string; remove: () => Promise<void> };
beforeEach(async () => {
  dir = await tempDir('nso-multi-js-spec-');
});
afterEach(async () => {
  await dir.remove();
});

describe('a spec written in JavaScript', () => {
  it('renders, and env finds its state in the workdir it names', async () => {
    await writeFile(
      join(dir.path, 'nso-multi.config.mjs'),
      "export default { workdir: 'wd', layout: { base: 25500, stride: 10 }, instances: [{ name: 'a' }] };\n",
    );
    expect((await runCli(['render'], dir.path)).code).toBe(0);
    const result = await runCli(['env', 'a', '--format', 'json'], dir.path);
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout).NSO_MULTI_RUN_DIR).toBe(join(dir.path, 'wd', 'a'));
  });

  it.each([
    ['nso-multi.config.mjs', 'throw new Error("boom");\n', 'boom'],
    ['nso-multi.config.js', 'module.exports = { instances: [ };\n', "Unexpected token '}'"],
  ])('reports %s that fails to load with its own error', async (name, text, error) => {
    await writeFile(join(dir.path, name), text);
    const result = await runCli(['plan'], dir.path);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      `${name}: the module failed to load: ${error} — fix the error in this module`,
    );
  });
});
