// A second render of an unchanged project leaves every instance file as it was (no rewrite, no fsync) and
// rewrites only the state file; a changed spec replaces exactly the files whose text changed.
import { chmod, lstat, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PortProbe } from '../../src/model.js';
import { renderWith } from '../../src/project/render.js';
import { tempDir } from '../helpers/cli.js';

const BASE = 19500;
const free: PortProbe = { probe: async () => 'free' };

let dir: { path: string; remove: () => Promise<void> };
beforeEach(async () => {
  dir = await tempDir('nso-multi-unchanged-');
});
afterEach(async () => {
  await dir.remove();
});

async function writeSpec(pinOne = ''): Promise<void> {
  await writeFile(
    join(dir.path, 'nso-multi.yaml'),
    `nso: { version: "6.2" }\nlayout: { base: ${BASE}, stride: 10 }\ninstances:\n  - name: one\n${pinOne}  - name: two\n`,
  );
}

function render(strict = false) {
  return renderWith({ cwd: dir.path, probe: free, leaseDir: join(dir.path, 'leases'), strict }, {});
}

/** The files render writes for `name`, by what they are. */
function filesOf(name: string): { ncsConf: string; envFile: string; secret: string } {
  const runDir = join(dir.path, '.nso-multi', name);
  return {
    ncsConf: join(runDir, 'ncs.conf'),
    envFile: join(dir.path, `.env.${name}`),
    secret: join(runDir, 'ipc_access'),
  };
}

const stateFile = () => join(dir.path, '.nso-multi', 'state.json');

/** Inode and mtime of each file: a rename gives a new inode, a write a new mtime. */
async function identities(paths: Record<string, string>): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [what, path] of Object.entries(paths)) {
    const stats = await lstat(path, { bigint: true });
    out[what] = `${stats.ino}@${stats.mtimeNs}`;
  }
  return out;
}

describe('render of an unchanged project', () => {
  it('leaves ncs.conf, the env file and the secret untouched and rewrites only the state file', async () => {
    await writeSpec();
    await render();
    const before = { one: await identities(filesOf('one')), two: await identities(filesOf('two')) };
    const stateBefore = await lstat(stateFile(), { bigint: true });
    const texts = await readFile(filesOf('one').ncsConf, 'utf8');
    await render();
    expect({ one: await identities(filesOf('one')), two: await identities(filesOf('two')) }).toEqual(before);
    expect(await readFile(filesOf('one').ncsConf, 'utf8')).toBe(texts);
    expect((await lstat(stateFile(), { bigint: true })).ino).not.toBe(stateBefore.ino);
  });

  it('replaces the files a changed port pin changes, and only those', async () => {
    await writeSpec();
    await render();
    const one = await identities(filesOf('one'));
    const two = await identities(filesOf('two'));
    await writeSpec(`    ports: { ipc: ${BASE + 95} }\n`);
    await render();
    const after = await identities(filesOf('one'));
    expect(after.ncsConf).not.toBe(one.ncsConf);
    expect(after.envFile).not.toBe(one.envFile);
    expect(after.secret).toBe(one.secret);
    expect(await readFile(filesOf('one').ncsConf, 'utf8')).toContain(`<port>${BASE + 95}</port>`);
    expect(await readFile(filesOf('one').envFile, 'utf8')).toContain(String(BASE + 95));
    expect((await lstat(filesOf('one').ncsConf)).mode & 0o7777).toBe(0o644);
    expect((await lstat(filesOf('one').envFile)).mode & 0o7777).toBe(0o644);
    expect(await identities(filesOf('two'))).toEqual(two);
  });

  it('still corrects a secret whose mode is wrong, with a warning, keeping the secret', async () => {
    await writeSpec();
    await render();
    const { secret } = filesOf('one');
    const text = await readFile(secret, 'utf8');
    await chmod(secret, 0o644);
    await expect(render(true)).rejects.toMatchObject({ code: 'UNSAFE_PATH' });
    expect((await lstat(secret)).mode & 0o7777).toBe(0o644);
    const result = await render();
    expect((await lstat(secret)).mode & 0o7777).toBe(0o400);
    expect(await readFile(secret, 'utf8')).toBe(text);
    expect(result.notices).toContainEqual(
      expect.objectContaining({
        level: 'warning',
        instance: 'one',
        message: `${secret}: corrected mode 0644 → 0400`,
      }),
    );
  });
});
