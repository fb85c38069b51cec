import { chmod, lstat, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readGroups } from '../../src/host/groups.js';
import { ensureSecretFile } from '../../src/host/secret-file.js';

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nso-multi-strict-'));
  file = join(dir, 'ipc_access');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const modeOf = async (path: string) => (await lstat(path)).mode & 0o7777;

describe('ensureSecretFile with strict', () => {
  it.each([0o644, 0o440, 0o404, 0o600, 0o4400])(
    'refuses mode %o (wider than 0400) naming file and mode, and changes nothing',
    async (mode) => {
      await ensureSecretFile(file, { mode: '0400' });
      const secret = await readFile(file, 'utf8');
      await chmod(file, mode);
      const failure = ensureSecretFile(file, { mode: '0400', strict: true });
      await expect(failure).rejects.toMatchObject({ code: 'UNSAFE_PATH', exitCode: 2 });
      await expect(failure).rejects.toThrow(
        `Secret file ${file} has mode 0${mode.toString(8)}, wider than the mode 0400 the spec asks; nothing was changed (--strict)`,
      );
      await expect(failure).rejects.toMatchObject({ hint: expect.stringContaining(`rm ${file}`) });
      expect(await modeOf(file)).toBe(mode);
      expect(await readFile(file, 'utf8')).toBe(secret);
    },
  );

  it('accepts a narrower mode (nothing extra can read it) and corrects it', async () => {
    await ensureSecretFile(file, { mode: '0400' });
    await chmod(file, 0o000);
    expect(await ensureSecretFile(file, { mode: '0400', strict: true })).toEqual({
      created: false,
      corrected: ['mode 0000 → 0400'],
    });
    expect(await modeOf(file)).toBe(0o400);
  });

  it('refuses group read access for another group than the spec names', async (ctx) => {
    const own = process.getgid?.() ?? 0;
    const other = (await readGroups()).find((g) => g.gid !== own);
    if (other === undefined) return ctx.skip('no second group in /etc/group');
    await ensureSecretFile(file, { mode: '040', group: own });
    await expect(ensureSecretFile(file, { mode: '040', group: other.gid, strict: true })).rejects.toThrow(
      `has group ${own} (not ${other.name})`,
    );
    expect((await lstat(file)).gid).toBe(own);
  });

  it('without strict corrects the same file and reports the change', async () => {
    await ensureSecretFile(file, { mode: '0400' });
    await chmod(file, 0o644);
    expect(await ensureSecretFile(file, { mode: '0400' })).toEqual({
      created: false,
      corrected: ['mode 0644 → 0400'],
    });
    expect(await modeOf(file)).toBe(0o400);
  });
});
