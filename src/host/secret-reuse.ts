// Checks an existing IPC secret file and corrects its group and mode in place, keeping the secret.
import type { Stats } from 'node:fs';
import { constants } from 'node:fs';
import type * as fsPromises from 'node:fs/promises';
import { NsoMultiError } from '../errors.js';
import { closeQuietly, formatMode, unsafeFileError } from './fs-steps.js';
import type { GroupEntry } from './groups.js';
import { errnoCode, ioError } from './io-error.js';

/** The exact access the secret file must end up with. */
export interface WantedAccess {
  mode: number;
  group: GroupEntry | undefined;
}

type ReuseFs = Pick<typeof fsPromises, 'lstat' | 'open'>;

// O_NOFOLLOW: a symlink swapped in after our lstat fails (ELOOP) instead of being followed;
// O_NONBLOCK: a named pipe swapped in cannot make the open hang.
const CHECK_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;

// A non-root user may only give files a group they belong to; say so rather than just "not permitted".
export function groupError(path: string, group: GroupEntry): (error: unknown) => never {
  return (error) => {
    if (errnoCode(error) !== 'EPERM') throw error;
    throw new NsoMultiError('IO', `Cannot give secret file ${path} the group ${group.name} (EPERM)`, {
      cause: error,
      hint: `Only root or a member of group ${group.name} can do this; join the group or run as root.`,
    });
  };
}

// Describes and applies the fixes `stats` needs; group before mode, so no step lets in anyone who is not
// allowed either before or after.
async function correct(
  handle: fsPromises.FileHandle,
  path: string,
  stats: Stats,
  wanted: WantedAccess,
): Promise<string[]> {
  const corrected: string[] = [];
  if (wanted.group && stats.gid !== wanted.group.gid) {
    await handle.chown(-1, wanted.group.gid).catch(groupError(path, wanted.group));
    corrected.push(`group ${stats.gid} → ${wanted.group.gid} (${wanted.group.name})`);
  }
  const mode = stats.mode & 0o7777;
  if (mode !== wanted.mode) {
    await handle.chmod(wanted.mode);
    corrected.push(`mode ${formatMode(mode)} → ${formatMode(wanted.mode)}`);
  }
  return corrected;
}

// Checks the existing secret at `path` and corrects group and mode; 'empty' when it holds no secret to keep.
export async function checkExistingSecret(
  fs: ReuseFs,
  path: string,
  wanted: WantedAccess,
): Promise<string[] | 'empty'> {
  let handle: fsPromises.FileHandle;
  try {
    handle = await fs.open(path, CHECK_FLAGS);
  } catch (error) {
    return checkWithoutOpening(fs, path, wanted, error);
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw unsafeFileError(path, stats);
    if (stats.size === 0) return 'empty';
    return await correct(handle, path, stats, wanted);
  } catch (error) {
    throw error instanceof NsoMultiError ? error : ioError('correct the permissions of', path, error);
  } finally {
    await closeQuietly(handle);
  }
}

// The owner cannot open a file whose mode denies them reading (040 owned by a non-root user): without an fd
// we only verify, since changing the mode by path could follow a symlink swapped in meanwhile.
async function checkWithoutOpening(
  fs: ReuseFs,
  path: string,
  wanted: WantedAccess,
  openError: unknown,
): Promise<string[] | 'empty'> {
  const code = errnoCode(openError);
  if (code !== 'EACCES' && code !== 'ELOOP') throw ioError('open', path, openError);
  let stats: Stats;
  try {
    stats = await fs.lstat(path);
  } catch (error) {
    throw ioError('open', path, error);
  }
  if (!stats.isFile()) throw unsafeFileError(path, stats);
  if (code === 'ELOOP') throw ioError('open', path, openError);
  // Refilling replaces the file by rename, which needs the folder's permission, not the file's.
  if (stats.size === 0) return 'empty';
  const groupOk = !wanted.group || stats.gid === wanted.group.gid;
  if (groupOk && (stats.mode & 0o7777) === wanted.mode) return [];
  const fix = [`chmod ${formatMode(wanted.mode)} ${path}`];
  if (wanted.group) fix.unshift(`chgrp ${wanted.group.name} ${path}`);
  throw new NsoMultiError('IO', `Cannot correct the permissions of ${path}: permission denied (EACCES)`, {
    cause: openError,
    hint: `Fix it by hand: ${fix.join(' && ')}`,
  });
}
