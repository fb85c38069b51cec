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

/** What an existing secret needs: a refill (it is empty), or these fixes; `tooWide` when it lets in more. */
export type SecretInspection =
  | { kind: 'empty' }
  | { kind: 'keep'; fixes: string[]; tooWide: string | undefined };

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

// The fixes `stats` needs, group before mode, as people read them ("mode 0644 → 0400").
function fixesFor(stats: Stats, wanted: WantedAccess): string[] {
  const fixes: string[] = [];
  if (wanted.group && stats.gid !== wanted.group.gid) {
    fixes.push(`group ${stats.gid} → ${wanted.group.gid} (${wanted.group.name})`);
  }
  const mode = stats.mode & 0o7777;
  if (mode !== wanted.mode) fixes.push(`mode ${formatMode(mode)} → ${formatMode(wanted.mode)}`);
  return fixes;
}

// What about the file lets in more than asked: a permission bit beyond the wanted mode, or group read access
// for another group than the wanted one. Narrower than asked is not "too wide".
function tooWideFor(stats: Stats, wanted: WantedAccess): string | undefined {
  const mode = stats.mode & 0o7777;
  if ((mode & ~wanted.mode) !== 0) return `mode ${formatMode(mode)}`;
  if (wanted.group && stats.gid !== wanted.group.gid && (mode & 0o070) !== 0) {
    return `group ${stats.gid} (not ${wanted.group.name})`;
  }
  return undefined;
}

// Applies what fixesFor describes; group before mode, so no step lets in anyone who is not allowed either
// before or after.
async function correct(
  handle: fsPromises.FileHandle,
  path: string,
  stats: Stats,
  wanted: WantedAccess,
): Promise<string[]> {
  const fixes = fixesFor(stats, wanted);
  if (wanted.group && stats.gid !== wanted.group.gid) {
    await handle.chown(-1, wanted.group.gid).catch(groupError(path, wanted.group));
  }
  if ((stats.mode & 0o7777) !== wanted.mode) await handle.chmod(wanted.mode);
  return fixes;
}

// Opens the secret without following a symlink; the stats come from the open file, not the path.
async function withOpenSecret<T>(
  fs: ReuseFs,
  path: string,
  wanted: WantedAccess,
  use: (handle: fsPromises.FileHandle, stats: Stats) => Promise<T>,
): Promise<T | SecretInspection> {
  let handle: fsPromises.FileHandle;
  try {
    handle = await fs.open(path, CHECK_FLAGS);
  } catch (error) {
    return inspectWithoutOpening(fs, path, wanted, error);
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw unsafeFileError(path, stats);
    if (stats.size === 0) return { kind: 'empty' };
    return await use(handle, stats);
  } catch (error) {
    throw error instanceof NsoMultiError ? error : ioError('correct the permissions of', path, error);
  } finally {
    await closeQuietly(handle);
  }
}

// Looks at the existing secret at `path` without changing anything: what a render would do to it.
export async function inspectExistingSecret(
  fs: ReuseFs,
  path: string,
  wanted: WantedAccess,
): Promise<SecretInspection> {
  return withOpenSecret<SecretInspection>(fs, path, wanted, async (_handle, stats) => ({
    kind: 'keep',
    fixes: fixesFor(stats, wanted),
    tooWide: tooWideFor(stats, wanted),
  }));
}

// Checks the existing secret at `path` and corrects group and mode; 'empty' when it holds no secret to keep.
export async function checkExistingSecret(
  fs: ReuseFs,
  path: string,
  wanted: WantedAccess,
): Promise<string[] | 'empty'> {
  const result = await withOpenSecret(fs, path, wanted, (handle, stats) =>
    correct(handle, path, stats, wanted),
  );
  if (Array.isArray(result)) return result;
  return result.kind === 'empty' ? 'empty' : result.fixes;
}

// The owner cannot open a file whose mode denies them reading (040 owned by a non-root user): without an fd
// we only verify, since changing the mode by path could follow a symlink swapped in meanwhile.
async function inspectWithoutOpening(
  fs: ReuseFs,
  path: string,
  wanted: WantedAccess,
  openError: unknown,
): Promise<SecretInspection> {
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
  if (stats.size === 0) return { kind: 'empty' };
  const fixes = fixesFor(stats, wanted);
  if (fixes.length === 0) return { kind: 'keep', fixes, tooWide: undefined };
  const fix = [`chmod ${formatMode(wanted.mode)} ${path}`];
  if (wanted.group && stats.gid !== wanted.group.gid) fix.unshift(`chgrp ${wanted.group.name} ${path}`);
  throw new NsoMultiError(
    'IO',
    `Cannot correct the permissions of ${path} (${fixes.join(', ')}): permission denied (EACCES)`,
    {
      cause: openError,
      hint: `Fix it by hand: ${fix.join(' && ')}`,
    },
  );
}
