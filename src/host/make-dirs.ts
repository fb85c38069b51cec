// mkdir -p that reports which folders it created (so a failed batch can remove them) and refuses a symlink
// or file where the folder should be.
import type * as fsPromises from 'node:fs/promises';
import { dirname } from 'node:path';
import { NsoMultiError } from '../errors.js';
import { describeKind } from './fs-steps.js';
import { errnoCode, ioError } from './io-error.js';

type DirFs = Pick<typeof fsPromises, 'lstat' | 'stat' | 'mkdir'>;

export interface MakeDirsOptions {
  /** Accept a symlink to a folder at `path` itself (a workdir or env folder may be one; a run dir may not). */
  followSymlink?: boolean;
  /** Mode of the folders created (the umask applies, as with mkdir -p). */
  mode?: number;
}

function notAFolder(path: string, kind: string): NsoMultiError {
  return new NsoMultiError('UNSAFE_PATH', `Refusing to use ${path} as a folder: it is ${kind}`, {
    hint: 'Move the existing entry away, or choose another workdir.',
  });
}

// Checks the entry that already stands at `path`.
async function checkExisting(fs: DirFs, path: string, followSymlink: boolean): Promise<void> {
  const stats = await fs.lstat(path);
  if (stats.isDirectory()) return;
  if (stats.isSymbolicLink() && followSymlink) {
    const target = await fs.stat(path).catch(() => undefined);
    if (target?.isDirectory()) return;
    throw notAFolder(path, 'a symbolic link that does not lead to a folder');
  }
  throw notAFolder(path, describeKind(stats));
}

// The missing folders from the top down, ending with `path`; [] when `path` exists.
async function missingChain(fs: DirFs, path: string): Promise<string[]> {
  const missing: string[] = [];
  for (let current = path; ; current = dirname(current)) {
    try {
      await fs.lstat(current);
      return missing;
    } catch (error) {
      if (errnoCode(error) !== 'ENOENT') throw ioError('create folder', path, error);
      missing.unshift(current);
      if (dirname(current) === current) return missing;
    }
  }
}

// Creates `path` and its missing parents, adding each folder it creates to `created` (top down) at once, so
// that a caller can remove them again even when a later one fails.
export async function makeDirs(
  fs: DirFs,
  path: string,
  options: MakeDirsOptions,
  created: string[],
): Promise<void> {
  for (const dir of await missingChain(fs, path)) {
    try {
      await fs.mkdir(dir, { mode: options.mode ?? 0o755 });
      created.push(dir);
    } catch (error) {
      // Someone else made it meanwhile: fine, as long as it is a folder (checked below for `path`).
      if (errnoCode(error) !== 'EEXIST') throw ioError('create folder', dir, error);
    }
  }
  try {
    await checkExisting(fs, path, options.followSymlink === true);
  } catch (error) {
    throw error instanceof NsoMultiError ? error : ioError('create folder', path, error);
  }
}
