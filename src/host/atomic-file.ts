// Writes files so that readers see the old content or the new one, never a mix, and never through a symlink.
import type { Stats } from 'node:fs';
import type * as fsPromises from 'node:fs/promises';
import { lstat, mkdir, open, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { NsoMultiError } from '../errors.js';
import { describeKind, removeQuietly, syncDir, tempPathFor, unsafeFileError } from './fs-steps.js';
import { errnoCode, ioError } from './io-error.js';
import { writeNewFile } from './new-file.js';

/** The file functions the atomic writer uses; tests swap one for a failing version. */
export type AtomicFs = Pick<typeof fsPromises, 'lstat' | 'open' | 'rename' | 'unlink'>;

const realFs: AtomicFs = { lstat, open, rename, unlink };

export interface WriteFileAtomicOptions {
  /** Exact permission bits of the result, whatever the umask. Default: the replaced file's mode, else 0666 minus umask. */
  mode?: number;
  /** false: no fsync of the file or its folder. Readers still see the old content or the new one while the
   * machine runs, but after a power loss the file may be old, empty or torn. Default true. */
  sync?: boolean;
  /** Seam for tests. */
  fs?: AtomicFs;
}

// Looks at what stands at `path` now: undefined when nothing, the stats of a regular file, else refuses.
export async function existingRegularFile(
  fs: Pick<AtomicFs, 'lstat'>,
  path: string,
): Promise<Stats | undefined> {
  let stats: Stats;
  try {
    stats = await fs.lstat(path);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return undefined;
    throw ioError('write', path, error);
  }
  if (!stats.isFile()) throw unsafeFileError(path, stats);
  return stats;
}

// Replaces `path` with `data` atomically: temp file in the same folder, fsync, rename over the old file,
// fsync of the folder (both fsyncs skipped with `sync: false`).
export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  options: WriteFileAtomicOptions = {},
): Promise<void> {
  const fs = options.fs ?? realFs;
  const existing = await existingRegularFile(fs, path);
  // Keep a replaced file's permissions unless told otherwise, as an in-place write would.
  const mode = options.mode ?? (existing ? existing.mode & 0o7777 : undefined);
  const temp = tempPathFor(path);
  const sync = options.sync !== false;
  await writeNewFile(fs, temp, path, data, mode === undefined ? { sync } : { mode, sync });
  try {
    // rename() replaces a symlink that appeared meanwhile instead of following it, so the target stays safe.
    await fs.rename(temp, path);
  } catch (error) {
    await removeQuietly(temp, fs.unlink);
    throw ioError('write', path, error);
  }
  if (sync) await syncDir(dirname(path), fs.open);
}

// Creates a folder and its parents (like mkdir -p; the umask applies), refusing a symlink or file at `path`.
export async function ensureDir(path: string, mode = 0o755): Promise<void> {
  let mkdirError: unknown;
  try {
    await mkdir(path, { recursive: true, mode });
  } catch (error) {
    mkdirError = error;
  }
  let stats: Stats;
  try {
    stats = await lstat(path);
  } catch (error) {
    throw ioError('create folder', path, mkdirError ?? error);
  }
  if (!stats.isDirectory()) {
    throw new NsoMultiError(
      'UNSAFE_PATH',
      `Refusing to use ${path} as a folder: it is ${describeKind(stats)}`,
      {
        hint: 'Move the existing entry away, or choose another workdir.',
      },
    );
  }
  if (mkdirError !== undefined) throw ioError('create folder', path, mkdirError);
}
