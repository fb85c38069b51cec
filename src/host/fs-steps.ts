// Small file-system steps shared by the atomic writers: temp names, cleanup, directory fsync, path checks.
import { randomBytes } from 'node:crypto';
import type { Stats } from 'node:fs';
import { constants } from 'node:fs';
import type * as fsPromises from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { lstat, open, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { NsoMultiError } from '../errors.js';

/** The file functions a batch uses; tests swap one for a failing version. */
export type BatchFs = Pick<
  typeof fsPromises,
  'lstat' | 'stat' | 'open' | 'rename' | 'unlink' | 'link' | 'mkdir' | 'rmdir'
>;

/** Flags for a brand-new file that must not exist yet and must not be reached through a symlink. */
export const CREATE_NEW_FLAGS =
  constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW | constants.O_WRONLY;

// Whether anything is at `path` (a dangling symlink counts); other errors than ENOENT are thrown.
export async function pathExists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

// A hidden, unique sibling of `path`: same folder so that rename/link stay on one file system.
export function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
}

/** Errors of link() that mean the file system has no hard links (rather than that linking failed). */
export const NO_HARD_LINKS: ReadonlySet<string> = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS']);

// A hidden, unique sibling of `path` that keeps its previous version while a batch of files is replaced.
export function backupPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.bak`);
}

// Removes a temp file during cleanup; a failure here must not hide the error that caused the cleanup.
export async function removeQuietly(
  path: string,
  remove: (p: string) => Promise<void> = unlink,
): Promise<void> {
  try {
    await remove(path);
  } catch {
    // already gone or not removable: the original error matters more
  }
}

// Closes a handle during cleanup without masking the original error.
export async function closeQuietly(handle: FileHandle | undefined): Promise<void> {
  try {
    await handle?.close();
  } catch {
    // the handle is unusable either way
  }
}

// Makes a rename or link inside `dir` durable; some file systems refuse fsync on folders, which is harmless.
// `openDir` is the caller's file-system seam, so tests can see this fsync too.
export async function syncDir(dir: string, openDir: typeof open = open): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await openDir(dir, constants.O_RDONLY | constants.O_DIRECTORY);
    await handle.sync();
  } catch {
    // durability is best effort here; the data itself was already fsynced
  } finally {
    await closeQuietly(handle);
  }
}

/** Words for what kind of file stands at a path, for UNSAFE_PATH messages. */
export function describeKind(stats: Stats): string {
  if (stats.isSymbolicLink()) return 'a symbolic link';
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a named pipe';
  if (stats.isSocket()) return 'a socket';
  if (stats.isBlockDevice() || stats.isCharacterDevice()) return 'a device';
  return 'not a regular file';
}

// The error for a symlink or foreign file where nso-multi wants a regular file.
export function unsafeFileError(path: string, stats: Stats): NsoMultiError {
  return new NsoMultiError('UNSAFE_PATH', `Refusing to use ${path}: it is ${describeKind(stats)}`, {
    hint: 'nso-multi writes only regular files and never follows symlinks; move the entry away and run again.',
  });
}

/** Formats a permission mode the way chmod takes it, e.g. 0644, 0400, 0040. */
export function formatMode(mode: number): string {
  return `0${(mode & 0o7777).toString(8).padStart(3, '0')}`;
}
