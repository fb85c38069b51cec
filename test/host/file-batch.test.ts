import * as fsp from 'node:fs/promises';
import {
  chmod,
  chown,
  lstat,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  symlink,
  utimes,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFileBatch } from '../../src/host/file-batch.js';
import type { BatchFs } from '../../src/host/fs-steps.js';
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

/** What says whether a file was rewritten: a rename gives a new inode, a write a new mtime. */
async function identity(path: string): Promise<{ ino: bigint; mtimeNs: bigint }> {
  const stats = await lstat(path, { bigint: true });
  return { ino: stats.ino, mtimeNs: stats.mtimeNs };
}

// An old mtime, so that a rewrite could not keep it by chance within the clock's resolution.
const LONG_AGO = new Date('2001-02-03T04:05:06Z');

// The files of stageThree plus `same`, which already holds exactly what is staged for it.
async function stageWithSame(fs?: BatchFs) {
  const batch = createFileBatch(fs ? { fs } : {});
  try {
    await batch.ensureDir(join(dir, 'new', 'deeper'));
    await batch.stage(join(dir, 'a'), 'a2');
    await batch.stage(join(dir, 'same'), 'kept', { mode: 0o640 });
    await batch.stage(join(dir, 'new', 'deeper', 'c'), 'c2', { mode: 0o600 });
    await batch.stage(join(dir, 'b'), 'b2');
    await batch.commit();
  } finally {
    await batch.abort();
  }
}

async function writeSame(): Promise<void> {
  await writeFile(join(dir, 'same'), 'kept');
  await chmod(join(dir, 'same'), 0o640);
  await utimes(join(dir, 'same'), LONG_AGO, LONG_AGO);
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

  // The same with a file that is already up to date: it is never touched, whichever step fails.
  for (const op of FAULT_OPS) {
    it(`leaves an up-to-date file untouched when the n-th ${op} fails, for every n`, async () => {
      await writeSame();
      const before = await identity(join(dir, 'same'));
      const counting = faultyFs(dir, { op, nth: 0, code: 'EIO' });
      await stageWithSame(counting.fs);
      expect(await identity(join(dir, 'same'))).toEqual(before);
      const calls = counting.counts[op];
      for (let nth = 1; nth <= calls; nth++) {
        await rm(dir, { recursive: true, force: true });
        await mkdir(dir);
        await writeFile(join(dir, 'a'), 'a1');
        await writeFile(join(dir, 'b'), 'b1');
        await writeSame();
        const same = await identity(join(dir, 'same'));
        const faulty = faultyFs(dir, { op, nth, code: 'ENOSPC' });
        await expect(stageWithSame(faulty.fs), `${op} #${nth}`).rejects.toMatchObject({ code: 'IO' });
        expect(await snapshot(dir), `${op} #${nth}`).toEqual({ a: 'a1', b: 'b1', same: 'kept' });
        expect(await identity(join(dir, 'same')), `${op} #${nth}`).toEqual(same);
      }
    });
  }

  describe('a file that already holds what is staged', () => {
    it('is left untouched (same inode and mtime) while a changed file beside it is replaced', async () => {
      await writeSame();
      const same = await identity(join(dir, 'same'));
      const a = await identity(join(dir, 'a'));
      await stageWithSame();
      expect(await identity(join(dir, 'same'))).toEqual(same);
      expect((await identity(join(dir, 'a'))).ino).not.toBe(a.ino);
      // Same size, other bytes: the content is compared, not just the size.
      expect(await snapshot(dir)).toEqual({
        a: 'a2',
        b: 'b2',
        new: '/',
        'new/deeper': '/',
        'new/deeper/c': 'c2',
        same: 'kept',
      });
    });

    it('is left untouched when no mode is given (the mode it has is kept anyway)', async () => {
      await writeSame();
      const same = await identity(join(dir, 'same'));
      const batch = createFileBatch();
      await batch.stage(join(dir, 'same'), 'kept');
      await batch.commit();
      expect(await identity(join(dir, 'same'))).toEqual(same);
    });

    it.each(['0600', '0644', '02640', '04640'])(
      'is replaced, with exactly the staged mode 0640, when its mode is %s',
      async (mode) => {
        await writeSame();
        await chmod(join(dir, 'same'), Number.parseInt(mode, 8));
        const before = await identity(join(dir, 'same'));
        await stageWithSame();
        const after = await lstat(join(dir, 'same'), { bigint: true });
        expect(after.ino).not.toBe(before.ino);
        expect(Number(after.mode & 0o7777n)).toBe(0o640);
        expect(await readFile(join(dir, 'same'), 'utf8')).toBe('kept');
      },
    );

    it('is replaced when its bytes differ but its size and mode match', async () => {
      await writeSame();
      await writeFile(join(dir, 'same'), 'KEPT');
      const before = await identity(join(dir, 'same'));
      await stageWithSame();
      expect((await identity(join(dir, 'same'))).ino).not.toBe(before.ino);
      expect(await readFile(join(dir, 'same'), 'utf8')).toBe('kept');
    });

    it('is replaced when another user owns it, so that it ends up ours as a rewrite leaves it', async (ctx) => {
      if (process.geteuid?.() !== 0) return ctx.skip('needs root to give a file to another user');
      await writeSame();
      await chown(join(dir, 'same'), 1, 1);
      const before = await identity(join(dir, 'same'));
      await stageWithSame();
      const after = await lstat(join(dir, 'same'));
      expect(BigInt(after.ino)).not.toBe(before.ino);
      expect(after.uid).toBe(0);
      expect(after.mode & 0o7777).toBe(0o640);
    });

    it('is staged again when this batch already staged another version of it (the last one wins)', async () => {
      const batch = createFileBatch();
      await batch.stage(join(dir, 'a'), 'a2');
      await batch.stage(join(dir, 'a'), 'a1');
      await batch.commit();
      expect(await readFile(join(dir, 'a'), 'utf8')).toBe('a1');
    });

    it('is still refused when it is a symlink to a file that holds exactly the staged bytes', async () => {
      await writeFile(join(dir, 'target'), 'x');
      await chmod(join(dir, 'target'), 0o644);
      await symlink(join(dir, 'target'), join(dir, 'env'));
      const batch = createFileBatch();
      await expect(batch.stage(join(dir, 'env'), 'x', { mode: 0o644 })).rejects.toMatchObject({
        code: 'UNSAFE_PATH',
      });
      await batch.abort();
      expect((await lstat(join(dir, 'env'))).isSymbolicLink()).toBe(true);
    });
  });

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
    // Back to the first versions, so that the second batch has all three files to replace again.
    await rm(join(dir, 'new'), { recursive: true });
    await writeFile(join(dir, 'a'), 'a1');
    await writeFile(join(dir, 'b'), 'b1');
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
