import { execFileSync } from 'node:child_process';
import { constants as fsConstants } from 'node:fs';
import * as fsp from 'node:fs/promises';
import { chmod, lstat, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readGroups } from './groups.js';
import type { SecretFs } from './secret-file.js';
import { ensureSecretFile } from './secret-file.js';

const SECRET = /^[A-Za-z0-9_-]{64}$/;

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nso-multi-secret-'));
  file = join(dir, 'ipc_access');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function withUmask<T>(mask: number, run: () => Promise<T>): Promise<T> {
  const previous = process.umask(mask);
  try {
    return await run();
  } finally {
    process.umask(previous);
  }
}

function errno(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: injected failure`), { code });
}

// A group other than the process's own, so that applying it is visible in the file's gid.
async function otherGroup(): Promise<{ name: string; gid: number } | undefined> {
  return (await readGroups()).find((g) => g.gid !== process.getgid?.());
}

const modeOf = async (path: string) => (await lstat(path)).mode & 0o7777;

describe('ensureSecretFile: creation', () => {
  it.each(['000', '077', '777'])('creates mode 0400 exactly under umask %s', async (mask) => {
    const result = await withUmask(Number.parseInt(mask, 8), () => ensureSecretFile(file, { mode: '0400' }));
    expect(result).toEqual({ created: true, corrected: [] });
    expect(await modeOf(file)).toBe(0o400);
  });

  it.for(['000', '077', '777'])('creates mode 040 with the group under umask %s', async (mask, ctx) => {
    const group = await otherGroup();
    if (!group) return ctx.skip('no second group in /etc/group');
    await withUmask(Number.parseInt(mask, 8), () =>
      ensureSecretFile(file, { mode: '040', group: group.name }),
    );
    const stats = await lstat(file);
    expect(stats.mode & 0o7777).toBe(0o040);
    expect(stats.gid).toBe(group.gid);
  });

  it('accepts a numeric gid', async () => {
    const gid = process.getgid?.() ?? 0;
    await ensureSecretFile(file, { mode: '040', group: gid });
    expect((await lstat(file)).gid).toBe(gid);
  });

  it('writes one line of 64 base64url characters, different each time', async () => {
    await ensureSecretFile(file, { mode: '0400' });
    const other = join(dir, 'other');
    await ensureSecretFile(other, { mode: '0400' });
    const secret = await readFile(file, 'utf8');
    expect(secret).toMatch(SECRET);
    expect(await readFile(other, 'utf8')).not.toBe(secret);
    expect((await readdir(dir)).sort()).toEqual(['ipc_access', 'other']);
  });

  it('refuses an unknown group and mode 040 without group, before creating anything', async () => {
    await expect(
      ensureSecretFile(file, { mode: '040', group: 'nso-multi-no-such-group' }),
    ).rejects.toMatchObject({
      code: 'USAGE',
    });
    await expect(ensureSecretFile(file, { mode: '040' })).rejects.toMatchObject({ code: 'USAGE' });
    expect(await readdir(dir)).toEqual([]);
  });

  it('leaves no temp file and no secret when linking it into place fails', async () => {
    const fs: SecretFs = { ...fsp, link: () => Promise.reject(errno('EIO')) };
    await expect(ensureSecretFile(file, { mode: '0400', fs })).rejects.toMatchObject({ code: 'IO' });
    expect(await readdir(dir)).toEqual([]);
  });

  it('sets group and mode before the secret is written', async (ctx) => {
    const group = await otherGroup();
    if (!group) return ctx.skip('no second group in /etc/group');
    const steps: string[] = [];
    const open: SecretFs['open'] = async (...args) => {
      const handle = await fsp.open(...args);
      for (const step of ['chown', 'chmod', 'writeFile', 'write', 'sync'] as const) {
        const real = handle[step].bind(handle) as (...a: unknown[]) => Promise<unknown>;
        const recorded = (...a: unknown[]) => {
          steps.push(step);
          return real(...a);
        };
        Object.assign(handle, { [step]: recorded });
      }
      return handle;
    };
    await ensureSecretFile(file, { mode: '040', group: group.gid, fs: { ...fsp, open } });
    expect(steps.slice(0, 3)).toEqual(['chown', 'chmod', 'writeFile']);
    expect(steps.at(-1)).toBe('sync');
  });

  it('leaves no temp file when setting the mode fails', async () => {
    const open: SecretFs['open'] = async (...args) => {
      const handle = await fsp.open(...args);
      handle.chmod = () => Promise.reject(errno('EPERM'));
      return handle;
    };
    await expect(ensureSecretFile(file, { mode: '0400', fs: { ...fsp, open } })).rejects.toMatchObject({
      code: 'IO',
    });
    expect(await readdir(dir)).toEqual([]);
  });

  it('explains a group change the OS refused', async () => {
    const open: SecretFs['open'] = async (...args) => {
      const handle = await fsp.open(...args);
      handle.chown = () => Promise.reject(errno('EPERM'));
      return handle;
    };
    const failure = ensureSecretFile(file, { mode: '040', group: 'root', fs: { ...fsp, open } });
    await expect(failure).rejects.toMatchObject({
      code: 'IO',
      hint: expect.stringContaining('member of group root'),
    });
    expect(await readdir(dir)).toEqual([]);
  });

  it('keeps a file that another writer put in place meanwhile', async () => {
    const link: SecretFs['link'] = async (from, to) => {
      await writeFile(to, 'theirs', { mode: 0o400 });
      return fsp.link(from, to);
    };
    const result = await ensureSecretFile(file, { mode: '0400', fs: { ...fsp, link } });
    expect(result).toEqual({ created: false, corrected: [] });
    expect(await readFile(file, 'utf8')).toBe('theirs');
    expect(await readdir(dir)).toEqual(['ipc_access']);
  });

  it('lets exactly one of several parallel calls create the secret', async () => {
    const results = await Promise.all(
      Array.from({ length: 6 }, () => ensureSecretFile(file, { mode: '0400' })),
    );
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(await readFile(file, 'utf8')).toMatch(SECRET);
    expect(await readdir(dir)).toEqual(['ipc_access']);
  });

  it('falls back to rename on a file system without hard links', async () => {
    const fs: SecretFs = { ...fsp, link: () => Promise.reject(errno('EPERM')) };
    expect(await ensureSecretFile(file, { mode: '0400', fs })).toEqual({ created: true, corrected: [] });
    expect(await readFile(file, 'utf8')).toMatch(SECRET);
    expect(await readdir(dir)).toEqual(['ipc_access']);
  });
});

describe('ensureSecretFile: reuse', () => {
  it('keeps the secret and reports nothing on a second call', async () => {
    await ensureSecretFile(file, { mode: '0400' });
    const secret = await readFile(file, 'utf8');
    expect(await ensureSecretFile(file, { mode: '0400' })).toEqual({ created: false, corrected: [] });
    expect(await readFile(file, 'utf8')).toBe(secret);
  });

  it('corrects a widened mode, reports it, and keeps the secret', async () => {
    await ensureSecretFile(file, { mode: '0400' });
    const secret = await readFile(file, 'utf8');
    await chmod(file, 0o644);
    const result = await ensureSecretFile(file, { mode: '0400' });
    expect(result).toEqual({ created: false, corrected: ['mode 0644 → 0400'] });
    expect(result.corrected.join(' ')).not.toContain(secret);
    expect(await modeOf(file)).toBe(0o400);
    expect(await readFile(file, 'utf8')).toBe(secret);
  });

  it('corrects the group and then the mode', async (ctx) => {
    const group = await otherGroup();
    if (!group) return ctx.skip('no second group in /etc/group');
    await ensureSecretFile(file, { mode: '0400' });
    const ownGid = (await lstat(file)).gid;
    const result = await ensureSecretFile(file, { mode: '040', group: group.name });
    expect(result.corrected).toEqual([`group ${ownGid} → ${group.gid} (${group.name})`, 'mode 0400 → 0040']);
    const stats = await lstat(file);
    expect(stats.gid).toBe(group.gid);
    expect(stats.mode & 0o7777).toBe(0o040);
  });

  it('refills an empty file with a new secret and the exact mode', async () => {
    await writeFile(file, '', { mode: 0o644 });
    const result = await withUmask(0o000, () => ensureSecretFile(file, { mode: '0400' }));
    expect(result).toEqual({ created: true, corrected: ['empty file refilled with a new secret'] });
    expect(await readFile(file, 'utf8')).toMatch(SECRET);
    expect(await modeOf(file)).toBe(0o400);
    expect(await readdir(dir)).toEqual(['ipc_access']);
  });

  describe('when the owner may not open the file (mode 040, not root)', () => {
    // Opening without O_CREAT is the check's open; deny it as the kernel would for a non-root owner.
    const denyCheckOpen: SecretFs['open'] = async (path, flags, mode) => {
      if (typeof flags === 'number' && (flags & fsConstants.O_CREAT) === 0) throw errno('EACCES');
      return fsp.open(path, flags, mode);
    };

    it('accepts a file whose mode and group are already right', async () => {
      await ensureSecretFile(file, { mode: '040', group: 'root' });
      const result = await ensureSecretFile(file, {
        mode: '040',
        group: 'root',
        fs: { ...fsp, open: denyCheckOpen },
      });
      expect(result).toEqual({ created: false, corrected: [] });
    });

    it('asks for a fix by hand instead of changing the mode by path', async () => {
      await ensureSecretFile(file, { mode: '0400' });
      const failure = ensureSecretFile(file, {
        mode: '040',
        group: 'root',
        fs: { ...fsp, open: denyCheckOpen },
      });
      await expect(failure).rejects.toMatchObject({
        code: 'IO',
        hint: expect.stringContaining('chmod 0040'),
      });
      expect(await modeOf(file)).toBe(0o400);
    });
  });

  it('refuses a symlink at the path and leaves its target untouched', async () => {
    const target = join(dir, 'target');
    await writeFile(target, 'precious', { mode: 0o644 });
    await symlink(target, file);
    await expect(ensureSecretFile(file, { mode: '0400' })).rejects.toMatchObject({ code: 'UNSAFE_PATH' });
    expect(await readFile(target, 'utf8')).toBe('precious');
    expect(await modeOf(target)).toBe(0o644);
    expect((await lstat(file)).isSymbolicLink()).toBe(true);
  });

  it('refuses a dangling symlink without creating its target', async () => {
    await symlink(join(dir, 'nowhere'), file);
    await expect(ensureSecretFile(file, { mode: '0400' })).rejects.toMatchObject({ code: 'UNSAFE_PATH' });
    expect(await readdir(dir)).toEqual(['ipc_access']);
  });

  it('refuses a folder and a named pipe at the path', async () => {
    await mkdir(file);
    await expect(ensureSecretFile(file, { mode: '0400' })).rejects.toMatchObject({ code: 'UNSAFE_PATH' });
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    await expect(ensureSecretFile(fifo, { mode: '0400' })).rejects.toMatchObject({ code: 'UNSAFE_PATH' });
  });
});
