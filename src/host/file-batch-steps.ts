// Putting a batch's temp files in place one by one (or seeing that a file needs none), and taking them out again
// when a later step fails.
import type { Stats } from 'node:fs';
import { constants } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { type BatchFs, backupPathFor, closeQuietly, NO_HARD_LINKS, removeQuietly } from './fs-steps.js';
import { errnoCode, ioError } from './io-error.js';

/** A file written to its temp name, waiting for commit. */
export interface StagedStep {
  path: string;
  temp: string;
  placement: 'replace' | 'create';
  onExisting?: () => Promise<void>;
}

/** What placing one step did, so that it can be undone. */
export interface PlacedStep {
  path: string;
  /** A hard link to the replaced version; undefined when nothing was there (or no hard links exist). */
  backup?: string;
  /** True when the path held nothing before: undoing removes it. */
  created: boolean;
  /** True when the path held a file we could not keep a backup of: undoing is impossible. */
  unrecoverable?: boolean;
}

// O_NOFOLLOW: a symlink swapped in after the lstat fails the open instead of being read through;
// O_NONBLOCK: a named pipe swapped in cannot make the open hang.
const READ_EXISTING_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;

/** The set-group-ID permission bit (S_ISGID), which node's fs.constants do not name. */
const SET_GROUP_ID = 0o2000;

// A rewrite leaves a file owned by this process's user and group, or by the folder's group when the folder
// has the set-group-ID bit; a file owned otherwise is not what a rewrite would leave, so it is rewritten.
async function ownedAsRewritten(fs: BatchFs, path: string, existing: Stats): Promise<boolean> {
  const uid = process.geteuid?.();
  const gid = process.getegid?.();
  if (uid === undefined || gid === undefined || existing.uid !== uid) return false;
  if (existing.gid === gid) return true;
  const folder = await fs.stat(dirname(path)).catch(() => undefined);
  return folder !== undefined && (folder.mode & SET_GROUP_ID) !== 0 && folder.gid === existing.gid;
}

// True when `existing` (the lstat of the regular file at `path`) already is exactly what staging `data` with
// permission bits `mode` would leave there: same size, mode and owner (from the stats, no read), then the same
// bytes. Any doubt (unreadable, another file swapped in since the lstat) answers false: the file is replaced.
export async function alreadyInPlace(
  fs: BatchFs,
  path: string,
  existing: Stats,
  data: string | Uint8Array,
  mode: number,
): Promise<boolean> {
  const size = typeof data === 'string' ? Buffer.byteLength(data, 'utf8') : data.byteLength;
  if (existing.size !== size || (existing.mode & 0o7777) !== mode) return false;
  if (!(await ownedAsRewritten(fs, path, existing))) return false;
  let handle: FileHandle | undefined;
  try {
    handle = await fs.open(path, READ_EXISTING_FLAGS);
    const opened = await handle.stat();
    if (!opened.isFile() || opened.ino !== existing.ino || opened.dev !== existing.dev) return false;
    const current = await handle.readFile();
    return Buffer.compare(current, typeof data === 'string' ? Buffer.from(data, 'utf8') : data) === 0;
  } catch {
    return false;
  } finally {
    await closeQuietly(handle);
  }
}

async function lstatOrUndefined(fs: BatchFs, path: string) {
  try {
    return await fs.lstat(path);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return undefined;
    throw ioError('write', path, error);
  }
}

// Keeps the current version of `path` under a second name, so that a failed batch can put it back.
async function backUp(fs: BatchFs, path: string): Promise<string | undefined> {
  const backup = backupPathFor(path);
  try {
    await fs.link(path, backup);
    return backup;
  } catch (error) {
    const code = errnoCode(error);
    if (code !== undefined && NO_HARD_LINKS.has(code)) return undefined;
    throw ioError('keep the previous version of', path, error);
  }
}

// Renames the temp file over `path`; rename() replaces a symlink that appeared meanwhile instead of following it.
async function placeReplacing(fs: BatchFs, step: StagedStep): Promise<PlacedStep> {
  const existing = await lstatOrUndefined(fs, step.path);
  const backup = existing === undefined ? undefined : await backUp(fs, step.path);
  try {
    await fs.rename(step.temp, step.path);
  } catch (error) {
    if (backup !== undefined) await removeQuietly(backup, fs.unlink);
    throw ioError('write', step.path, error);
  }
  const placed: PlacedStep = { path: step.path, created: existing === undefined };
  if (backup !== undefined) placed.backup = backup;
  else if (existing !== undefined) placed.unrecoverable = true;
  return placed;
}

// Gives the temp file the name `path` only if nothing is there yet: link() fails instead of replacing.
// Returns undefined when another writer's file got there first (it is kept, ours dropped).
async function placeCreating(fs: BatchFs, step: StagedStep): Promise<PlacedStep | undefined> {
  let linked = false;
  try {
    await fs.link(step.temp, step.path);
    linked = true;
  } catch (error) {
    const code = errnoCode(error);
    if (code === 'EEXIST') return undefined;
    if (code === undefined || !NO_HARD_LINKS.has(code)) throw ioError('write', step.path, error);
  }
  if (!linked) {
    // No hard links on this file system: check, then rename (a narrow race we accept there).
    if ((await lstatOrUndefined(fs, step.path)) !== undefined) return undefined;
    try {
      await fs.rename(step.temp, step.path);
    } catch (error) {
      throw ioError('write', step.path, error);
    }
  }
  return { path: step.path, created: true };
}

// Places every step in order, recording each in `placed` as soon as it is done (so a failure can undo it).
export async function commitSteps(fs: BatchFs, steps: StagedStep[], placed: PlacedStep[]): Promise<void> {
  for (const step of steps) {
    if (step.placement === 'replace') {
      placed.push(await placeReplacing(fs, step));
      continue;
    }
    const done = await placeCreating(fs, step);
    if (done !== undefined) placed.push(done);
    // A linked temp is a second name of the file: a stray copy of (say) a secret must not stay behind.
    try {
      await fs.unlink(step.temp);
    } catch (error) {
      if (errnoCode(error) !== 'ENOENT') throw ioError('remove the temporary file', step.temp, error);
    }
    if (done === undefined) await step.onExisting?.();
  }
}

// Undoes placed steps, last first; returns a description of each file that could not be brought back.
export async function undoSteps(fs: BatchFs, placed: PlacedStep[]): Promise<string[]> {
  const failed: string[] = [];
  for (const step of [...placed].reverse()) {
    try {
      if (step.backup !== undefined) await fs.rename(step.backup, step.path);
      else if (step.created) await fs.unlink(step.path);
      else if (step.unrecoverable) failed.push(`${step.path} (no hard links here, so no copy was kept)`);
    } catch (error) {
      const copy = step.backup === undefined ? '' : `, previous version kept as ${step.backup}`;
      failed.push(`${step.path} (${errnoCode(error) ?? String(error)}${copy})`);
    }
  }
  return failed;
}
