// Creates or checks the IPC access-check secret (ncs-ipc-access-check/filename, NCS_IPC_ACCESS_FILE).
// The secret itself never leaves this module: it is not returned, logged, or put into any error message.
import { randomBytes } from 'node:crypto';
import type { Stats } from 'node:fs';
import type * as fsPromises from 'node:fs/promises';
import { NsoMultiError } from '../errors.js';
import { SECRET_MODE_BITS, type SecretMode } from '../model.js';
import { createFileBatch, type FileBatch, realBatchFs } from './file-batch.js';
import { formatMode, unsafeFileError } from './fs-steps.js';
import { lookupGroup } from './groups.js';
import { errnoCode, ioError } from './io-error.js';
import { writeNewFile } from './new-file.js';
import { checkExistingSecret, groupError, inspectExistingSecret, type WantedAccess } from './secret-reuse.js';

/** The file functions the secret writer uses; tests swap one for a failing version. */
export type SecretFs = Pick<typeof fsPromises, 'lstat' | 'open' | 'link' | 'rename' | 'unlink'>;

export interface EnsureSecretFileOptions {
  mode: SecretMode;
  /** Group name or gid; required with modes "0440" and "040", applied with "0400" too when given. */
  group?: string | number;
  /** Refuse (UNSAFE_PATH) an existing file that lets in more than asked instead of correcting it. */
  strict?: boolean;
  /** Seam for tests. */
  fs?: SecretFs;
}

export interface EnsureSecretFileResult {
  /** A new secret was written (new file, or an empty file refilled). */
  created: boolean;
  /** Each fix made to an existing file, e.g. "mode 0644 → 0400"; never contains the secret. */
  corrected: string[];
}

// NSO's client library hashes the file's bytes with the challenge (MD5); whether either side strips a trailing
// newline is unconfirmed, so the secret is one printable line without newline: 48 random bytes, base64url.
function newSecret(): string {
  return randomBytes(48).toString('base64url');
}

// Turns the spec's mode and group into numbers, failing before anything touches the disk.
async function resolveWanted(path: string, options: EnsureSecretFileOptions): Promise<WantedAccess> {
  const mode = SECRET_MODE_BITS[options.mode];
  if (options.group === undefined) {
    if (options.mode !== '0400') {
      throw new NsoMultiError('USAGE', `Secret file ${path} has mode ${options.mode} but no group`, {
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
  const { group } = wanted;
  await writeNewFile(fs, temp, path, newSecret(), {
    // Created with the final mode: the umask can only take bits away, never grant more than the final mode.
    mode: wanted.mode,
    action: 'create secret file',
    ...(group ? { prepare: (handle) => handle.chown(-1, group.gid).catch(groupError(path, group)) } : {}),
  });
}

async function lstatOrUndefined(fs: SecretFs, path: string): Promise<Stats | undefined> {
  try {
    return await fs.lstat(path);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return undefined;
    throw ioError('read', path, error);
  }
}

// --strict: a secret others could read may be known to them; say so and change nothing.
function tooWideError(path: string, found: string, wanted: WantedAccess): NsoMultiError {
  const asked = `mode ${formatMode(wanted.mode)}${wanted.group ? ` and group ${wanted.group.name}` : ''}`;
  const fix = [`chmod ${formatMode(wanted.mode)} ${path}`];
  if (wanted.group) fix.unshift(`chgrp ${wanted.group.name} ${path}`);
  return new NsoMultiError(
    'UNSAFE_PATH',
    `Secret file ${path} has ${found}, wider than the ${asked} the spec asks; nothing was changed (--strict)`,
    {
      hint: `Whoever could read it may know the secret: remove it (rm ${path}) so that a new one is written, or fix it by hand (${fix.join(' && ')}); without --strict nso-multi corrects it with a warning.`,
    },
  );
}

/** What staging a secret found; `corrected` is final only after the batch is committed. */
export type StagedSecret = EnsureSecretFileResult;

// Stages the IPC secret in `batch`: a new file when there is none (or it is empty); the fixes an existing one
// needs are applied once the batch's files are in place. Refuses a symlink or foreign file, and with `strict`
// a file that lets in more than asked, before anything changes.
export async function stageSecretFile(
  batch: FileBatch,
  path: string,
  options: Omit<EnsureSecretFileOptions, 'fs'>,
): Promise<StagedSecret> {
  const fs = batch.fs;
  const wanted = await resolveWanted(path, options);
  const result: StagedSecret = { created: false, corrected: [] };
  const checkTheirs = async () => {
    // Another writer's file got there first: keep its secret, give it our mode.
    const check = await checkExistingSecret(fs, path, wanted);
    result.created = false;
    result.corrected = check === 'empty' ? [] : check;
  };
  const stats = await lstatOrUndefined(fs, path);
  if (stats && !stats.isFile()) throw unsafeFileError(path, stats);
  if (!stats) {
    await batch.stageWith(path, { placement: 'create', onExisting: checkTheirs }, (temp) =>
      writeSecretFile(fs, temp, path, wanted),
    );
    result.created = true;
    return result;
  }
  const inspection = await inspectExistingSecret(fs, path, wanted);
  if (inspection.kind === 'empty') {
    await batch.stageWith(path, { placement: 'replace' }, (temp) => writeSecretFile(fs, temp, path, wanted));
    return { created: true, corrected: ['empty file refilled with a new secret'] };
  }
  if (options.strict && inspection.tooWide !== undefined)
    throw tooWideError(path, inspection.tooWide, wanted);
  if (inspection.fixes.length > 0) {
    batch.afterPlacing(async () => {
      const applied = await checkExistingSecret(fs, path, wanted);
      result.corrected = applied === 'empty' ? [] : applied;
    });
    result.corrected = inspection.fixes;
  }
  return result;
}

// Makes sure the IPC secret file exists with exactly the given mode and group, keeping an existing secret.
export async function ensureSecretFile(
  path: string,
  options: EnsureSecretFileOptions,
): Promise<EnsureSecretFileResult> {
  const batch = createFileBatch({ fs: { ...realBatchFs, ...options.fs } });
  try {
    const result = await stageSecretFile(batch, path, options);
    await batch.commit();
    return result;
  } finally {
    await batch.abort();
  }
}
