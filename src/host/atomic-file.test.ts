import * as fsp from 'node:fs/promises';
import { lstat, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AtomicFs } from './atomic-file.js';
import { ensureDir, writeFileAtomic } from './atomic-file.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nso-multi-atomic-'));
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

const modeOf = async (path: string) => (await stat(path)).mode & 0o7777;

describe('writeFileAtomic', () => {
  it('creates a new file and replaces an existing one, leaving no temp file', async () => {
    const file = join(dir, 'ncs.conf');
    await writeFileAtomic(file, 'first');
    expect(await readFile(file, 'utf8')).toBe('first');
    await writeFileAtomic(file, new TextEncoder().encode('second'));
    expect(await readFile(file, 'utf8')).toBe('second');
    expect(await readdir(dir)).toEqual(['ncs.conf']);
  });

  it.each(['000', '077', '777'])('applies the exact mode under umask %s', async (mask) => {
    const a = join(dir, 'a');
    const b = join(dir, 'b');
    await withUmask(Number.parseInt(mask, 8), async () => {
      await writeFileAtomic(a, 'x', { mode: 0o644 });
      await writeFileAtomic(b, 'x', { mode: 0o600 });
    });
    expect(await modeOf(a)).toBe(0o644);
    expect(await modeOf(b)).toBe(0o600);
  });

  it('keeps the mode of the file it replaces when no mode is given', async () => {
    const file = join(dir, 'env');
    await writeFileAtomic(file, 'old', { mode: 0o640 });
    await writeFileAtomic(file, 'new');
    expect(await modeOf(file)).toBe(0o640);
  });

  it('refuses a symlink at the path and leaves its target untouched', async () => {
    const target = join(dir, 'target');
    const link = join(dir, 'link');
    await writeFile(target, 'precious');
    await symlink(target, link);
    await expect(writeFileAtomic(link, 'evil')).rejects.toMatchObject({ code: 'UNSAFE_PATH' });
    expect(await readFile(target, 'utf8')).toBe('precious');
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    expect((await readdir(dir)).sort()).toEqual(['link', 'target']);
  });

  it('refuses a folder at the path', async () => {
    await mkdir(join(dir, 'sub'));
    await expect(writeFileAtomic(join(dir, 'sub'), 'x')).rejects.toMatchObject({ code: 'UNSAFE_PATH' });
  });

  it('keeps the old content and removes the temp file when the rename fails', async () => {
    const file = join(dir, 'state.json');
    await writeFile(file, 'old');
    const fs: AtomicFs = { ...fsp, rename: () => Promise.reject(errno('EROFS')) };
    const failure = writeFileAtomic(file, 'new', { fs });
    await expect(failure).rejects.toMatchObject({ code: 'IO' });
    await expect(failure).rejects.toThrow(`Cannot write ${file}: the file system is read-only (EROFS)`);
    expect(await readFile(file, 'utf8')).toBe('old');
    expect(await readdir(dir)).toEqual(['state.json']);
  });

  it('keeps the old content and removes the temp file when the data cannot be flushed', async () => {
    const file = join(dir, 'state.json');
    await writeFile(file, 'old');
    const open: AtomicFs['open'] = async (...args) => {
      const handle = await fsp.open(...args);
      handle.sync = () => Promise.reject(errno('ENOSPC'));
      return handle;
    };
    const error = await writeFileAtomic(file, 'new', { fs: { ...fsp, open } }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'IO', hint: expect.stringContaining('disk space') });
    expect((error as Error).message).toContain('no space left on the device (ENOSPC)');
    expect((error as Error).cause).toMatchObject({ code: 'ENOSPC' });
    expect(await readFile(file, 'utf8')).toBe('old');
    expect(await readdir(dir)).toEqual(['state.json']);
  });

  it('fsyncs the file and its folder by default, neither with sync: false', async () => {
    let syncs = 0;
    const open: AtomicFs['open'] = async (...args) => {
      const handle = await fsp.open(...args);
      const sync = handle.sync.bind(handle);
      handle.sync = () => {
        syncs += 1;
        return sync();
      };
      return handle;
    };
    const file = join(dir, 'state.json');
    await writeFileAtomic(file, 'durable', { fs: { ...fsp, open } });
    expect(syncs).toBe(2);
    await writeFileAtomic(file, 'atomic', { mode: 0o600, sync: false, fs: { ...fsp, open } });
    expect(syncs).toBe(2);
    expect(await readFile(file, 'utf8')).toBe('atomic');
    expect(await modeOf(file)).toBe(0o600);
    expect(await readdir(dir)).toEqual(['state.json']);
  });

  it('reports a path whose parent is a regular file as an IO error, even for root', async () => {
    await writeFile(join(dir, 'plain'), 'x');
    const file = join(dir, 'plain', 'ncs.conf');
    await expect(writeFileAtomic(file, 'x')).rejects.toMatchObject({ code: 'IO' });
    await expect(writeFileAtomic(file, 'x')).rejects.toThrow('a part of the path is not a folder (ENOTDIR)');
    expect(await readdir(dir)).toEqual(['plain']);
  });
});

describe('ensureDir', () => {
  it('creates missing parents and accepts an existing folder', async () => {
    const nested = join(dir, 'a', 'b', 'c');
    await ensureDir(nested);
    await ensureDir(nested);
    expect((await lstat(nested)).isDirectory()).toBe(true);
  });

  it('applies the mode to what it creates, minus the umask like mkdir -p', async () => {
    const nested = join(dir, 'x', 'y');
    await withUmask(0o022, () => ensureDir(nested, 0o750));
    expect(await modeOf(nested)).toBe(0o750);
    expect(await modeOf(join(dir, 'x'))).toBe(0o750);
  });

  it('refuses a symlink to a folder and a regular file at the path', async () => {
    await mkdir(join(dir, 'real'));
    await symlink(join(dir, 'real'), join(dir, 'link'));
    await writeFile(join(dir, 'file'), 'x');
    await expect(ensureDir(join(dir, 'link'))).rejects.toMatchObject({ code: 'UNSAFE_PATH' });
    await expect(ensureDir(join(dir, 'file'))).rejects.toMatchObject({ code: 'UNSAFE_PATH' });
  });

  it('reports a parent that is a regular file as an IO error', async () => {
    await writeFile(join(dir, 'file'), 'x');
    await expect(ensureDir(join(dir, 'file', 'sub'))).rejects.toMatchObject({ code: 'IO' });
  });
});
