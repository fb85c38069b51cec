import * as fsp from 'node:fs/promises';
import { lstat, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type BatchFs, createFileBatch } from '../../src/host/file-batch.js';
import { errnoError, FAULT_OPS, type FaultOp, faultyFs } from './faulty-fs.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nso-multi-batch-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Every entry under `root` with its content (folders as '/'), for before/after comparisons. */
async function snapshot(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of (await readdir(root, { recursive: true })).sort()) {
    const path = join(root, entry);
    const stats = await lstat(path);
    out[entry] = stats.isDirectory() ? '/' : await readFile(path, 'utf8');
  }
  return out;
}

// Two files that exist and one new file in a new folder: the shape of a render.
async function stageThree(fs?: BatchFs) {
  const batch = createFileBatch(fs ? { fs } : {});
  try {
    await batch.ensureDir(join(dir, 'new', 'deeper'));
    await batch.stage(join(dir, 'a'), 'a2');
    await batch.stage(join(dir, 'new', 'deeper', 'c'), 'c2', { mode: 0o600 });
    await batch.stage(join(dir, 'b'), 'b2');
    await batch.commit();
  } finally {
    await batch.abort();
  }
}

describe('createFileBatch', () => {
  beforeEach(async () => {
    await writeFile(join(dir, 'a'), 'a1');
    await writeFile(join(dir, 'b'), 'b1');
  });

  it('puts every staged file in place with its mode and leaves no temp or backup file', async () => {
    await stageThree();
    expect(await snapshot(dir)).toEqual({
      a: 'a2',
      b: 'b2',
      new: '/',
      'new/deeper': '/',
      'new/deeper/c': 'c2',
    });
    expect((await lstat(join(dir, 'new', 'deeper', 'c'))).mode & 0o777).toBe(0o600);
  });

  it('writes nothing in place before commit', async () => {
    const batch = createFileBatch();
    await batch.stage(join(dir, 'a'), 'a2');
    expect(await readFile(join(dir, 'a'), 'utf8')).toBe('a1');
    await batch.abort();
    expect(await snapshot(dir)).toEqual({ a: 'a1', b: 'b1' });
  });

  // Every operation, every call: afterwards each file is as before, no new file or folder, no temp file.
  for (const op of FAULT_OPS) {
    it(`leaves the previous files exactly when the n-th ${op} fails, for every n`, async () => {
      const counting = faultyFs(dir, { op, nth: 0, code: 'EIO' });
      await stageThree(counting.fs);
      const calls = counting.counts[op];
      if (op !== 'link') expect(calls).toBeGreaterThan(0);
      for (let nth = 1; nth <= calls; nth++) {
        await rm(dir, { recursive: true, force: true });
        await mkdir(dir);
        await writeFile(join(dir, 'a'), 'a1');
        await writeFile(join(dir, 'b'), 'b1');
        const faulty = faultyFs(dir, { op, nth, code: 'ENOSPC' });
        const failure = stageThree(faulty.fs);
        await expect(failure, `${op} #${nth}`).rejects.toMatchObject({ code: 'IO' });
        await expect(failure).rejects.toThrow(/no space left on the device \(ENOSPC\)/);
        expect(await snapshot(dir), `${op} #${nth}`).toEqual({ a: 'a1', b: 'b1' });
      }
    });
  }

  it('names the file whose write failed, with the reason in words', async () => {
    const faulty = faultyFs(dir, { op: 'rename', nth: 2, code: 'EROFS' });
    await expect(stageThree(faulty.fs)).rejects.toThrow(
      `Cannot write ${join(dir, 'new', 'deeper', 'c')}: the file system is read-only (EROFS)`,
    );
  });

  it('undoes everything when an action after placing fails', async () => {
    const batch = createFileBatch();
    await batch.stage(join(dir, 'a'), 'a2');
    await batch.stage(join(dir, 'n'), 'n2');
    batch.afterPlacing(async () => {
      expect(await readFile(join(dir, 'a'), 'utf8')).toBe('a2');
      throw errnoError('EPERM', join(dir, 'a'));
    });
    await expect(batch.commit()).rejects.toMatchObject({ code: 'EPERM' });
    expect(await snapshot(dir)).toEqual({ a: 'a1', b: 'b1' });
  });

  it('without hard links still replaces files, and says which file it could not bring back', async () => {
    const noLinks: BatchFs = {
      ...fsp,
      link: async (_from, to) => Promise.reject(errnoError('EPERM', String(to))),
    };
    await stageThree(noLinks);
    expect(await readFile(join(dir, 'a'), 'utf8')).toBe('a2');
    const failing = { ...faultyFs(dir, { op: 'rename', nth: 3, code: 'EIO' }).fs, link: noLinks.link };
    const failure = stageThree(failing);
    await expect(failure).rejects.toThrow(/^Cannot write .*\/b: input\/output error/);
    await expect(failure).rejects.toThrow(`${join(dir, 'a')} (no hard links here, so no copy was kept)`);
  });

  it('refuses a symlink where a file goes, and leaves the link target untouched', async () => {
    await writeFile(join(dir, 'target'), 'precious');
    await symlink(join(dir, 'target'), join(dir, 'env'));
    const batch = createFileBatch();
    await expect(batch.stage(join(dir, 'env'), 'x')).rejects.toMatchObject({ code: 'UNSAFE_PATH' });
    await batch.abort();
    expect(await readFile(join(dir, 'target'), 'utf8')).toBe('precious');
    expect((await lstat(join(dir, 'env'))).isSymbolicLink()).toBe(true);
  });

  describe('ensureDir', () => {
    it('refuses a symlink to a folder unless followSymlink, and a symlink to a file always', async () => {
      await mkdir(join(dir, 'real'));
      await symlink(join(dir, 'real'), join(dir, 'linked'));
      await symlink(join(dir, 'a'), join(dir, 'to-file'));
      const batch = createFileBatch();
      await expect(batch.ensureDir(join(dir, 'linked'))).rejects.toMatchObject({
        code: 'UNSAFE_PATH',
        message: expect.stringContaining('it is a symbolic link'),
      });
      await batch.ensureDir(join(dir, 'linked'), { followSymlink: true });
      await expect(batch.ensureDir(join(dir, 'to-file'), { followSymlink: true })).rejects.toMatchObject({
        code: 'UNSAFE_PATH',
      });
      await batch.abort();
    });

    it('removes the folders it created when the batch is aborted, and keeps those that were there', async () => {
      const batch = createFileBatch();
      await batch.ensureDir(join(dir, 'x', 'y', 'z'));
      await batch.ensureDir(dir);
      expect((await lstat(join(dir, 'x', 'y', 'z'))).isDirectory()).toBe(true);
      await batch.abort();
      expect(await snapshot(dir)).toEqual({ a: 'a1', b: 'b1' });
    });
  });

  it.each(['mkdir'] as FaultOp[])('reports a folder it cannot create as IO naming the folder', async (op) => {
    const faulty = faultyFs(dir, { op, nth: 1, code: 'EACCES' });
    await expect(stageThree(faulty.fs)).rejects.toThrow(
      `Cannot create folder ${join(dir, 'new')}: permission denied (EACCES)`,
    );
  });
});
