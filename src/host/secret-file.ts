// Creates or checks the IPC access-check secret (ncs-ipc-access-check/filename, NCS_IPC_ACCESS_FILE).
// The secret itself never leaves this module: it is not returned, logged, or put into any error message.
import { randomBytes } from 'node:crypto';
import type { Stats } from 'node:fs';
import type * as fsPromises from 'node:fs/promises';
import { link, lstat, open, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { NsoMultiError } from '../errors.js';
import type { SecretMode } from '../model.js';
import {
  CREATE_NEW_FLAGS,
  closeQuietly,
  removeQuietly,
  syncDir,
  tempPathFor,
  unsafeFileError,
} from './fs-steps.js';
import { lookupGroup } from './groups.js';
import { errnoCode, ioError } from './io-error.js';
import { checkExistingSecret, groupError, type WantedAccess } from './secret-reuse.js';

/** The file functions the secret writer uses; tests swap one for a failing version. */
export type SecretFs = Pick<typeof fsPromises, 'lstat' | 'open' | 'link' | 'rename' | 'unlink'>;

const realFs: SecretFs = { lstat, open, link, rename, unlink };

export interface EnsureSecretFileOptions {
  mode: SecretMode;
  /** Group name or gid; required with mode "040", applied with "0400" too when given. */
  group?: string | number;
  /** Seam for tests. */
  fs?: SecretFs;
}

export interface EnsureSecretFileResult {
  /** A new secret was written (new file, or an empty file refilled). */
  created: boolean;
  /** Each fix made to an existing file, e.g. "mode 0644 → 0400"; never contains the secret. */
  corrected: string[];
}

// link() is how we refuse to replace a file that appeared meanwhile; these codes mean the file system has no links.
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS']);

// NSO's client library hashes the file's bytes with the challenge (MD5); whether either side strips a trailing
// newline is unconfirmed, so the secret is one printable line without newline: 48 random bytes, base64url.
function newSecret(): string {
  return randomBytes(48).toString('base64url');
}

// Turns the spec's mode and group into numbers, failing before anything touches the disk.
async function resolveWanted(path: string, options: EnsureSecretFileOptions): Promise<WantedAccess> {
  const mode = options.mode === '0400' ? 0o400 : 0o040;
  if (options.group === undefined) {
    if (mode === 0o040) {
      throw new NsoMultiError('USAGE', `Secret file ${path} has mode 040 but no group`, {
        hint: 'Name the group that holds the NSO daemon and its clients, or use mode "0400".',
      });
    }
    return { mode, group: undefined };
  }
  const group = await lookupGroup(options.group);
  if (!group) {
    throw new NsoMultiError(
      'USAGE',
      `Group "${options.group}" for secret file ${path} does not exist on this host`,
      {
        hint: 'Create the group (groupadd) or name an existing group or gid.',
      },
    );
  }
  return { mode, group };
}

// Writes a fresh secret into a new file at `temp`, with its final group and mode set before any byte is written.
async function writeSecretFile(
  fs: SecretFs,
  temp: string,
  path: string,
  wanted: WantedAccess,
): Promise<void> {
  let handle: fsPromises.FileHandle | undefined;
  let created = false;
  try {
    // Created with the final mode: the umask can only take bits away, never grant more than the final mode.
    handle = await fs.open(temp, CREATE_NEW_FLAGS, wanted.mode);
    created = true;
    if (wanted.group) await handle.chown(-1, wanted.group.gid).catch(groupError(path, wanted.group));
    await handle.chmod(wanted.mode);
    await handle.writeFile(newSecret());
    await handle.sync();
    await handle.close();
    handle = undefined;
  } catch (error) {
    await closeQuietly(handle);
    if (created) await removeQuietly(temp, fs.unlink);
    throw error instanceof NsoMultiError ? error : ioError('create secret file', path, error);
  }
}

// Puts a complete secret at `path`; returns false when another writer's file got there first (it is kept).
async function placeNewSecret(
  fs: SecretFs,
  path: string,
  wanted: WantedAccess,
  replace: boolean,
): Promise<boolean> {
  const temp = tempPathFor(path);
  await writeSecretFile(fs, temp, path, wanted);
  let outcome: 'linked' | 'renamed' | 'exists';
  try {
    if (replace) {
      await fs.rename(temp, path);
      outcome = 'renamed';
    } else {
      outcome = await linkUnlessExists(fs, temp, path);
    }
  } catch (error) {
    await removeQuietly(temp, fs.unlink);
    throw ioError('create secret file', path, error);
  }
  if (outcome !== 'renamed') {
    // A stray copy of the secret must not stay behind, so a failure to remove it is an error.
    try {
      await fs.unlink(temp);
    } catch (error) {
      throw ioError('remove temporary secret file', temp, error);
    }
  }
  await syncDir(dirname(path));
  return outcome !== 'exists';
}

// Gives `temp` the name `path` only if nothing is there yet; link() fails instead of replacing.
async function linkUnlessExists(
  fs: SecretFs,
  temp: string,
  path: string,
): Promise<'linked' | 'renamed' | 'exists'> {
  try {
    await fs.link(temp, path);
    return 'linked';
  } catch (error) {
    const code = errnoCode(error);
    if (code === 'EEXIST') return 'exists';
    if (code === undefined || !NO_HARD_LINKS.has(code)) throw error;
  }
  // No hard links on this file system: check, then rename (a narrow race we accept there).
  if ((await lstatOrUndefined(fs, path)) !== undefined) return 'exists';
  await fs.rename(temp, path);
  return 'renamed';
}

async function lstatOrUndefined(fs: SecretFs, path: string): Promise<Stats | undefined> {
  try {
    return await fs.lstat(path);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return undefined;
    throw ioError('read', path, error);
  }
}

// Makes sure the IPC secret file exists with exactly the given mode and group, keeping an existing secret.
export async function ensureSecretFile(
  path: string,
  options: EnsureSecretFileOptions,
): Promise<EnsureSecretFileResult> {
  const fs = options.fs ?? realFs;
  const wanted = await resolveWanted(path, options);
  const stats = await lstatOrUndefined(fs, path);
  if (stats && !stats.isFile()) throw unsafeFileError(path, stats);
  if (!stats && (await placeNewSecret(fs, path, wanted, false))) return { created: true, corrected: [] };
  const check = await checkExistingSecret(fs, path, wanted);
  if (check === 'empty') {
    await placeNewSecret(fs, path, wanted, true);
    return { created: true, corrected: ['empty file refilled with a new secret'] };
  }
  return { created: false, corrected: check };
}
